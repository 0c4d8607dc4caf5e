package io.modelfleet.cli.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelfleet.cli.CliRun;
import io.modelfleet.cli.Config;
import io.modelfleet.cli.spark.launch.LaunchPlatform;
import io.modelfleet.core.Hour;
import io.modelfleet.core.Location;
import io.modelfleet.core.gate.CandidateQuality;
import io.modelfleet.jobs.SparkSessions;
import io.modelfleet.jobs.predictions.CandidateTraffic;
import io.modelfleet.jobs.predictions.PredictionLogGenerator;
import io.modelfleet.launcher.GateLook;
import io.modelfleet.launcher.LaunchRecord;
import io.modelfleet.launcher.LaunchState;
import io.modelfleet.launcher.Launches;
import io.modelfleet.launcher.ServingFleet;
import io.modelfleet.registry.Launch;
import io.modelfleet.registry.Model;
import io.modelfleet.registry.Registry;
import io.modelfleet.registry.RegistryLoader;
import io.modelfleet.scheduler.LaunchGatesTable;
import io.modelfleet.scheduler.SchedulerSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gated launch driven through its traffic steps as the demo drives one: the real workflow, fleet
 * simulator and prediction-log gate on a clock the test moves, the fleet's logs written hour by hour.
 * Every look of its gate lands in {@code launch_gates}, and Delta Kernel reads that table as
 * {@code modelfleet sql} does.
 */
class TestLaunchGatesTable {
    private static final String MODEL = "ig_feed_mtml_lsr_v3";
    private static final String LAUNCH = MODEL + "_v4_recal";
    private static final String CANDIDATE = "v4";

    @TempDir
    Path cwd;

    @Test
    void everyLookOfTheGateIsInLaunchGatesAndReadsAlikeInAnotherDeltaImplementation() throws IOException {
        CliRun.copyExample(cwd.resolve("registry"));
        Files.writeString(cwd.resolve("modelfleet.yaml"), """
                registry: registry
                logs: logs
                warehouse: warehouse
                state: state
                spark:
                  master: local[2]
                scheduler:
                  launches:
                    attribution_window_minutes: 60
                    fleet: {replicas_per_minute: 60, failure_rate: 0, replace_minutes: 1, max_tries: 3}
                """);
        Config config = Config.load(cwd.resolve("modelfleet.yaml"));
        SchedulerSettings settings = SchedulerSettings.from(config.scheduler(), config.state());
        Registry registry = RegistryLoader.loadValid(config.registry());
        SparkSession spark = SparkSessions.create("local[2]", "test");
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-30T00:05:00Z"));

        List<GateLook> looks;
        try (LaunchPlatform platform = new LaunchPlatform(
                settings, () -> registry, config.warehouse(), config.logs(), () -> spark, now::get)) {
            Launches launches = platform.launches();
            launches.submit(
                    request(registry.model(MODEL).orElseThrow()),
                    new LaunchRecord.Estimate("est-" + LAUNCH, "FITS", 4, "fits", "{}"),
                    4);
            for (Launches.Requirement requirement : launches.view(LAUNCH).approvals()) {
                launches.approve(LAUNCH, requirement.approvers().get(0));
            }
            // Predictions 1.3x too high: too few hours leave the gate undecided; more of them fail the first step.
            FleetLogs logs = new FleetLogs(spark, registry, config.logs(), now.get());
            for (int tick = 0;
                    tick < 200 && !launches.view(LAUNCH).launch().state().isEnd();
                    tick++) {
                logs.catchUp(now.get(), launches.view(LAUNCH).deployments());
                launches.tick("test-controller");
                // As the scheduler's launch-controller does after every tick: each look lands in its own commit.
                launches.publishGates(batch -> LaunchGatesTable.publish(spark, config.warehouse(), batch));
                now.set(now.get().plus(Duration.ofMinutes(5)));
            }
            assertThat(launches.view(LAUNCH).launch().state()).isEqualTo(LaunchState.ROLLED_BACK);
            looks = launches.gateLooks(LAUNCH);
        }

        // What the launch database recorded of each look, against what the table holds: the gate waited, then failed.
        assertThat(looks).extracting(GateLook::stepDecision).contains("INCONCLUSIVE", "FAIL");
        Path table = cwd.resolve("warehouse").resolve(LaunchGatesTable.TABLE);
        try (Stream<Path> files = Files.list(table)) {
            assertThat(files.filter(f -> f.toString().endsWith(".parquet")))
                    .as("launch_gates is appended to look by look: data files of more than one publish")
                    .hasSizeGreaterThan(1);
        }
        List<String> recorded = new ArrayList<>(List.of("look,step,metric,decision,step_decision,candidate_events"));
        looks.stream()
                .sorted(Comparator.comparingInt(GateLook::look).thenComparing(GateLook::metric))
                .forEach(l -> recorded.add(String.format(
                        Locale.ROOT,
                        "%d,%d,%s,%s,%s,%d",
                        l.look(),
                        l.step() + 1,
                        l.metric(),
                        l.decision(),
                        l.stepDecision(),
                        l.candidateEvents())));
        CliRun sql = CliRun.run(
                cwd,
                "sql",
                "--format",
                "csv",
                "SELECT look, step, metric, decision, step_decision, candidate_events FROM launch_gates"
                        + " WHERE launch_id = '" + LAUNCH + "' ORDER BY look, metric");
        assertThat(sql.exitCode()).as(sql.err()).isZero();
        assertThat(sql.out().lines()).containsExactlyElementsOf(recorded);

        assertThat(KernelTables.assertReadsAsSqlDoes(
                        cwd, cwd.resolve("warehouse"), "launch_gates", KernelTables.DataFiles.APPENDED))
                .isEqualTo(looks.size());
    }

    /** One gated step at 25% and the ungated 100%, as a launches/ file would ask for it. */
    private static Launch request(Model production) {
        return new Launch(
                LAUNCH,
                production.id(),
                "requester@example.com",
                "A recalibrated candidate whose predictions run too high.",
                new Launch.Candidate(
                        CANDIDATE,
                        "s3://models/" + production.id() + "/" + CANDIDATE,
                        OptionalLong.of(4),
                        Optional.empty(),
                        OptionalLong.empty(),
                        OptionalDouble.empty(),
                        production.serving().scorer()),
                List.of(new Launch.Step(25, 60), new Launch.Step(100, 0)),
                Optional.empty(),
                "launches/" + LAUNCH + ".yaml");
    }

    /**
     * The fleet's prediction logs of the launched model, each whole hour once it is over, the candidate
     * at its share of the fleet's weights at the end of the hour (as the demo's fleet simulator writes
     * them), every label in at once.
     */
    private static final class FleetLogs {
        private final SparkSession spark;
        private final Registry registry;
        private final Location out;
        private Instant through;

        FleetLogs(SparkSession spark, Registry registry, Location out, Instant start) {
            this.spark = spark;
            this.registry = registry;
            this.out = out;
            this.through = start.truncatedTo(ChronoUnit.HOURS);
        }

        void catchUp(Instant now, List<ServingFleet.Deployment> fleet) {
            double share = fleet.stream()
                            .filter(d -> d.version().equals(CANDIDATE))
                            .mapToDouble(ServingFleet.Deployment::percent)
                            .findFirst()
                            .orElse(0)
                    / 100;
            while (!through.plus(Duration.ofHours(1)).isAfter(now)) {
                new PredictionLogGenerator(spark, registry, 20261130, 1.0, 1.0, List.of())
                        .only(MODEL)
                        .candidates(
                                share > 0
                                        ? List.of(new CandidateTraffic(
                                                MODEL,
                                                CANDIDATE,
                                                CandidateQuality.parse("miscalibrated:1.3"),
                                                share,
                                                Map.of()))
                                        : List.of())
                        .write(List.of(Hour.of(through)), out);
                through = through.plus(Duration.ofHours(1));
            }
        }
    }
}
