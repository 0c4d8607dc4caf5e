package io.modelfleet.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.modelfleet.core.Hour;
import io.modelfleet.core.Location;
import io.modelfleet.core.ModelfleetException;
import io.modelfleet.jobs.SharedSpark;
import io.modelfleet.jobs.TestRegistries;
import io.modelfleet.jobs.predictions.LabelDelays;
import io.modelfleet.jobs.predictions.PredictionLogGenerator;
import io.modelfleet.registry.Registry;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The scheduler over real Quartz, a real job store (H2; and PostgreSQL for a restart and a cluster)
 * and real SLO jobs, with a clock the test moves: Quartz fires every second, and each firing sees the
 * test's "now".
 */
class TestScheduler {
    static final Hour FIRST = Hour.parse("2026-11-20T00");
    static final int HOURS = 30;

    @TempDir
    static Path shared;

    static SparkSession spark;
    static Path registry;
    static Path logs;

    @BeforeAll
    static void logs() {
        spark = SharedSpark.get();
        registry = shared.resolve("registry");
        Registry loaded = TestRegistries.fiveTiers(registry);
        logs = shared.resolve("logs");
        new PredictionLogGenerator(spark, loaded, 11, 0.02, 1.0, List.of())
                .write(Hour.range(FIRST, FIRST.plus(HOURS - 1)), Location.of(logs));
    }

    /** A deployment of its own: database, warehouse, clock at {@code hoursLater} after FIRST. */
    record Deployment(
            Path dir, SchedulerSettings settings, Clock.Manual clock, Path logs, List<String> progress, Path registry) {
        ModelfleetScheduler node(String id) {
            ModelfleetScheduler node = new ModelfleetScheduler(
                    settings,
                    id,
                    ledger -> new SchedulerRuntime(
                            () -> spark,
                            registry,
                            Location.of(logs),
                            Location.of(dir.resolve("warehouse")),
                            clock,
                            settings,
                            ledger,
                            id,
                            progress::add));
            node.start();
            return node;
        }

        WorkLedger ledger() {
            Database database = new Database(settings.database(), settings.user(), settings.password());
            return new WorkLedger(database);
        }

        List<Row> jobRuns() {
            return spark.read()
                    .format("delta")
                    .load(dir.resolve("warehouse/job_runs").toString())
                    .where("job = 'slo-hourly'")
                    .orderBy("started")
                    .collectAsList();
        }
    }

    static Deployment deployment(String name, DatabaseUnderTest database, int hoursLater, Path logsDir)
            throws IOException {
        return deployment(name, database, hoursLater, logsDir, "0 0 0 1 1 ? 2099", "");
    }

    /**
     * With slo-daily on {@code dailyCron}, and {@code more} settings appended to the section; on
     * {@code database}, or the embedded default when null.
     */
    static Deployment deployment(
            String name, DatabaseUnderTest database, int hoursLater, Path logsDir, String dailyCron, String more)
            throws IOException {
        Path dir = shared.resolve(name);
        Files.createDirectories(dir);
        String yaml = (database != null ? database.yaml() : "") + """
                start: %s
                jobs:
                  slo-hourly: {cron: "0/1 * * * * ?", lateness_minutes: 0, max_attempts: 2, backoff_minutes: 10}
                  slo-daily: {cron: "%s"}
                  registry-snapshot: {cron: "0 0 0 1 1 ? 2099"}
                """.formatted(FIRST, dailyCron) + more;
        SchedulerSettings settings =
                SchedulerSettings.from(new ObjectMapper(new YAMLFactory()).readTree(yaml), dir.resolve("state"));
        return new Deployment(
                dir,
                settings,
                new Clock.Manual(FIRST.plus(hoursLater).start().plusSeconds(30)),
                logsDir,
                new CopyOnWriteArrayList<>(),
                registry);
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        await(what, Duration.ofMinutes(4), condition);
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(250);
        }
    }

    static long done(WorkLedger ledger) {
        return ledger.units(JobName.SLO_HOURLY).stream()
                .filter(u -> u.status() == WorkLedger.Status.DONE)
                .count();
    }

    /** Every hour in slo_hourly once per model: as many rows as distinct (model, hour) pairs, and all the hours. */
    static void assertEachHourOnce(Deployment deployment, int hours) {
        var table = spark.read()
                .format("delta")
                .load(deployment.dir().resolve("warehouse/slo_hourly").toString());
        assertThat(table.count())
                .isEqualTo(table.select("model_id", "hour").distinct().count());
        assertThat(table.select("hour").distinct().count()).isEqualTo(hours);
        assertThat(table.count()).isEqualTo(hours * (long) TestRegistries.MODELS.length);
    }

    @Test
    void catchUpAfterThirtyHoursOfDowntimeDoesEachHourOnceOldestFirst() throws Exception {
        Path textfile = shared.resolve("catch-up-textfile/modelfleet.prom");
        Deployment deployment = deployment(
                "catch-up", null, HOURS, logs, "0/1 * * * * ?", "export: {openmetrics: \"" + textfile + "\"}\n");
        try (ModelfleetScheduler node = deployment.node("solo")) {
            WorkLedger ledger = node.runtime().ledger();
            await("30 hours done", () -> done(ledger) == HOURS);
            await(
                    "the first day rolled up",
                    () -> ledger.units(JobName.SLO_DAILY).stream().anyMatch(u -> u.status() == WorkLedger.Status.DONE));
        }
        List<Row> runs = deployment.jobRuns();
        assertThat(runs).hasSize(HOURS);
        assertThat(runs).allMatch(r -> r.getAs("status").equals("SUCCEEDED"));
        List<String> order = runs.stream().map(r -> (String) r.getAs("unit")).toList();
        List<String> expected = new ArrayList<>();
        for (int h = 0; h < HOURS; h++) {
            expected.add(FIRST.plus(h).toString());
        }
        assertThat(order).containsExactlyElementsOf(expected);
        assertEachHourOnce(deployment, HOURS);
        // The clock has not moved: nothing else is due, and the next firings add nothing.
        Thread.sleep(2_000);
        assertThat(deployment.jobRuns()).hasSize(HOURS);
        assertTheExportFollowed(deployment, textfile);
    }

    /**
     * The OpenMetrics file the node kept current holds the newest hour and the day rolled up, for
     * every model, as the tables hold them; nothing half-written is left beside it.
     */
    static void assertTheExportFollowed(Deployment deployment, Path textfile) throws IOException {
        String text = Files.readString(textfile);
        Hour newest = FIRST.plus(HOURS - 1);
        List<Row> hour = spark.read()
                .format("delta")
                .load(deployment.dir().resolve("warehouse/slo_hourly").toString())
                .where("hour = TIMESTAMP '" + newest.day() + " " + newest.hr() + ":00:00'")
                .select("model_id", "status")
                .collectAsList();
        assertThat(hour).hasSize(TestRegistries.MODELS.length);
        long dayEnd = FIRST.plus(24).start().getEpochSecond();
        for (Row r : hour) {
            String model = "\\{model_id=\"" + r.getString(0) + "\",[^}\n]*";
            assertThat(text)
                    .containsPattern("\nmodelfleet_slo_hour_timestamp_seconds" + model + "\\} "
                            + newest.start().getEpochSecond() + "\n")
                    .containsPattern("\nmodelfleet_slo_status" + model + "modelfleet_slo_status=\"" + r.getString(1)
                            + "\"\\} 1\n")
                    .containsPattern(
                            "\nmodelfleet_slo_error_budget_timestamp_seconds" + model + "\\} " + dayEnd + "\n");
        }
        try (Stream<Path> files = Files.list(textfile.getParent())) {
            assertThat(files.toList()).containsExactly(textfile);
        }
    }

    @Test
    void theExportFileIsASettingWithPathsFromTheConfigFolder() throws IOException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        Path state = shared.resolve("settings/state");
        Path base = shared.resolve("settings");
        assertThat(SchedulerSettings.defaults(state).openMetricsFile()).isEmpty();
        assertThat(SchedulerSettings.from(
                                yaml.readTree("export: {openmetrics: textfile/../textfile/modelfleet.prom}"),
                                state,
                                base)
                        .openMetricsFile())
                .contains(base.resolve("textfile/modelfleet.prom"));
        assertThatThrownBy(() -> SchedulerSettings.from(yaml.readTree("export: {openmetrics: 3}"), state, base))
                .hasMessage(
                        "Cannot read the scheduler settings: scheduler.export.openmetrics must be a file path, got 3");
        assertThatThrownBy(() -> SchedulerSettings.from(yaml.readTree("export: {json: out.json}"), state, base))
                .hasMessage("Cannot read the scheduler settings: unknown key 'json' under scheduler.export");
    }

    /**
     * A node that stops cleanly leaves the cluster without taking a job with it: Quartz acquires a
     * trigger ahead of its fire time and does not give it back when it shuts down, and a node that
     * left is not one the others recover from, so the job it held would not fire again anywhere.
     */
    @ParameterizedTest
    @EnumSource(DatabaseUnderTest.Kind.class)
    void whenOneNodeStopsTheOtherGoesOnFiringEveryJob(DatabaseUnderTest.Kind kind) throws Exception {
        String name = "leaving-" + kind;
        try (DatabaseUnderTest database = DatabaseUnderTest.shared(kind, shared.resolve(name + "-db"), "leaving")) {
            // Nothing to compute: three jobs fire every second and find nothing to do, so each node nearly
            // always holds one acquired.
            Deployment deployment = deployment(
                    name, database, 0, logs, "0/1 * * * * ?", "  launch-controller: {cron: \"0/1 * * * * ?\"}\n");
            try (ModelfleetScheduler staying = deployment.node("staying")) {
                // Whether the leaving node holds a trigger at the instant it stops is a matter of timing: three go.
                for (String id : List.of("leaving-1", "leaving-2", "leaving-3")) {
                    try (ModelfleetScheduler leaving = deployment.node(id)) {
                        await(
                                id + " checked in",
                                () -> SchedulerStatus.read(deployment.settings(), deployment.clock())
                                                .nodes()
                                                .size()
                                        == 2);
                        Thread.sleep(1_500);
                    }
                    assertThat(firedTriggersOf(database, id)).isZero();
                    Instant left = Instant.now();
                    for (JobName job : List.of(JobName.SLO_HOURLY, JobName.SLO_DAILY, JobName.LAUNCH_CONTROLLER)) {
                        await(
                                job + " fired after " + id + " left",
                                Duration.ofSeconds(30),
                                () -> SchedulerStatus.read(deployment.settings(), deployment.clock())
                                        .job(job)
                                        .previousFire()
                                        .filter(fired -> fired.isAfter(left.plusSeconds(2)))
                                        .isPresent());
                    }
                }
            }
        }
    }

    /** Quartz's rows of triggers a node acquired or fired, as the database holds them. */
    static long firedTriggersOf(DatabaseUnderTest database, String node) throws SQLException {
        Database connections = new Database(database.url(), database.user(), database.password());
        try (Connection connection = connections.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT COUNT(*) FROM QRTZ_FIRED_TRIGGERS WHERE INSTANCE_NAME = ?")) {
            select.setString(1, node);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } finally {
            connections.shutdown();
        }
    }

    /**
     * A PostgreSQL server that is not there: one paragraph naming the URL (its password masked), the
     * driver's reason and what to check, as an I/O error (exit 2); a URL of neither database is a
     * mistake in the settings, said before anything connects.
     */
    @Test
    void anUnreachableOrMistypedDatabaseIsNamedWithWhatToCheck() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/modelfleet?password=secret&ssl=false";
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        Path state = shared.resolve("unreachable/state");
        SchedulerSettings settings =
                SchedulerSettings.from(yaml.readTree("{database: \"" + url + "\", user: modelfleet}"), state);
        assertThatThrownBy(() -> SchedulerStatus.read(settings, new Clock.Manual(FIRST.start())))
                .isInstanceOfSatisfying(ModelfleetException.class, e -> {
                    assertThat(e.category()).isEqualTo(ModelfleetException.Category.IO_ERROR);
                    assertThat(e.hint())
                            .startsWith("check 'scheduler.database', 'user' and 'password' in modelfleet.yaml");
                })
                .hasMessageStartingWith("Cannot use the scheduler database jdbc:postgresql://127.0.0.1:" + port
                        + "/modelfleet?password=***&ssl=false: Connection to 127.0.0.1:" + port + " refused")
                .message()
                .doesNotContain("secret");
        assertThatThrownBy(() -> SchedulerSettings.from(
                        yaml.readTree("{database: \"jdbc:postgres://db/modelfleet?password=secret\"}"), state))
                .hasMessage("Cannot read the scheduler settings: scheduler.database"
                        + " 'jdbc:postgres://db/modelfleet?password=***' is neither an H2 nor a PostgreSQL JDBC URL");
    }

    @ParameterizedTest
    @EnumSource(DatabaseUnderTest.Kind.class)
    void aRestartedSchedulerFinishesEveryHourExactlyOnce(DatabaseUnderTest.Kind kind) throws Exception {
        String name = "restart-" + kind;
        Deployment deployment = deployment(
                name, DatabaseUnderTest.forOneNode(kind, shared.resolve(name).resolve("state"), name), 8, logs);
        try (ModelfleetScheduler first = deployment.node("first")) {
            WorkLedger ledger = first.runtime().ledger();
            await("some hours done", () -> done(ledger) >= 3);
        }
        // A node that died mid-hour leaves its hour RUNNING; make one such hour, as a crash would.
        WorkLedger ledger = deployment.ledger();
        WorkUnit abandoned = ledger.units(JobName.SLO_HOURLY).stream()
                .filter(u -> u.status() != WorkLedger.Status.DONE)
                .map(WorkLedger.Unit::unit)
                .findFirst()
                .orElse(new WorkUnit.HourUnit(FIRST.plus(7)));
        ledger.start(
                JobName.SLO_HOURLY,
                abandoned,
                "crashed-node",
                deployment.clock().now());
        try (ModelfleetScheduler second = deployment.node("second")) {
            await("all 8 hours done", () -> done(second.runtime().ledger()) == 8);
        }
        assertEachHourOnce(deployment, 8);
        List<Row> runs = deployment.jobRuns();
        assertThat(runs.stream().map(r -> (String) r.getAs("unit")).distinct().count())
                .isEqualTo(8);
        assertThat(runs.stream()
                        .filter(r -> r.getAs("status").equals("SUCCEEDED"))
                        .map(r -> (String) r.getAs("unit"))
                        .toList())
                .doesNotHaveDuplicates()
                .hasSize(8);
        assertThat(deployment.progress()).anyMatch(line -> line.contains("left running by a stopped node"));
        // Both nodes stopped cleanly and left the cluster.
        assertThat(SchedulerStatus.read(deployment.settings(), deployment.clock())
                        .nodes())
                .isEmpty();
    }

    @ParameterizedTest
    @EnumSource(DatabaseUnderTest.Kind.class)
    void twoClusteredNodesOnOneSharedDatabaseDoEachHourOnce(DatabaseUnderTest.Kind kind) throws Exception {
        String name = "cluster-" + kind;
        try (DatabaseUnderTest database = DatabaseUnderTest.shared(kind, shared.resolve(name + "-db"), "cluster")) {
            Deployment deployment = deployment(name, database, 12, logs);
            try (ModelfleetScheduler a = deployment.node("node-a");
                    ModelfleetScheduler b = deployment.node("node-b")) {
                await("12 hours done", () -> done(a.runtime().ledger()) == 12);
                assertThat(SchedulerStatus.read(deployment.settings(), deployment.clock())
                                .nodes())
                        .extracting(SchedulerStatus.Node::id)
                        .containsExactly("node-a", "node-b");
            }
            assertEachHourOnce(deployment, 12);
            List<Row> runs = deployment.jobRuns();
            assertThat(runs).hasSize(12);
            assertThat(runs.stream().map(r -> (String) r.getAs("unit")).toList())
                    .doesNotHaveDuplicates();
            // PostgreSQL's connections are pooled: a connection per use made some 360 here.
            database.connectionsMade().ifPresent(made -> assertThat(made).isLessThan(40));
        }
    }

    /**
     * Nodes started together on a fresh shared database race to make the tables and schedule the jobs:
     * each loser tries again and finds what the winner made, so both start and form one cluster.
     */
    @ParameterizedTest
    @EnumSource(DatabaseUnderTest.Kind.class)
    void twoNodesStartedAtOnceOnAFreshSharedDatabaseBothStart(DatabaseUnderTest.Kind kind) throws Exception {
        String name = "fresh-" + kind;
        try (DatabaseUnderTest database = DatabaseUnderTest.shared(kind, shared.resolve(name + "-db"), "fresh")) {
            // No hour is complete yet: the nodes start, and have nothing to do.
            Deployment deployment = deployment(name, database, 0, logs);
            CyclicBarrier together = new CyclicBarrier(2);
            ExecutorService starting = Executors.newFixedThreadPool(2);
            try {
                List<Future<ModelfleetScheduler>> nodes = new ArrayList<>();
                for (String id : List.of("node-a", "node-b")) {
                    nodes.add(starting.submit(() -> {
                        together.await();
                        return deployment.node(id);
                    }));
                }
                try (ModelfleetScheduler a = nodes.get(0).get(1, TimeUnit.MINUTES);
                        ModelfleetScheduler b = nodes.get(1).get(1, TimeUnit.MINUTES)) {
                    await(
                            "both nodes checked in",
                            () -> SchedulerStatus.read(deployment.settings(), deployment.clock())
                                            .nodes()
                                            .size()
                                    == 2);
                    assertThat(SchedulerStatus.read(deployment.settings(), deployment.clock())
                                    .jobs())
                            .extracting(j -> j.job().id() + " " + j.nextFire().isPresent())
                            .containsExactlyInAnyOrder(
                                    "slo-hourly true",
                                    "slo-daily true",
                                    "registry-snapshot true",
                                    "launch-controller true");
                }
            } finally {
                starting.shutdownNow();
            }
        }
    }

    @Test
    void aPoisonedHourIsRetriedThenMarkedFailedAndLaterHoursComplete() throws Exception {
        Path poisonedLogs = shared.resolve("poisoned-logs");
        copyTree(logs, poisonedLogs, 6);
        Hour poisoned = FIRST.plus(2);
        Path hourDir = poisonedLogs.resolve("ds=" + poisoned.ds()).resolve("hr=" + poisoned.hr());
        try (Stream<Path> files = Files.list(hourDir)) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".parquet")).toList()) {
                Files.write(file, "not parquet at all".getBytes());
            }
        }
        Deployment deployment = deployment("poisoned", null, 6, poisonedLogs);
        try (ModelfleetScheduler node = deployment.node("solo")) {
            WorkLedger ledger = node.runtime().ledger();
            await(
                    "the other 5 hours done and the poisoned one failed once",
                    () -> done(ledger) == 5 && unit(ledger, poisoned).status() == WorkLedger.Status.FAILED);
            assertThat(unit(ledger, poisoned).attempts()).isEqualTo(1);
            // Not retried before its backoff (10 minutes) has passed on the scheduler's clock ...
            Thread.sleep(2_000);
            assertThat(unit(ledger, poisoned).attempts()).isEqualTo(1);
            // ... and retried once after it; the second failure is the last (max_attempts: 2).
            deployment.clock().advance(Duration.ofMinutes(11));
            await(
                    "the second attempt",
                    () -> unit(ledger, poisoned).attempts() == 2
                            && unit(ledger, poisoned).status() == WorkLedger.Status.FAILED);
            deployment.clock().advance(Duration.ofHours(1).minusMinutes(11));
            Thread.sleep(2_000);
            assertThat(unit(ledger, poisoned).attempts()).isEqualTo(2);
            assertThat(unit(ledger, poisoned).error())
                    .get()
                    .asString()
                    .contains(hourDir.getFileName().toString());
        }
        List<Row> failedRuns = deployment.jobRuns().stream()
                .filter(r -> r.getAs("status").equals("FAILED"))
                .toList();
        assertThat(failedRuns)
                .extracting(r -> (String) r.getAs("unit"))
                .containsExactly(poisoned.toString(), poisoned.toString());
        assertThat(failedRuns).extracting(r -> (Integer) r.getAs("attempt")).containsExactly(1, 2);
        assertThat((String) failedRuns.get(0).getAs("error_message")).isNotBlank();
    }

    static WorkLedger.Unit unit(WorkLedger ledger, Hour hour) {
        return unit(ledger, new WorkUnit.HourUnit(hour)).orElseThrow();
    }

    static Optional<WorkLedger.Unit> unit(WorkLedger ledger, WorkUnit.HourUnit unit) {
        return ledger.units(JobName.SLO_HOURLY).stream()
                .filter(u -> u.unit().equals(unit))
                .findFirst();
    }

    @Test
    void aProvisionalHourIsComputedOnceMoreWhenItsLabelWindowClosesWithTheLateLabels() throws Exception {
        // Labels complete 2 h after an hour ends; they arrive 10 min after the event at the median.
        Path lateRegistry = shared.resolve("late-registry");
        Registry loaded = TestRegistries.fiveTiers(lateRegistry, 2);
        Path lateLogs = shared.resolve("late-logs");
        new PredictionLogGenerator(spark, loaded, 13, 0.05, 1.0, List.of())
                .labelDelays(new LabelDelays(Duration.ofMinutes(10), Duration.ofMinutes(60)))
                .write(Hour.range(FIRST, FIRST.plus(3)), Location.of(lateLogs));
        Deployment base = deployment("late-labels", null, 4, lateLogs);
        Deployment deployment =
                new Deployment(base.dir(), base.settings(), base.clock(), lateLogs, base.progress(), lateRegistry);
        Instant firstLook = deployment.clock().now();
        Hour third = FIRST.plus(2);
        Hour fourth = FIRST.plus(3);
        try (ModelfleetScheduler node = deployment.node("solo")) {
            WorkLedger ledger = node.runtime().ledger();
            await(
                    "4 hours done",
                    () -> ledger.units(JobName.SLO_HOURLY).stream()
                                    .filter(u -> !((WorkUnit.HourUnit) u.unit()).finalPass()
                                            && u.status() == WorkLedger.Status.DONE)
                                    .count()
                            == 4);
            // 00:00 and 01:00 closed their windows (03:00, 04:00) before the look at 04:00:30: final at once.
            // 02:00 and 03:00 are provisional, their final passes waiting for 05:00 and 06:00.
            assertThat(finalFlags(deployment))
                    .containsOnlyKeys(FIRST.toString(), FIRST.plus(1).toString(), third.toString(), fourth.toString())
                    .containsEntry(FIRST.toString(), true)
                    .containsEntry(FIRST.plus(1).toString(), true)
                    .containsEntry(third.toString(), false)
                    .containsEntry(fourth.toString(), false);
            assertThat(unit(ledger, new WorkUnit.HourUnit(FIRST, true))).isEmpty();
            assertThat(unit(ledger, new WorkUnit.HourUnit(third, true))).get().satisfies(u -> {
                assertThat(u.status()).isEqualTo(WorkLedger.Status.PENDING);
                assertThat(u.nextAttempt()).contains(third.plus(1).start().plus(Duration.ofHours(2)));
            });
            assertThat(events(deployment, third)).isEqualTo(labelsKnownAt(lateLogs, third, firstLook));
            Thread.sleep(2_000);
            assertThat(deployment.jobRuns()).hasSize(4);

            deployment.clock().advance(Duration.ofHours(1));
            Instant secondLook = deployment.clock().now();
            await(
                    "02:00 final",
                    () -> unit(ledger, new WorkUnit.HourUnit(third, true))
                            .map(u -> u.status() == WorkLedger.Status.DONE)
                            .orElse(false));
            assertThat(finalFlags(deployment))
                    .containsEntry(third.toString(), true)
                    .containsEntry(fourth.toString(), false);
            long early = labelsKnownAt(lateLogs, third, firstLook);
            long late = labelsKnownAt(lateLogs, third, secondLook);
            assertThat(late).isGreaterThan(early);
            assertThat(events(deployment, third)).isEqualTo(late);

            deployment.clock().advance(Duration.ofHours(1));
            await(
                    "03:00 final",
                    () -> unit(ledger, new WorkUnit.HourUnit(fourth, true))
                            .map(u -> u.status() == WorkLedger.Status.DONE)
                            .orElse(false));
            deployment.clock().advance(Duration.ofMinutes(30));
            Thread.sleep(2_000);
        }
        // The hours after the logs (04:00, 05:00 came due as the clock moved) are no concern here.
        Set<String> logged = Set.of(FIRST.toString(), FIRST.plus(1).toString(), third.toString(), fourth.toString());
        Map<String, Boolean> flags = finalFlags(deployment);
        assertThat(logged).allSatisfy(hour -> assertThat(flags).as(hour).containsEntry(hour, true));
        // Each hour computed once, and the two provisional ones once more: exactly once each.
        assertThat(deployment.jobRuns())
                .extracting(r -> (String) r.getAs("unit"))
                .filteredOn(unit -> logged.contains(unit.substring(0, 13)))
                .containsExactly(
                        FIRST.toString(),
                        FIRST.plus(1).toString(),
                        third.toString(),
                        fourth.toString(),
                        third + "/final",
                        fourth + "/final");
        var table = spark.read()
                .format("delta")
                .load(deployment.dir().resolve("warehouse/slo_hourly").toString());
        assertThat(table.count())
                .isEqualTo(table.select("model_id", "hour").distinct().count());
    }

    /** Per hour of slo_hourly, whether all its model-hours are final. */
    private static Map<String, Boolean> finalFlags(Deployment deployment) {
        Map<String, Boolean> flags = new TreeMap<>();
        for (Row r : spark.read()
                .format("delta")
                .load(deployment.dir().resolve("warehouse/slo_hourly").toString())
                .groupBy("hour")
                .agg(functions.expr("bool_and(final)"))
                .collectAsList()) {
            flags.put(Hour.of(r.getTimestamp(0).toInstant()).toString(), r.getBoolean(1));
        }
        return flags;
    }

    private static long events(Deployment deployment, Hour hour) {
        return spark.read()
                .format("delta")
                .load(deployment.dir().resolve("warehouse/slo_hourly").toString())
                .where(functions.col("hour").equalTo(Timestamp.from(hour.start())))
                .agg(functions.sum("events"))
                .first()
                .getLong(0);
    }

    /** The hour's rows whose label is known at {@code asOf}, counted straight from its Parquet files. */
    private static long labelsKnownAt(Path logs, Hour hour, Instant asOf) {
        return spark.read()
                .parquet(logs.resolve("ds=" + hour.ds())
                        .resolve("hr=" + hour.hr())
                        .toString())
                .where("label IS NOT NULL AND label_time <= timestamp_micros(" + asOf.toEpochMilli() * 1000 + "L)")
                .count();
    }

    static void copyTree(Path from, Path to, int hours) throws IOException {
        for (int h = 0; h < hours; h++) {
            Hour hour = FIRST.plus(h);
            Path source = from.resolve("ds=" + hour.ds()).resolve("hr=" + hour.hr());
            Path target = to.resolve("ds=" + hour.ds()).resolve("hr=" + hour.hr());
            Files.createDirectories(target);
            try (Stream<Path> files = Files.list(source)) {
                for (Path file : files.filter(f -> !f.getFileName().toString().startsWith("."))
                        .toList()) {
                    Files.copy(file, target.resolve(file.getFileName()));
                }
            }
        }
    }
}
