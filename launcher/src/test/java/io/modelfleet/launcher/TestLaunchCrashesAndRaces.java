package io.modelfleet.launcher;

import static io.modelfleet.launcher.LaunchFixtures.estimate;
import static io.modelfleet.launcher.LaunchFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import io.modelfleet.registry.Model;
import io.modelfleet.registry.Registry;
import io.modelfleet.registry.RegistryLoader;
import io.modelfleet.registry.Resources;
import io.modelfleet.registry.Team;
import io.modelfleet.registry.generate.RegistryGenerator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Controllers that crash mid-step, and two controllers on one database racing for one pool. */
class TestLaunchCrashesAndRaces {
    private static final SimulatedFleet.Settings FLEET =
            new SimulatedFleet.Settings(20, 0.1, Duration.ofMinutes(2), 10, Duration.ofMinutes(60));

    @TempDir
    Path state;

    private final LaunchFixtures.TestClock clock = new LaunchFixtures.TestClock();

    private Launches controller(LaunchDatabase database, Registry registry) {
        return new Launches(
                database,
                () -> registry,
                new SimulatedFleet(FLEET),
                FreezePolicy.NONE,
                clock,
                new LaunchSettings(Duration.ofDays(30), state.resolve("changes"), FLEET));
    }

    /** Approves with the first person each part of the launch's approvals names. */
    private static void approveAll(Launches launches, String id) {
        for (Launches.Requirement requirement : launches.view(id).approvals()) {
            launches.approve(id, requirement.approvers().get(0));
        }
    }

    @Test
    void aControllerKilledAtAnyPointOfAStepResumesWithoutALostOrDoubledStep() {
        Registry registry = LaunchFixtures.example();
        LaunchDatabase database = LaunchFixtures.database();
        Launches launches = controller(database, registry);
        List<String> ids = new ArrayList<>();
        for (Model model : registry.models().stream()
                .filter(m -> m.lifecycle().name().equals("ACTIVE"))
                .filter(m -> m.serving().resources().times(2).fitsWithin(spare(registry, m.pool())))
                .limit(8)
                .toList()) {
            String id = "launch_" + ids.size();
            launches.submit(request(registry, id, model.id(), "v9", 2), estimate("FITS", 2), 2);
            approveAll(launches, id);
            ids.add(id);
        }
        Random random = new Random(11);
        int[] crashes = {0};
        launches.hook((launch, point) -> {
            if (random.nextDouble() < 0.3) {
                crashes[0]++;
                throw new IllegalStateException("killed at " + point + " of " + launch.id());
            }
        });
        for (int round = 0; round < 400 && !launches.open().isEmpty(); round++) {
            try {
                launches.tick("controller");
            } catch (IllegalStateException e) {
                assertThat(e).hasMessageStartingWith("killed at");
            }
            assertConsistent(launches);
            clock.advance(Duration.ofMinutes(20));
        }
        assertThat(crashes[0]).isGreaterThan(20);
        assertThat(launches.all())
                .as(
                        "%s",
                        launches.open().stream()
                                .map(l -> l.id() + ": " + l.waitingFor())
                                .toList())
                .extracting(LaunchRecord::state)
                .containsOnly(LaunchState.DONE);
        for (String id : ids) {
            List<LaunchEvent> events = launches.view(id).events();
            TestLaunchWorkflow.assertChained(events);
            // submitted, estimated, approved, preparing, four traffic steps, finalizing, done: nothing lost or doubled.
            assertThat(events)
                    .extracting(LaunchEvent::to)
                    .containsExactly(
                            "REQUESTED",
                            "ESTIMATED",
                            "APPROVED",
                            "PREPARING",
                            "SHIFTING",
                            "SHIFTING",
                            "SHIFTING",
                            "SHIFTING",
                            "FINALIZING",
                            "DONE");
        }
        assertThat(launches.pools()).extracting(Launches.PoolUse::reserved).containsOnly(Resources.ZERO);
    }

    /** How many replicas of {@code one} fit in {@code room}. */
    private static double fitting(Resources one, Resources room) {
        double n = room.cpu() / one.cpu();
        if (one.memoryGb() > 0) {
            n = Math.min(n, room.memoryGb() / one.memoryGb());
        }
        if (one.gpus() > 0) {
            n = Math.min(n, (double) room.gpus() / one.gpus());
        }
        return n;
    }

    /** What a pool has left beside the registry's models. */
    private static Resources spare(Registry registry, String pool) {
        Resources quota = registry.pools().get(pool).quota();
        Resources used = registry.poolUsage(pool);
        return new Resources(
                Math.max(0, quota.cpu() - used.cpu()),
                Math.max(0, quota.memoryGb() - used.memoryGb()),
                Math.max(0, quota.gpus() - used.gpus()));
    }

    /** Every pool holds exactly what its deployed launches reserve, and no launch's events skip or repeat. */
    private static void assertConsistent(Launches launches) {
        Map<String, Resources> expected = launches.open().stream()
                .filter(l -> l.state().deployed())
                .collect(Collectors.groupingBy(
                        LaunchRecord::pool,
                        Collectors.reducing(Resources.ZERO, LaunchRecord::reservation, Resources::plus)));
        for (Launches.PoolUse pool : launches.pools()) {
            Resources want = expected.getOrDefault(pool.pool(), Resources.ZERO);
            assertThat(pool.reserved().cpu()).isCloseTo(want.cpu(), offset(1e-9));
            assertThat(pool.reserved().gpus()).isEqualTo(want.gpus());
        }
        for (LaunchRecord launch : launches.all()) {
            List<LaunchEvent> events = launches.view(launch.id()).events();
            TestLaunchWorkflow.assertChained(events);
            assertThat(events.get(events.size() - 1).to())
                    .isEqualTo(launch.state().name());
            assertThat(events).hasSize(launch.version());
        }
    }

    @Test
    void twentyLaunchesRacingForOnePoolFromTwoControllersNeverOverReserveIt() throws Exception {
        RegistryGenerator.generate(state.resolve("registry"), 120, 2, 7);
        Registry registry = RegistryLoader.loadValid(state.resolve("registry"));
        Map<String, List<Model>> byPool = registry.models().stream()
                .filter(m -> m.lifecycle().name().equals("ACTIVE"))
                .collect(Collectors.groupingBy(Model::pool));
        // Twenty models of the most crowded pool whose replicas fit its spare capacity.
        String poolId = byPool.entrySet().stream()
                .max(Comparator.comparingInt(e -> e.getValue().size()))
                .orElseThrow()
                .getKey();
        Team.Pool pool = registry.pools().get(poolId);
        Resources spare = spare(registry, poolId);
        List<Model> crowd = byPool.get(poolId).stream()
                .filter(m -> m.serving().resources().fitsWithin(spare))
                .limit(20)
                .toList();
        assertThat(crowd).hasSize(20);
        LaunchDatabase database = LaunchFixtures.database();
        Launches nodeA = controller(database, registry);
        Launches nodeB = controller(database, registry);
        for (int i = 0; i < crowd.size(); i++) {
            Model model = crowd.get(i);
            // Each launch alone takes about a quarter of the pool's spare capacity: together five times what is there.
            long replicas =
                    Math.max(1, (long) Math.floor(fitting(model.serving().resources(), spare) / 4));
            nodeA.submit(
                    request(registry, "race_" + i, model.id(), "v9", replicas), estimate("FITS", replicas), replicas);
            approveAll(i % 2 == 0 ? nodeA : nodeB, "race_" + i);
        }
        Resources inUse = registry.poolUsage(poolId);
        Resources wanted = nodeA.all().stream().map(LaunchRecord::reservation).reduce(Resources.ZERO, Resources::plus);
        assertThat(inUse.plus(wanted).fitsWithin(pool.quota()))
                .as("the launches together must not fit, or there is no race")
                .isFalse();

        ExecutorService nodes = Executors.newFixedThreadPool(2);
        int maxPreparing = 0;
        try {
            for (int round = 0; round < 500 && !nodeA.open().isEmpty(); round++) {
                Future<List<Launches.Step>> a = nodes.submit(() -> nodeA.tick("node-a"));
                Future<List<Launches.Step>> b = nodes.submit(() -> nodeB.tick("node-b"));
                List<Launches.Step> moved = new ArrayList<>();
                for (Launches.Step step : a.get()) {
                    if (step.moved()) {
                        moved.add(step);
                    }
                }
                for (Launches.Step step : b.get()) {
                    if (step.moved()) {
                        moved.add(step);
                    }
                }
                Set<String> advanced = new HashSet<>();
                for (Launches.Step step : moved) {
                    assertThat(advanced.add(step.launch()))
                            .as("%s advanced twice in one round", step.launch())
                            .isTrue();
                }
                Launches.PoolUse use = nodeA.pools().stream()
                        .filter(p -> p.pool().equals(poolId))
                        .findFirst()
                        .orElseThrow();
                assertThat(use.inUse().plus(use.reserved()).fitsWithin(pool.quota()))
                        .as(
                                "round %d: %s in use plus %s reserved within %s",
                                round, use.inUse(), use.reserved(), pool.quota())
                        .isTrue();
                maxPreparing = Math.max(maxPreparing, (int)
                        nodeA.open().stream().filter(l -> l.state().deployed()).count());
                assertConsistent(nodeA);
                clock.advance(Duration.ofMinutes(30));
            }
        } finally {
            nodes.shutdownNow();
        }
        assertThat(nodeA.all())
                .as(
                        "%s",
                        nodeA.open().stream()
                                .map(l -> l.id() + ": " + l.waitingFor())
                                .toList())
                .extracting(LaunchRecord::state)
                .containsOnly(LaunchState.DONE);
        assertThat(maxPreparing).as("the pool made launches take turns").isLessThan(20);
        Map<String, Long> actors = nodeA.events().stream()
                .filter(e -> e.actor().startsWith("node-"))
                .collect(Collectors.groupingBy(LaunchEvent::actor, Collectors.counting()));
        assertThat(actors).containsKeys("node-a", "node-b");
        Function<Launches.PoolUse, Resources> reserved = Launches.PoolUse::reserved;
        assertThat(nodeA.pools()).extracting(reserved).containsOnly(Resources.ZERO);
    }
}
