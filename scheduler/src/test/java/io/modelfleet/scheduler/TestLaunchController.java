package io.modelfleet.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.modelfleet.core.Hour;
import io.modelfleet.core.Location;
import io.modelfleet.jobs.SharedSpark;
import io.modelfleet.jobs.TestRegistries;
import io.modelfleet.jobs.predictions.Incident;
import io.modelfleet.jobs.predictions.PredictionLogGenerator;
import io.modelfleet.jobs.spark.SparkActions;
import io.modelfleet.launcher.FreezePolicy;
import io.modelfleet.launcher.LaunchEvent;
import io.modelfleet.launcher.LaunchRecord;
import io.modelfleet.launcher.LaunchState;
import io.modelfleet.launcher.Launches;
import io.modelfleet.launcher.SimulatedFleet;
import io.modelfleet.registry.Launch;
import io.modelfleet.registry.Model;
import io.modelfleet.registry.Registry;
import io.modelfleet.registry.RegistryLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The launch controller as a Quartz job on the scheduler's clock, publishing launch_events; and
 * the launch freeze read from slo_daily rows the real SLO jobs wrote.
 */
class TestLaunchController {
    static final Hour DAY_START = Hour.parse("2026-11-21T00");

    @TempDir
    static Path shared;

    static SparkSession spark;
    static Path registryDir;
    static Registry registry;
    static Path warehouse;

    @BeforeAll
    static void spentBudget() throws Exception {
        spark = SharedSpark.get();
        registryDir = shared.resolve("registry");
        TestRegistries.fiveTiers(registryDir);
        Path tiers = registryDir.resolve("tiers.yaml");
        Files.writeString(
                tiers,
                Files.readString(tiers)
                        .replace(
                                "platform_team: \"@acme/ml-platform\"\n",
                                "platform_team: \"@acme/ml-platform\"\nplatform_approvers: [platform-lead]\n")
                        // Few events per hour suffice for TIER1 models to be judged: the test's logs stay small.
                        .replace("min_events_per_hour: 5000", "min_events_per_hour: 100"));
        registry = RegistryLoader.loadValid(registryDir);
        Path logs = shared.resolve("logs");
        List<Hour> day = Hour.range(DAY_START, DAY_START.plus(23));
        new PredictionLogGenerator(
                        spark,
                        registry,
                        5,
                        0.2,
                        1.0,
                        List.of(Incident.parse("miscalibrate:reels_t1_lsr:2026-11-21T02:3.0")))
                .write(day, Location.of(logs));
        warehouse = shared.resolve("warehouse");
        SparkActions.get(spark)
                .computeSlo(registry)
                .hours(day)
                .logs(Location.of(logs))
                .warehouse(Location.of(warehouse))
                .execute();
    }

    static Launch request(String id, String model, Optional<Launch.Exemption> exemption) {
        Model production = registry.model(model).orElseThrow();
        return new Launch(
                id,
                model,
                "requester@acme.io",
                "A new version for the controller test.",
                new Launch.Candidate(
                        "v2",
                        "s3://m/" + model + "/v2",
                        OptionalLong.of(3),
                        Optional.empty(),
                        OptionalLong.empty(),
                        OptionalDouble.empty(),
                        production.serving().scorer()),
                // One ungated step: this test has no prediction logs for the quality gate to read.
                List.of(new Launch.Step(100, 30)),
                exemption,
                "launches/" + id + ".yaml");
    }

    static LaunchRecord.Estimate fits() {
        return new LaunchRecord.Estimate("est-1", "FITS", 3, "fits", "{\"verdict\":\"FITS\"}");
    }

    @Test
    void aTeamWhoseTier1BudgetTheSloJobsFoundSpentIsFrozenUnlessExempted() {
        SpentBudgets budgets = new SpentBudgets(() -> spark, Location.of(warehouse));
        Instant endOfDay = DAY_START.plus(23).start().plusSeconds(3599);
        Optional<FreezePolicy.Freeze> freeze = budgets.holding("ranking", endOfDay);
        assertThat(freeze).isPresent();
        assertThat(freeze.get().model()).isEqualTo("reels_t1_lsr");
        assertThat(freeze.get().tier()).isEqualTo("TIER1");
        assertThat(freeze.get().budgetRemaining()).isLessThanOrEqualTo(0);
        // The same budget read by hand from the table the rollup wrote.
        Row row = spark.read()
                .format("delta")
                .load(warehouse.resolve("slo_daily").toString())
                .where("model_id = 'reels_t1_lsr' AND ds = '2026-11-21'")
                .select("error_budget_remaining", "unstable_hours")
                .first();
        assertThat(freeze.get().budgetRemaining()).isEqualTo(row.getDouble(0));
        assertThat(row.getLong(1)).isGreaterThan(0);
        // Before the day was rolled up, nothing held the team.
        assertThat(budgets.holding("ranking", DAY_START.start().minusSeconds(1)))
                .isEmpty();
        assertThat(budgets.holding("nobody", endOfDay)).isEmpty();

        Path state = shared.resolve("freeze-state");
        SchedulerSettings settings = SchedulerSettings.defaults(state);
        Database database = new Database(settings.database(), settings.user(), settings.password());
        try {
            Launches.createTables(database);
            Launches launches = new Launches(
                    database,
                    () -> registry,
                    new SimulatedFleet(settings.launches().fleet()),
                    budgets,
                    () -> endOfDay,
                    settings.launches());
            launches.submit(request("plain", "explore_t2_esr", Optional.empty()), fits(), 3);
            launches.submit(
                    request(
                            "exempt",
                            "search_t3_esr",
                            Optional.of(new Launch.Exemption(
                                    "quality-fix", "fixes the calibration drift", "platform-lead"))),
                    fits(),
                    3);
            assertThat(launches.approve("plain", "lead").launch().state()).isEqualTo(LaunchState.FROZEN);
            assertThat(launches.view("plain").launch().waitingFor()).contains("reels_t1_lsr (TIER1)");
            assertThat(launches.approve("exempt", "lead").launch().state()).isEqualTo(LaunchState.APPROVED);
        } finally {
            database.shutdown();
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseUnderTest.Kind.class)
    void theQuartzJobAdvancesALaunchToDoneAndPublishesEveryStepOnce(DatabaseUnderTest.Kind kind) throws Exception {
        Path dir = shared.resolve("quartz-" + kind);
        DatabaseUnderTest database = DatabaseUnderTest.forOneNode(kind, dir.resolve("state"), "launch_controller");
        String yaml = database.yaml() + """
                jobs:
                  slo-hourly: {cron: "0 0 0 1 1 ? 2099"}
                  slo-daily: {cron: "0 0 0 1 1 ? 2099"}
                  registry-snapshot: {cron: "0 0 0 1 1 ? 2099"}
                  launch-controller: {cron: "0/1 * * * * ?"}
                launches:
                  fleet: {replicas_per_minute: 60, failure_rate: 0}
                """;
        SchedulerSettings settings =
                SchedulerSettings.from(new ObjectMapper(new YAMLFactory()).readTree(yaml), dir.resolve("state"));
        Clock.Manual clock = new Clock.Manual(Instant.parse("2026-11-20T10:00:00Z"));
        List<String> progress = new CopyOnWriteArrayList<>();
        Path tables = dir.resolve("warehouse");
        try (ModelfleetScheduler node = new ModelfleetScheduler(
                settings,
                "node-1",
                ledger -> new SchedulerRuntime(
                        () -> spark,
                        registryDir,
                        Location.of(dir.resolve("logs")),
                        Location.of(tables),
                        clock,
                        settings,
                        ledger,
                        "node-1",
                        progress::add))) {
            Launches launches = node.runtime().launches();
            launches.submit(request("to_done", "comments_t4_sourcing", Optional.empty()), fits(), 3);
            launches.approve("to_done", "lead");
            node.start();
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (launches.view("to_done").launch().state() != LaunchState.DONE) {
                assertThat(System.nanoTime())
                        .as("launch reaches DONE; progress: %s", progress)
                        .isLessThan(deadline);
                clock.advance(Duration.ofMinutes(10));
                Thread.sleep(300);
            }
            // The firing that finished it publishes after its tick; wait for that publication.
            List<LaunchEvent> events = launches.view("to_done").events();
            long publishDeadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (published(tables) < events.size()) {
                assertThat(System.nanoTime()).isLessThan(publishDeadline);
                Thread.sleep(300);
            }
            List<Row> rows = spark.read()
                    .format("delta")
                    .load(tables.resolve(LaunchEventsTable.TABLE).toString())
                    .orderBy("seq")
                    .collectAsList();
            assertThat(rows).extracting(r -> r.getInt(1)).containsExactly(1, 2, 3, 4, 5, 6, 7);
            assertThat(rows)
                    .extracting(r -> r.getString(4))
                    .containsExactly(
                            "REQUESTED", "ESTIMATED", "APPROVED", "PREPARING", "SHIFTING", "FINALIZING", "DONE");
            assertThat(rows.get(2).getString(5)).isEqualTo("lead");
            assertThat(rows.get(3).getString(5)).isEqualTo("node-1");
            // Publishing the same events again adds nothing.
            LaunchEventsTable.publish(spark, Location.of(tables), events);
            assertThat(published(tables)).isEqualTo(events.size());
        }
    }

    private static long published(Path tables) {
        Path table = tables.resolve(LaunchEventsTable.TABLE);
        return Files.isDirectory(table.resolve("_delta_log"))
                ? spark.read().format("delta").load(table.toString()).count()
                : 0;
    }
}
