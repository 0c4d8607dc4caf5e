package io.modelfleet.bench;

import io.modelfleet.launcher.FreezePolicy;
import io.modelfleet.launcher.LaunchEvent;
import io.modelfleet.launcher.LaunchRecord;
import io.modelfleet.launcher.LaunchSettings;
import io.modelfleet.launcher.LaunchState;
import io.modelfleet.launcher.Launches;
import io.modelfleet.launcher.SimulatedFleet;
import io.modelfleet.registry.Launch;
import io.modelfleet.registry.Lifecycle;
import io.modelfleet.registry.Model;
import io.modelfleet.registry.Registry;
import io.modelfleet.registry.RegistryLoader;
import io.modelfleet.registry.generate.RegistryGenerator;
import io.modelfleet.scheduler.Database;
import io.modelfleet.scheduler.SchedulerSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Drives launches of a generated fleet's models (eight teams, as the sample) through the whole workflow on the simulated fleet,
 * with the controller ticking every five simulated minutes, on the default embedded database (an H2
 * file). Up to {@code open} launches are open at once; a model gets its next launch when its last
 * one ends. Reports the tick's wall time at that load, ticks per second, launches completed per
 * simulated week, and the most ticks any step waited after it was due.
 *
 * <p>Baseline, on the same database in the same run: the least a controller that gives each launch
 * its own transaction must do per tick — list the open launches, then per launch lock its row and
 * update it, one commit each. The ratio says what the workflow costs beyond that floor.
 *
 * <p>Usage: LaunchControllerBench [LAUNCHES] [OPEN]
 */
public final class LaunchControllerBench {
    private static final Duration TICK = Duration.ofMinutes(5);

    private LaunchControllerBench() {}

    public static void main(String[] args) throws Exception {
        int total = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int open = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        // One launch per model: a finished launch's registry change is not committed here, and the workflow
        // refuses a new launch of a model whose fleet serves a version the registry does not say. The sample
        // fleet has 70 active models; a generated fleet of its eight teams has one per launch (a quarter
        // of generated models are not active).
        Path registryDir = Files.createTempDirectory("launch-bench-registry");
        RegistryGenerator.generate(registryDir, Math.max(open * 4, total * 3 / 2), 8, 20261130);
        long loadStart = System.nanoTime();
        Registry registry = RegistryLoader.loadValid(registryDir);
        double loadMs = (System.nanoTime() - loadStart) / 1e6;
        Path state = Files.createTempDirectory("launch-bench");
        SchedulerSettings settings = SchedulerSettings.defaults(state);
        Database database = new Database(settings.database(), settings.user(), settings.password());
        Launches.createTables(database);
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-01T00:00:00Z"));
        Instant start = now.get();
        SimulatedFleet.Settings fleetSettings =
                new SimulatedFleet.Settings(20, 0.02, Duration.ofMinutes(2), 5, Duration.ofMinutes(60));
        Launches launches = new Launches(
                database,
                () -> registry,
                new SimulatedFleet(fleetSettings),
                FreezePolicy.NONE,
                now::get,
                new LaunchSettings(Duration.ofHours(72), state.resolve("changes"), fleetSettings));
        List<Model> models = registry.models().stream()
                .filter(m -> m.lifecycle() == Lifecycle.ACTIVE)
                .toList();
        Deque<Model> free = new ArrayDeque<>(models);
        Map<String, Integer> versions = new HashMap<>();
        Set<String> busy = new HashSet<>();
        List<Double> loadedTicks = new ArrayList<>();
        List<Double> allTicks = new ArrayList<>();
        int submitted = 0;
        long stepsMoved = 0;
        System.out.printf(
                Locale.ROOT,
                "%d active models of %s in %d teams; %d launches, up to %d open; registry loaded in %.0f ms%n",
                models.size(),
                registryDir,
                registry.teams().size(),
                total,
                open,
                loadMs);
        while (true) {
            // Keep `open` launches going: submit and approve new ones for models without an open launch.
            List<LaunchRecord> openNow = launches.open();
            busy.clear();
            openNow.forEach(l -> busy.add(l.model()));
            int toOpen = Math.min(open - openNow.size(), total - submitted);
            for (int i = 0; i < toOpen && !free.isEmpty(); i++) {
                Model model = free.pollFirst();
                if (busy.contains(model.id())) {
                    continue;
                }
                int version = versions.merge(model.id(), 1, Integer::sum) + 100;
                String id = model.id() + "_b" + version;
                launches.submit(
                        request(model, id, "v" + version),
                        new LaunchRecord.Estimate("bench-" + id, LaunchRecord.Estimate.FITS, 2, "bench", "{}"),
                        2);
                for (Launches.Requirement requirement : launches.view(id).approvals()) {
                    launches.approve(id, requirement.approvers().get(0));
                }
                busy.add(model.id());
                submitted++;
            }
            int openCount = launches.open().size();
            if (openCount == 0 && (submitted >= total || free.isEmpty())) {
                break;
            }
            long tickStart = System.nanoTime();
            List<Launches.Step> steps = launches.tick("bench");
            double ms = (System.nanoTime() - tickStart) / 1e6;
            allTicks.add(ms);
            if (openCount >= open * 0.9) {
                loadedTicks.add(ms);
            }
            stepsMoved += steps.stream().filter(Launches.Step::moved).count();
            now.set(now.get().plus(TICK));
        }
        Duration simulated = Duration.between(start, now.get());
        List<LaunchEvent> events = launches.events();
        long done = launches.all().stream()
                .filter(l -> l.state() == LaunchState.DONE)
                .count();
        long maxLagTicks = maxLagTicks(launches.all(), events);
        double baselineMs = baseline(database, open);
        double[] loaded =
                loadedTicks.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double totalSeconds = allTicks.stream().mapToDouble(Double::doubleValue).sum() / 1000;
        System.out.printf(
                Locale.ROOT,
                "ticks: %d (%.1f per second of controller time), %d steps moved, %d events%n",
                allTicks.size(),
                allTicks.size() / totalSeconds,
                stepsMoved,
                events.size());
        System.out.printf(
                Locale.ROOT,
                "tick with >= %d open launches (%d ticks): median %.1f ms, p95 %.1f ms, max %.1f ms%n",
                (int) (open * 0.9),
                loaded.length,
                pct(loaded, 0.5),
                pct(loaded, 0.95),
                loaded[loaded.length - 1]);
        List<Double> warm = loadedTicks.subList(Math.min(20, loadedTicks.size()), loadedTicks.size());
        System.out.printf(
                Locale.ROOT,
                "  max over the first 20 ticks (cold JIT and H2 caches): %.1f ms; over the ticks after them: %.1f ms%n",
                loadedTicks.subList(0, Math.min(20, loadedTicks.size())).stream()
                        .mapToDouble(Double::doubleValue)
                        .max()
                        .orElse(0),
                warm.stream().mapToDouble(Double::doubleValue).max().orElse(0));
        System.out.printf(
                Locale.ROOT,
                "baseline (list + lock-and-update each of %d rows, one commit each): median %.1f ms;"
                        + " tick / baseline = %.1fx%n",
                open,
                baselineMs,
                pct(loaded, 0.5) / baselineMs);
        long reloadStart = System.nanoTime();
        for (int i = 0; i < 5; i++) {
            RegistryLoader.loadValid(registryDir);
        }
        System.out.printf(
                Locale.ROOT,
                "registry reload, warm: %.0f ms (the scheduler's job reloads it on every tick)%n",
                (System.nanoTime() - reloadStart) / 5e6);
        System.out.printf(
                Locale.ROOT,
                "launches done: %d of %d in %.1f simulated days: %.0f per simulated week%n",
                done,
                submitted,
                simulated.toMinutes() / 1440.0,
                done / (simulated.toMinutes() / 10080.0));
        System.out.printf(Locale.ROOT, "longest wait on the controller after a bake ended: %d tick(s)%n", maxLagTicks);
        database.shutdown();
    }

    private static Launch request(Model model, String id, String version) {
        return new Launch(
                id,
                model.id(),
                "bench@example.com",
                "A benchmark launch of the next version.",
                new Launch.Candidate(
                        version,
                        "s3://bench/" + id,
                        OptionalLong.of(2),
                        Optional.of(model.serving().resources()),
                        OptionalLong.empty(),
                        OptionalDouble.empty(),
                        model.serving().scorer()),
                List.of(
                        new Launch.Step(1, 60),
                        new Launch.Step(5, 60),
                        new Launch.Step(25, 120),
                        new Launch.Step(50, 120),
                        new Launch.Step(100, 0)),
                Optional.empty(),
                "launches/" + id + ".yaml");
    }

    /** The most whole ticks a traffic step happened after its bake ended: 0 means at the first tick that could. */
    private static long maxLagTicks(List<LaunchRecord> all, List<LaunchEvent> events) {
        Map<String, LaunchRecord> byId = new HashMap<>();
        all.forEach(l -> byId.put(l.id(), l));
        Map<String, List<LaunchEvent>> byLaunch = new HashMap<>();
        events.forEach(e ->
                byLaunch.computeIfAbsent(e.launch(), k -> new ArrayList<>()).add(e));
        long worst = 0;
        for (Map.Entry<String, List<LaunchEvent>> entry : byLaunch.entrySet()) {
            List<Launch.Step> plan = byId.get(entry.getKey()).trafficPlan();
            List<LaunchEvent> shifting = entry.getValue().stream()
                    .filter(e -> e.from().equals("SHIFTING") || e.to().equals("SHIFTING"))
                    .toList();
            for (int i = 1; i < shifting.size(); i++) {
                Instant due = shifting.get(i - 1)
                        .at()
                        .plus(Duration.ofMinutes(plan.get(i - 1).bakeMinutes()));
                long late = Duration.between(due, shifting.get(i).at()).toMillis();
                worst = Math.max(worst, Math.max(0, (late - 1) / TICK.toMillis()));
            }
        }
        return worst;
    }

    /** The floor: list the open rows, then per row lock it and update it in its own transaction. */
    private static double baseline(Database database, int rows) throws Exception {
        try (Connection c = database.connect()) {
            c.createStatement()
                    .execute("CREATE TABLE BENCH_FLOOR (ID VARCHAR(80) PRIMARY KEY, STATE VARCHAR(16), VERSION INT)");
            for (int i = 0; i < rows; i++) {
                c.createStatement().execute("INSERT INTO BENCH_FLOOR VALUES ('l" + i + "', 'SHIFTING', 0)");
            }
        }
        double[] runs = new double[50];
        for (int run = 0; run < runs.length; run++) {
            long t0 = System.nanoTime();
            List<String> ids = new ArrayList<>();
            try (Connection c = database.connect();
                    ResultSet r =
                            c.createStatement().executeQuery("SELECT ID FROM BENCH_FLOOR WHERE STATE <> 'DONE'")) {
                while (r.next()) {
                    ids.add(r.getString(1));
                }
            }
            for (String id : ids) {
                try (Connection c = database.connect()) {
                    c.setAutoCommit(false);
                    try (PreparedStatement lock =
                                    c.prepareStatement("SELECT VERSION FROM BENCH_FLOOR WHERE ID = ? FOR UPDATE");
                            PreparedStatement update =
                                    c.prepareStatement("UPDATE BENCH_FLOOR SET VERSION = VERSION + 1 WHERE ID = ?")) {
                        lock.setString(1, id);
                        lock.executeQuery().close();
                        update.setString(1, id);
                        update.executeUpdate();
                    }
                    c.commit();
                }
            }
            runs[run] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(runs);
        return pct(runs, 0.5);
    }

    private static double pct(double[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(q * sorted.length))];
    }
}
