package io.modelfleet.cli.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelfleet.cli.CliRun;
import io.modelfleet.cli.Config;
import io.modelfleet.cli.Main;
import io.modelfleet.cli.spark.launch.LaunchPlatform;
import io.modelfleet.core.ModelfleetException;
import io.modelfleet.jobs.SparkSessions;
import io.modelfleet.launcher.LaunchEvent;
import io.modelfleet.launcher.LaunchRecord;
import io.modelfleet.launcher.LaunchState;
import io.modelfleet.launcher.Launches;
import io.modelfleet.registry.Launch;
import io.modelfleet.registry.Model;
import io.modelfleet.registry.Registry;
import io.modelfleet.registry.RegistryLoader;
import io.modelfleet.registry.Resources;
import io.modelfleet.scheduler.LaunchEventsTable;
import io.modelfleet.scheduler.SchedulerSettings;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code scheduler run} process advancing launches is killed with SIGKILL mid-shift; a new
 * node takes over and every launch finishes with no step lost or doubled, the pools balanced, and
 * each step in launch_events once.
 */
class TestLaunchControllerKilled {
    static final List<String> MODELS = List.of("ig_feed_mtml_lsr_v3", "ig_reels_mtml_lsr_v3", "ig_explore_mtml_lsr_v3");

    @TempDir
    Path cwd;

    @Test
    void killMinus9OfASchedulerNodeMidLaunchLosesAndDoublesNothing() throws Exception {
        CliRun.copyExample(cwd.resolve("registry"));
        Files.writeString(cwd.resolve("modelfleet.yaml"), """
                registry: registry
                logs: logs
                warehouse: warehouse
                state: state
                spark:
                  master: local[1]
                scheduler:
                  jobs:
                    slo-hourly: {cron: "0 0 0 1 1 ? 2099"}
                    slo-daily: {cron: "0 0 0 1 1 ? 2099"}
                    registry-snapshot: {cron: "0 0 0 1 1 ? 2099"}
                    launch-controller: {cron: "0/1 * * * * ?"}
                  launches:
                    fleet: {replicas_per_minute: 1, failure_rate: 0.2, replace_minutes: 1, max_tries: 10}
                """);
        Config config = Config.load(cwd.resolve("modelfleet.yaml"));
        SchedulerSettings settings = SchedulerSettings.from(config.scheduler(), config.state());
        Registry registry = RegistryLoader.loadValid(config.registry());
        List<String> ids = new ArrayList<>();
        try (LaunchPlatform platform = platform(settings, registry, config)) {
            for (String model : MODELS) {
                Model production = registry.model(model).orElseThrow();
                String id = model + "_next";
                platform.launches()
                        .submit(
                                request(production, id),
                                new LaunchRecord.Estimate("est-" + id, "FITS", 4, "fits", "{}"),
                                4);
                for (Launches.Requirement requirement :
                        platform.launches().view(id).approvals()) {
                    platform.launches().approve(id, requirement.approvers().get(0));
                }
                ids.add(id);
            }
        }

        // The node's clock runs 1200x: a simulated minute every 50 ms, the plan's 6 hours of bakes in 18 s.
        Process first = node("first");
        try {
            await(
                    first,
                    settings,
                    registry,
                    config,
                    launches -> launches.stream().anyMatch(l -> l.state() == LaunchState.SHIFTING));
        } finally {
            first.destroyForcibly(); // SIGKILL
            first.waitFor(30, TimeUnit.SECONDS);
        }
        try (LaunchPlatform platform = platform(settings, registry, config)) {
            assertConsistent(platform.launches());
            assertThat(platform.launches().open()).isNotEmpty();
        }

        Process second = node("second");
        try {
            await(
                    second,
                    settings,
                    registry,
                    config,
                    launches -> launches.stream().allMatch(l -> l.state().isEnd()));
        } finally {
            second.destroy();
            second.waitFor(60, TimeUnit.SECONDS);
            second.destroyForcibly();
        }
        SparkSession spark = SparkSessions.create("local[2]", "test");
        try (LaunchPlatform platform = platform(settings, registry, config)) {
            Launches launches = platform.launches();
            assertConsistent(launches);
            assertThat(launches.all()).extracting(LaunchRecord::state).containsOnly(LaunchState.DONE);
            assertThat(launches.pools()).extracting(Launches.PoolUse::reserved).containsOnly(Resources.ZERO);
            // Both nodes took part: the steps before the kill are the first node's, the rest the second's.
            List<LaunchEvent> events = launches.events();
            assertThat(events).extracting(LaunchEvent::actor).contains("first", "second");
            // What the killed node had published stays once; the rest is published now, once.
            launches.publish(batch -> LaunchEventsTable.publish(spark, config.warehouse(), batch));
            List<Row> published = spark.read()
                    .format("delta")
                    .load(config.warehouse().resolve(LaunchEventsTable.TABLE).toString())
                    .selectExpr("launch_id", "seq")
                    .collectAsList();
            assertThat(published).hasSameSizeAs(events);
            assertThat(published.stream()
                            .map(r -> r.getString(0) + "#" + r.getInt(1))
                            .distinct())
                    .hasSameSizeAs(events);
        }
    }

    private Process node(String name) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-opens"))
                .forEach(command::add);
        command.addAll(List.of(
                "-Xmx768m",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "scheduler",
                "run",
                "--node",
                name,
                "--clock-start",
                "2026-11-30T00",
                "--clock-speed",
                "1200",
                "--max-runtime",
                "240"));
        return new ProcessBuilder(command)
                .directory(cwd.toFile())
                .redirectErrorStream(true)
                .redirectOutput(cwd.resolve(name + ".log").toFile())
                .start();
    }

    private static void await(
            Process node,
            SchedulerSettings settings,
            Registry registry,
            Config config,
            Predicate<List<LaunchRecord>> done)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (true) {
            try (LaunchPlatform platform = platform(settings, registry, config)) {
                if (done.test(platform.launches().all())) {
                    return;
                }
            }
            assertThat(node.isAlive())
                    .as("the scheduler node runs (see its log)")
                    .isTrue();
            assertThat(System.nanoTime()).as("launches advance within 180 s").isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    /** Every launch's events run 1..n without a gap, each from where the last ended, to its state; pools hold what deployed launches reserve. */
    private static void assertConsistent(Launches launches) {
        for (LaunchRecord launch : launches.all()) {
            List<LaunchEvent> events = launches.view(launch.id()).events();
            String previous = "NONE";
            for (int i = 0; i < events.size(); i++) {
                assertThat(events.get(i).seq()).isEqualTo(i + 1);
                assertThat(events.get(i).from()).isEqualTo(previous);
                previous = events.get(i).to();
            }
            assertThat(previous).isEqualTo(launch.state().name());
            Resources expected = launch.state().deployed() ? launch.reservation() : Resources.ZERO;
            assertThat(launches.view(launch.id()).reservation().orElse(Resources.ZERO))
                    .isEqualTo(expected);
        }
    }

    /**
     * The workflow, as a command opens it. Right after a node is killed, H2 refuses the file for a
     * few seconds while its lock file still looks fresh ("Lock file recently modified"); a person
     * would run the command again, and so does this.
     */
    private static LaunchPlatform platform(SchedulerSettings settings, Registry registry, Config config)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                return open(settings, registry, config);
            } catch (ModelfleetException e) {
                if (!e.getMessage().contains("Lock file recently modified") || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(500);
            }
        }
    }

    private static LaunchPlatform open(SchedulerSettings settings, Registry registry, Config config) {
        return new LaunchPlatform(
                settings,
                () -> registry,
                config.warehouse(),
                config.logs(),
                () -> {
                    throw new IllegalStateException("the test reads the workflow only");
                },
                InstantSource.system());
    }

    private static Launch request(Model production, String id) {
        return new Launch(
                id,
                production.id(),
                "requester@example.com",
                "A launch the killed node is in the middle of.",
                new Launch.Candidate(
                        "v9",
                        "s3://models/" + production.id() + "/v9",
                        OptionalLong.of(4),
                        Optional.empty(),
                        OptionalLong.empty(),
                        OptionalDouble.empty(),
                        production.serving().scorer()),
                // One ungated step: the nodes read no prediction logs here, so a gated step would wait for
                // labels that never come (the gate's own crash test is TestGatedLaunch).
                List.of(new Launch.Step(100, 360)),
                Optional.empty(),
                "launches/" + id + ".yaml");
    }
}
