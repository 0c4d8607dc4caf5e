package io.modelfleet.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelfleet.cli.Config;
import io.modelfleet.cli.spark.launch.LaunchBacktestCommand;
import io.modelfleet.cli.spark.launch.LaunchPlatform;
import io.modelfleet.cli.spark.launch.PlannedBakes;
import io.modelfleet.cli.spark.render.LaunchEstimateReport;
import io.modelfleet.core.Hour;
import io.modelfleet.core.Location;
import io.modelfleet.core.ModelfleetErrors;
import io.modelfleet.core.ModelfleetException;
import io.modelfleet.core.gate.CandidateQuality;
import io.modelfleet.jobs.SparkSessions;
import io.modelfleet.jobs.predictions.CandidateTraffic;
import io.modelfleet.jobs.predictions.PredictionLogGenerator;
import io.modelfleet.launch.actions.EstimateLaunch;
import io.modelfleet.launch.actions.SparkLaunchActions;
import io.modelfleet.launcher.BakePlan;
import io.modelfleet.launcher.GateLook;
import io.modelfleet.launcher.LaunchEvent;
import io.modelfleet.launcher.LaunchRecord;
import io.modelfleet.launcher.LaunchState;
import io.modelfleet.launcher.Launches;
import io.modelfleet.launcher.ServingFleet;
import io.modelfleet.registry.FunnelStage;
import io.modelfleet.registry.Launch;
import io.modelfleet.registry.Lifecycle;
import io.modelfleet.registry.Model;
import io.modelfleet.registry.Registry;
import io.modelfleet.registry.RegistryLoader;
import io.modelfleet.registry.Tier;
import io.modelfleet.scheduler.SchedulerSettings;
import io.modelfleet.scheduler.SpentBudgets;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.SparkSession;

/**
 * The demo's launch workflow: the estimated feed launch is submitted, approved by the right people
 * (a wrong one refused), prepared on the simulated fleet and shifted step by step to DONE, on a
 * clock the demo moves; then a launch of the same team without an exemption is held by the launch
 * freeze its spent budget imposes.
 */
final class LaunchWorkflowDemo {
    private static final DateTimeFormatter CLOCK =
            DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);
    private static final String EXEMPTION_APPROVER = "ml-platform-lead";
    private static final Pattern MAJOR = Pattern.compile("^v([0-9]+)");

    private LaunchWorkflowDemo() {}

    /** What the workflow part did. */
    record Launched(
            String launch,
            String state,
            int events,
            String registryChange,
            String frozenLaunch,
            String frozenState,
            String frozenBy,
            String gatedLaunch,
            String gatedState) {}

    /** The launch the gate rolled back. */
    record RolledBack(String launch, String state) {}

    static Launched run(
            PrintWriter out, PrintWriter err, Path dir, LaunchDemo.Outcome estimated, String master, String command) {
        Config config = Config.load(dir.resolve(Config.FILE_NAME));
        SchedulerSettings settings = SchedulerSettings.from(config.scheduler(), config.state());
        Path registryDir = config.registry();
        Registry registry = RegistryLoader.loadValid(registryDir);
        Launch request = registry.launches().stream()
                .filter(l -> l.model().equals(estimated.summary().model()))
                .findFirst()
                .orElseThrow(() -> ModelfleetErrors.demoNeeds(
                        "a launch request of " + estimated.summary().model()));
        Model production = registry.model(request.model()).orElseThrow();
        EstimateLaunch.Result estimate = estimated.result();
        Model.Serving asked = request.candidateEntry(production).serving();
        if (!asked.scorer().equals(estimated.candidate().serving().scorer())
                || !asked.version().equals(estimated.candidate().serving().version())) {
            throw ModelfleetErrors.demoNeeds(
                    "launches/" + request.id() + ".yaml to ask for the candidate the demo estimated");
        }
        // The freeze: the launch replaces the model whose budget step 6 found spent, so the team asks for an exemption.
        Path requestFile = registryDir.resolve(request.file());
        append(requestFile, """
                exemption:                          # added by the demo: v4 repairs v3's calibration
                  kind: quality-fix
                  reason: v4 is trained with the calibration fix for the drift that spent v3's budget (RANK-5188).
                  approved_by: %s
                """.formatted(EXEMPTION_APPROVER));
        registry = RegistryLoader.loadValid(registryDir);
        request = registry.launch(request.id()).orElseThrow();
        Registry[] current = {registry};
        // The fleet simulator's logs of the launched models, hour by hour at the fleet's weights.
        Location launchLogs = Location.of(dir.resolve("launch-logs"));
        // Yesterday, just after midnight: the launches below take most of a simulated day, and their events
        // must not lie in the future of whoever reads them afterwards.
        AtomicReference<Instant> now = new AtomicReference<>(Instant.now()
                .truncatedTo(ChronoUnit.DAYS)
                .minus(Duration.ofDays(1))
                .plus(Duration.ofMinutes(5)));
        InstantSource clock = now::get;
        SparkSession[] spark = {null};
        try (LaunchPlatform platform = new LaunchPlatform(
                settings,
                () -> current[0],
                config.warehouse(),
                launchLogs,
                () -> {
                    if (spark[0] == null) {
                        spark[0] = SparkSessions.create(master, "modelfleet-demo");
                    }
                    return spark[0];
                },
                clock)) {
            Launches launches = platform.launches();
            out.println("9. Launch workflow: the request is config as code, " + registryDir.relativize(requestFile)
                    + " (kind Launch, checked by 'registry validate').");
            out.println("   Step 6 found " + production.id() + "'s budget spent: "
                    + production.owner().team() + "'s launches are frozen. v4 fixes v3's calibration,");
            out.println("   so the request carries a quality-fix exemption approved by " + EXEMPTION_APPROVER
                    + " (the platform team).");
            LaunchRecord.Estimate recorded = LaunchPlatform.estimate(
                    estimate.estimate(),
                    LaunchEstimateReport.evidence(estimate.estimate(), estimate.warehouse(), estimate.seconds()));
            LaunchRecord submitted = launches.submit(
                    request, recorded, request.candidate().replicas().orElse(recorded.replicas()));
            out.printf(
                    Locale.ROOT,
                    "   %s  submitted by %s with estimate %s (%s, %d replicas): %s%n",
                    time(now.get()),
                    submitted.requestedBy(),
                    recorded.estimateId().substring(0, 8),
                    recorded.verdict(),
                    recorded.replicas(),
                    submitted.state());
            out.println("          waits for " + submitted.waitingFor());
            printPlan(out, platform, config, registry, request);
            now.set(now.get().plus(Duration.ofMinutes(10)));
            approve(out, launches, request.id(), request.requestedBy(), now.get());
            approve(out, launches, request.id(), "reels-ranking-lead", now.get());
            approve(out, launches, request.id(), "feed-ranking-lead", now.get());
            now.set(now.get().plus(Duration.ofMinutes(20)));
            approve(out, launches, request.id(), "ml-platform-sre", now.get());
            out.println("   the controller (the scheduler's launch-controller job, or 'launch advance') moves it on,"
                    + " one step per tick:");
            out.println("   (the fleet simulator writes each hour's logs of both versions at the fleet's weights to "
                    + dir.relativize(launchLogs.localPath().orElseThrow())
                    + "/; the gate reads them once their labels are in)");
            FleetLogs feedLogs = new FleetLogs(
                    platform,
                    registry,
                    launchLogs,
                    request.model(),
                    request.candidate().version(),
                    CandidateQuality.GOOD,
                    now.get());
            LaunchRecord done = drive(out, launches, request.id(), now, feedLogs);
            printGate(out, launches.view(request.id()));
            Launches.View view = launches.view(request.id());
            Path change = config.state().resolve("registry-changes").resolve(request.id());
            out.println("   registry change for a person to commit, in " + change + ":");
            printFields(out, view.events().get(view.events().size() - 1));
            out.println(
                    "     (replicas as step 8 sized them for the recorded traffic, which is a sample of production's)");
            out.println();

            // A second launch of the same team, without an exemption: the freeze holds it.
            Model other = registry.models().stream()
                    .filter(m -> m.owner().team().equals(production.owner().team())
                            && m.lifecycle() == Lifecycle.ACTIVE
                            // another stage of the same funnel (sourcing is sized from its own metrics, not replayed)
                            && m.funnelStage() == FunnelStage.ESR)
                    .max(Comparator.comparing(Model::id))
                    .orElseThrow(() -> ModelfleetErrors.demoNeeds("an active early-stage ranking model of "
                            + production.owner().team()));
            String nextVersion = nextVersion(other.serving().version());
            String frozenId = other.id() + "_" + nextVersion;
            Path frozenFile = registryDir.resolve("launches/" + frozenId + ".yaml");
            write(frozenFile, """
                    kind: Launch
                    id: %s
                    model: %s
                    requested_by: priya@example.com
                    reason: Retrained on last week's impressions (RANK-5301); offline NE -0.2%%.
                    candidate:
                      version: %s
                      artifact: %s
                      scorer: {kind: %s, input_width: %d%s}
                    traffic_plan:
                      - {percent: 5, bake_minutes: 60}
                      - {percent: 100, bake_minutes: 0}
                    """.formatted(
                            frozenId,
                            other.id(),
                            nextVersion,
                            other.serving().artifact().replace(other.serving().version(), nextVersion),
                            other.serving().scorer().kind().name().toLowerCase(Locale.ROOT),
                            other.serving().scorer().inputWidth(),
                            other.serving().scorer().hidden().isEmpty()
                                    ? ""
                                    : ", hidden: " + other.serving().scorer().hidden()));
            current[0] = RegistryLoader.loadValid(registryDir);
            Launch frozenRequest = current[0].launch(frozenId).orElseThrow();
            out.println("10. Launch freeze: the same team asks to launch " + other.id() + " " + nextVersion + " ("
                    + registryDir.relativize(frozenFile) + "), with no exemption.");
            err.println("   estimating it...");
            EstimateLaunch.Result frozenEstimate = SparkLaunchActions.get(platform.spark())
                    .estimateLaunch(current[0])
                    .candidate(frozenRequest.candidateEntry(other), other.id())
                    .traffic(config.traffic())
                    .samplesPerHour(LaunchDemo.SAMPLES_PER_HOUR / 4)
                    .warehouse(config.warehouse())
                    .hardware(config.hardware())
                    .execute();
            LaunchRecord.Estimate frozenRecorded = LaunchPlatform.estimate(
                    frozenEstimate.estimate(),
                    LaunchEstimateReport.evidence(
                            frozenEstimate.estimate(), frozenEstimate.warehouse(), frozenEstimate.seconds()));
            launches.submit(frozenRequest, frozenRecorded, frozenRecorded.replicas());
            out.printf(
                    Locale.ROOT,
                    "    submitted with estimate %s (%s, %d replicas)%n",
                    frozenRecorded.estimateId().substring(0, 8),
                    frozenRecorded.verdict(),
                    frozenRecorded.replicas());
            LaunchRecord frozen = launches.approve(frozenId, "feed-ranking-tl").launch();
            out.println("    feed-ranking-tl approves -> " + frozen.state());
            out.println("    " + frozen.waitingFor());
            out.println("    it moves on by itself once the budget recovers (the controller checks on every tick).");
            out.println();

            RolledBack rolledBack = rollbackByGate(out, err, platform, config, registryDir, current, now, launchLogs);
            out.println();
            backtest(out, err, platform, current[0], config);

            int published = platform.publish();
            out.println();
            out.println("    Every step, with actor and reason, is in launch_events (" + published + " events), every"
                    + " look of the gate in launch_gates:");
            out.println(
                    "    " + command + " --config " + dir.resolve(Config.FILE_NAME)
                            + " sql \"SELECT launch_id, seq, from_state, to_state, actor, reason FROM launch_events ORDER BY at, seq\"");
            out.println("    " + command + " --config " + dir.resolve(Config.FILE_NAME) + " launch status --all");
            out.println("    " + command + " --config " + dir.resolve(Config.FILE_NAME) + " launch status "
                    + rolledBack.launch());
            out.flush();
            return new Launched(
                    done.id(),
                    done.state().name(),
                    view.events().size(),
                    change.toString(),
                    frozenId,
                    frozen.state().name(),
                    frozen.waitingFor(),
                    rolledBack.launch(),
                    rolledBack.state());
        }
    }

    private static void approve(PrintWriter out, Launches launches, String id, String who, Instant now) {
        try {
            Launches.ApprovalOutcome outcome = launches.approve(id, who);
            out.printf(
                    Locale.ROOT,
                    "   %s  %s approves: %s%n",
                    time(now),
                    who,
                    outcome.launch().state() == LaunchState.ESTIMATED
                            ? outcome.message()
                            : outcome.launch().state()
                                    + (launches.view(id)
                                                    .events()
                                                    .get(2)
                                                    .reason()
                                                    .contains("exemption")
                                            ? " (the launch freeze lifted by its exemption)"
                                            : ""));
        } catch (ModelfleetException e) {
            out.printf(Locale.ROOT, "   %s  %s approves: refused - %s%n", time(now), who, e.getMessage());
        }
    }

    /** Ticks the controller, moving the clock on while nothing moves, until the launch ends. */
    private static LaunchRecord drive(
            PrintWriter out, Launches launches, String id, AtomicReference<Instant> now, FleetLogs logs) {
        for (int tick = 0; tick < 4000; tick++) {
            logs.catchUp(now.get(), launches.view(id).deployments());
            for (Launches.Step step : launches.tick("demo-controller")) {
                if (step.moved() && step.launch().equals(id)) {
                    LaunchEvent event = last(launches, id);
                    out.printf(
                            Locale.ROOT,
                            "   %s  %-22s %s%n",
                            time(now.get()),
                            step.from() == step.to() ? step.to().name() : step.from() + " -> " + step.to(),
                            event.reason());
                }
            }
            LaunchRecord launch = launches.view(id).launch();
            if (launch.state().isEnd()) {
                return launch;
            }
            now.set(now.get().plus(Duration.ofMinutes(5)));
        }
        throw new IllegalStateException("the demo launch did not finish");
    }

    /**
     * The fleet simulator's traffic for one launched model: each whole hour's prediction logs, the
     * candidate at its share of the fleet's weights at the end of the hour (a step's first, split
     * hour is not counted by the gate), labels all in.
     */
    static final class FleetLogs {
        private final LaunchPlatform platform;
        private final Registry registry;
        private final Location out;
        private final String model;
        private final String candidate;
        private final CandidateQuality quality;
        private Instant through;

        FleetLogs(
                LaunchPlatform platform,
                Registry registry,
                Location out,
                String model,
                String candidate,
                CandidateQuality quality,
                Instant start) {
            this.platform = platform;
            this.registry = registry;
            this.out = out;
            this.model = model;
            this.candidate = candidate;
            this.quality = quality;
            this.through = start.truncatedTo(ChronoUnit.HOURS);
        }

        void catchUp(Instant now, List<ServingFleet.Deployment> fleet) {
            double share = fleet.stream()
                            .filter(d -> d.version().equals(candidate))
                            .mapToDouble(ServingFleet.Deployment::percent)
                            .findFirst()
                            .orElse(0)
                    / 100;
            while (!through.plus(Duration.ofHours(1)).isAfter(now)) {
                new PredictionLogGenerator(platform.spark(), registry, 20261130, 1.0, 1.0, List.of())
                        .only(model)
                        .candidates(
                                share > 0
                                        ? List.of(new CandidateTraffic(model, candidate, quality, share, Map.of()))
                                        : List.of())
                        .write(List.of(Hour.of(through)), out);
                through = through.plus(Duration.ofHours(1));
            }
        }
    }

    private static void printPlan(
            PrintWriter out, LaunchPlatform platform, Config config, Registry registry, Launch request) {
        Optional<PlannedBakes.Planned> planned =
                PlannedBakes.of(platform.spark(), config.warehouse(), registry, request);
        if (planned.isEmpty()) {
            return;
        }
        out.printf(
                Locale.ROOT,
                "          planned bakes, from %d h of %s in slo_hourly (%,d events/h); gate: NE %s%%, |ln cal| %.3f,"
                        + " alpha %s:%n",
                planned.get().hours(),
                request.model(),
                planned.get().eventsPerHour(),
                Launches.plain(planned.get().gate().neMargin() * 100),
                planned.get().gate().calibrationMargin(),
                Launches.plain(planned.get().gate().alpha()));
        BakePlan.describe(planned.get().steps(), request.trafficPlan(), platform.attributionWindow())
                .forEach(line -> out.println("            " + line));
    }

    /** The gate's looks in short: per look, each metric's difference against its margin and the decision. */
    private static void printGate(PrintWriter out, Launches.View view) {
        out.println("   the gate's looks (launch_gates; 'launch status "
                + view.launch().id() + "' shows them whole):");
        Map<Integer, List<GateLook>> looks = new TreeMap<>();
        view.gates()
                .forEach(g ->
                        looks.computeIfAbsent(g.look(), k -> new ArrayList<>()).add(g));
        for (List<GateLook> look : looks.values()) {
            GateLook first = look.get(0);
            StringBuilder line = new StringBuilder(String.format(
                    Locale.ROOT,
                    "     look %d, step %d at %s%%, %d h, %,d+%,d events:",
                    first.look(),
                    first.step() + 1,
                    Launches.plain(first.percent()),
                    Duration.between(first.from(), first.through()).toHours(),
                    first.productionEvents(),
                    first.candidateEvents()));
            for (GateLook g : look) {
                if (g.metric().equals("latency_p99_ms")) {
                    line.append(
                            String.format(Locale.ROOT, " served p99 %.1f ms vs %.0f ms;", g.candidate(), g.margin()));
                } else if (!g.metric().equals("events")) {
                    line.append(String.format(
                            Locale.ROOT,
                            " %s %+.4f [%+.4f, %+.4f] vs %.4f;",
                            g.metric().equals("ne") ? "NE" : "|ln cal|",
                            g.estimate(),
                            g.lower(),
                            g.upper(),
                            g.margin()));
                }
            }
            line.append(' ').append(first.stepDecision());
            out.println(line);
        }
    }

    /** A miscalibrated candidate of a team whose budgets are fine: the gate rolls it back at its first step. */
    private static RolledBack rollbackByGate(
            PrintWriter out,
            PrintWriter err,
            LaunchPlatform platform,
            Config config,
            Path registryDir,
            Registry[] current,
            AtomicReference<Instant> now,
            Location launchLogs) {
        Registry registry = current[0];
        SpentBudgets budgets = new SpentBudgets(platform::spark, config.warehouse());
        Model model = registry.models().stream()
                .filter(m -> m.lifecycle() == Lifecycle.ACTIVE
                        && m.funnelStage() == FunnelStage.LSR
                        && m.tier() == Tier.TIER1)
                .filter(m ->
                        registry.launches().stream().noneMatch(l -> l.model().equals(m.id())))
                .filter(m -> budgets.holding(m.owner().team(), now.get()).isEmpty())
                .min(Comparator.comparing(Model::id))
                .orElseThrow(
                        () -> ModelfleetErrors.demoNeeds("an active TIER1 lsr model whose team's budgets are fine"));
        String version = nextVersion(model.serving().version());
        String id = model.id() + "_" + version + "_recal";
        Path file = registryDir.resolve("launches/" + id + ".yaml");
        CandidateQuality quality = CandidateQuality.parse("miscalibrated:1.3");
        write(file, """
                kind: Launch
                id: %s
                model: %s
                requested_by: lena@example.com
                reason: New calibration layer trained on a biased sample (RANK-5402); nobody has noticed yet.
                candidate:
                  version: %s
                  artifact: %s
                  scorer: {kind: %s, input_width: %d%s}
                traffic_plan:
                  - {percent: 25, bake_minutes: 60, max_bake_minutes: 2880}
                  - {percent: 50, bake_minutes: 60, max_bake_minutes: 2880}
                  - {percent: 100, bake_minutes: 30}
                """.formatted(
                        id,
                        model.id(),
                        version,
                        model.serving().artifact().replace(model.serving().version(), version),
                        model.serving().scorer().kind().name().toLowerCase(Locale.ROOT),
                        model.serving().scorer().inputWidth(),
                        model.serving().scorer().hidden().isEmpty()
                                ? ""
                                : ", hidden: " + model.serving().scorer().hidden()));
        current[0] = RegistryLoader.loadValid(registryDir);
        Launch request = current[0].launch(id).orElseThrow();
        out.println("11. Quality gate: " + model.owner().team() + " launches " + model.id() + " " + version + " ("
                + registryDir.relativize(file) + "); its predictions run " + quality.factor()
                + "x too high, which no one has noticed.");
        err.println("   estimating it...");
        EstimateLaunch.Result estimate = SparkLaunchActions.get(platform.spark())
                .estimateLaunch(current[0])
                .candidate(request.candidateEntry(model), model.id())
                .traffic(config.traffic())
                .samplesPerHour(LaunchDemo.SAMPLES_PER_HOUR / 4)
                .warehouse(config.warehouse())
                .hardware(config.hardware())
                .execute();
        LaunchRecord.Estimate recorded = LaunchPlatform.estimate(
                estimate.estimate(),
                LaunchEstimateReport.evidence(estimate.estimate(), estimate.warehouse(), estimate.seconds()));
        Launches launches = platform.launches();
        launches.submit(request, recorded, recorded.replicas());
        out.printf(
                Locale.ROOT,
                "    submitted with estimate %s (%s, %d replicas)%n",
                recorded.estimateId().substring(0, 8),
                recorded.verdict(),
                recorded.replicas());
        printPlan(out, platform, config, current[0], request);
        Set<String> used = new HashSet<>();
        for (Launches.Requirement part : launches.view(id).approvals()) {
            String who = part.approvers().stream()
                    .filter(a -> !used.contains(a))
                    .findFirst()
                    .orElseThrow(() -> ModelfleetErrors.demoNeeds("an approver for " + part.role()));
            used.add(who);
            approve(out, launches, id, who, now.get());
        }
        FleetLogs logs = new FleetLogs(platform, current[0], launchLogs, model.id(), version, quality, now.get());
        LaunchRecord ended = drive(out, launches, id, now, logs);
        printGate(out, launches.view(id));
        return new RolledBack(ended.id(), ended.state().name());
    }

    /** The backtest at a small N: the three policies on the same simulated launches. */
    private static void backtest(
            PrintWriter out, PrintWriter err, LaunchPlatform platform, Registry registry, Config config) {
        int launches = 60;
        out.println("12. Backtest: " + launches + " simulated launches of the sample fleet through the same controller,"
                + " fleet and gate, three policies on the same launches");
        out.println("    (half healthy; the rest miscalibrated by 0.5, 1 and 2 calibration margins; 'modelfleet launch"
                + " backtest --launches 1000' for the full size):");
        err.println("    running the backtest...");
        LaunchBacktestCommand.Backtest ran = LaunchBacktestCommand.run(
                registry, "demo", launches, 1, config.state().resolve("backtest"), line -> {});
        String table = LaunchBacktestCommand.table(
                ran.results().values().stream().map(LaunchBacktestCommand::row).toList());
        table.lines().forEach(line -> out.println("    " + line));
        out.println("    FALSE RB: healthy candidates rolled back (95% upper bound); DETECT: worse ones rolled back."
                + " Peeking at a fixed-sample test, or a raw threshold, rolls back good launches.");
        out.flush();
    }

    private static LaunchEvent last(Launches launches, String id) {
        List<LaunchEvent> events = launches.view(id).events();
        return events.get(events.size() - 1);
    }

    private static void printFields(PrintWriter out, LaunchEvent done) {
        try {
            JsonNode evidence = new ObjectMapper().readTree(done.evidence());
            for (JsonNode field : evidence.path("fields")) {
                out.printf(
                        Locale.ROOT,
                        "     %-28s %s -> %s%n",
                        field.path("field").asText(),
                        field.path("from").asText(),
                        field.path("to").asText());
            }
        } catch (IOException e) {
            throw new IllegalStateException("the DONE event's evidence is not JSON", e);
        }
    }

    /** v3 -> v4, v1.2 -> v2: the next major version. */
    static String nextVersion(String version) {
        Matcher major = MAJOR.matcher(version);
        return major.find() ? "v" + (Integer.parseInt(major.group(1)) + 1) : "v2";
    }

    private static String time(Instant instant) {
        return CLOCK.format(instant);
    }

    private static void append(Path file, String text) {
        try {
            Files.writeString(file, Files.readString(file) + text);
        } catch (IOException e) {
            throw ModelfleetErrors.cannotWrite(file, e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw ModelfleetErrors.cannotWrite(file, e);
        }
    }
}
