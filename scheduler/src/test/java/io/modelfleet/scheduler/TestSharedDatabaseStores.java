package io.modelfleet.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.modelfleet.alerts.AlertReport;
import io.modelfleet.alerts.AlertSettings;
import io.modelfleet.alerts.Alerting;
import io.modelfleet.alerts.SloState;
import io.modelfleet.core.Hour;
import io.modelfleet.core.gate.CandidateQuality;
import io.modelfleet.core.gate.GateTest;
import io.modelfleet.core.slo.SloStatus;
import io.modelfleet.launcher.FreezePolicy;
import io.modelfleet.launcher.GateLook;
import io.modelfleet.launcher.LaunchEvent;
import io.modelfleet.launcher.LaunchRecord;
import io.modelfleet.launcher.LaunchSettings;
import io.modelfleet.launcher.LaunchState;
import io.modelfleet.launcher.Launches;
import io.modelfleet.launcher.SimulatedFleet;
import io.modelfleet.launcher.SimulatedTraffic;
import io.modelfleet.registry.Launch;
import io.modelfleet.registry.Model;
import io.modelfleet.registry.Registry;
import io.modelfleet.registry.RegistryLoader;
import io.modelfleet.registry.Tier;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.TimeZone;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The launch workflow's tables (launches, approvals, pools, the simulated fleet, the gate's looks,
 * the event outbox) and the alert outbox, through the scheduler's {@link Database} on each database
 * a scheduler may run on: every statement they run, run against a real H2 and a real PostgreSQL.
 * The launcher's and the alerts' own tests cover the rules on H2; this covers the SQL.
 */
class TestSharedDatabaseStores {
    static final Path EXAMPLE =
            Path.of("..", "examples", "registry").toAbsolutePath().normalize();
    static final String MODEL = "ig_feed_mtml_lsr_v3";
    static final SimulatedFleet.Settings FLEET =
            new SimulatedFleet.Settings(20, 0, Duration.ofMinutes(2), 3, Duration.ofMinutes(30));

    @TempDir
    Path dir;

    private Database open(DatabaseUnderTest.Kind kind, String purpose) throws SQLException {
        DatabaseUnderTest under = DatabaseUnderTest.forOneNode(kind, dir.resolve("state"), purpose);
        Database database = new Database(under.url(), under.user(), under.password());
        try (Connection connection = database.connect()) {
            assertThat(connection.getMetaData().getDatabaseProductName())
                    .isEqualTo(kind == DatabaseUnderTest.Kind.H2 ? "H2" : "PostgreSQL");
        }
        return database;
    }

    @ParameterizedTest
    @EnumSource(DatabaseUnderTest.Kind.class)
    void aMiscalibratedCandidateIsRolledBackByTheGateAndEveryStepAndLookIsPublishedOnce(DatabaseUnderTest.Kind kind)
            throws SQLException {
        Registry registry = RegistryLoader.loadValid(EXAMPLE);
        Database database = open(kind, "gated_launch");
        try {
            Launches.createTables(database);
            // Made twice, as every node and command does on its start: the second finds the tables.
            Launches.createTables(database);
            AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-30T09:00:00Z"));
            SimulatedTraffic traffic = new SimulatedTraffic(
                    Duration.ofHours(2),
                    3,
                    launch -> new SimulatedTraffic.Profile(0.05, 20_000),
                    launch -> CandidateQuality.parse("miscalibrated:1.6"));
            Launches launches = new Launches(
                            database,
                            () -> registry,
                            new SimulatedFleet(FLEET),
                            FreezePolicy.NONE,
                            now::get,
                            new LaunchSettings(
                                    Duration.ofHours(72),
                                    dir.resolve("changes"),
                                    FLEET,
                                    LaunchSettings.DEFAULT_ATTRIBUTION_WINDOW))
                    .gatedBy(traffic, GateTest.Policy.SEQUENTIAL);
            launches.submit(
                    request(registry, "wider_" + kind.name().toLowerCase(Locale.ROOT)),
                    new LaunchRecord.Estimate("est-1", "FITS", 12, "fits", "{\"verdict\":\"FITS\"}"),
                    12);
            String id = launches.all().get(0).id();
            assertThat(launches.approve(id, "feed-ranking-lead").launch().state())
                    .isEqualTo(LaunchState.ESTIMATED);
            assertThat(launches.approve(id, "@ML-Platform-Lead").launch().state())
                    .isEqualTo(LaunchState.APPROVED);
            List<LaunchState> seen = new ArrayList<>();
            for (int i = 0; i < 24 * 4 && !launches.view(id).launch().state().isEnd(); i++) {
                now.updateAndGet(t -> t.plus(Duration.ofMinutes(15)));
                launches.tick("controller");
                LaunchState state = launches.view(id).launch().state();
                if (seen.isEmpty() || seen.get(seen.size() - 1) != state) {
                    seen.add(state);
                    if (state == LaunchState.SHIFTING) {
                        // Reserved in the pool while it shifts: the whole candidate deployment.
                        assertThat(launches.view(id).reservation()).isPresent();
                    }
                }
            }
            assertThat(seen).containsExactly(LaunchState.PREPARING, LaunchState.SHIFTING, LaunchState.ROLLED_BACK);
            Launches.View ended = launches.view(id);
            assertThat(ended.reservation()).isEmpty();
            assertThat(ended.deployments())
                    .extracting(d -> d.version() + "=" + d.percent())
                    .containsExactlyInAnyOrder("v3=100.0", "v4=0.0");
            List<GateLook> looks = ended.gates();
            assertThat(looks).isNotEmpty();
            assertThat(looks.get(looks.size() - 1).stepDecision()).isEqualTo("FAIL");

            // The outboxes: every event and look handed over once, then nothing is left.
            List<LaunchEvent> published = new CopyOnWriteArrayList<>();
            assertThat(launches.publish(published::addAll))
                    .isEqualTo(ended.events().size());
            assertThat(published)
                    .extracting(LaunchEvent::to)
                    .containsExactly("REQUESTED", "ESTIMATED", "APPROVED", "PREPARING", "SHIFTING", "ROLLED_BACK");
            assertThat(launches.publish(published::addAll)).isZero();
            List<GateLook> publishedLooks = new CopyOnWriteArrayList<>();
            assertThat(launches.publishGates(publishedLooks::addAll)).isEqualTo(looks.size());
            assertThat(launches.publishGates(publishedLooks::addAll)).isZero();
            assertThat(publishedLooks).containsExactlyElementsOf(looks);
            // The rows as the database holds them, read by hand.
            assertThat(count(database, "SELECT COUNT(*) FROM MF_LAUNCH_EVENT WHERE PUBLISHED = FALSE"))
                    .isZero();
            assertThat(count(database, "SELECT COUNT(*) FROM MF_LAUNCH_GATE")).isEqualTo(looks.size());
            assertThat(count(database, "SELECT COUNT(*) FROM MF_POOL_RESERVATION"))
                    .isZero();
        } finally {
            database.shutdown();
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseUnderTest.Kind.class)
    void anAlertFiresIsResentResolvesAndWaitsInTheOutboxWhileAlertmanagerRefuses(DatabaseUnderTest.Kind kind)
            throws Exception {
        Database database = open(kind, "alerts");
        List<Integer> answers = new CopyOnWriteArrayList<>();
        List<String> posts = new CopyOnWriteArrayList<>();
        HttpServer alertmanager = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        alertmanager.createContext("/api/v2/alerts", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                int status = answers.isEmpty() ? 200 : answers.remove(0);
                if (status == 200) {
                    posts.add(new String(body.readAllBytes(), StandardCharsets.UTF_8));
                }
                exchange.sendResponseHeaders(status, -1);
            }
            exchange.close();
        });
        alertmanager.start();
        try {
            AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-30T12:00:00Z"));
            Alerting alerting = new Alerting(
                    new AlertSettings(
                            URI.create("http://127.0.0.1:"
                                    + alertmanager.getAddress().getPort()),
                            Map.of(),
                            Optional.empty(),
                            1,
                            Duration.ofMillis(10),
                            Duration.ofSeconds(2),
                            Duration.ofHours(3)),
                    database::connect,
                    now::get);
            Hour first = Hour.parse("2026-11-24T10");

            AlertReport firing = alerting.evaluate(unstableThrough(first, first.plus(1), first.plus(1)));
            assertThat(firing.firing()).isEqualTo(1);
            assertThat(firing.started()).isEqualTo(1);
            assertThat(posts).hasSize(1);
            assertThat(posts.get(0)).contains("\"startsAt\":\"2026-11-24T10:00:00Z\"");

            // Sent again with the same start; Alertmanager refuses it, so it waits in the outbox.
            answers.add(503);
            now.set(now.get().plus(Duration.ofMinutes(1)));
            AlertReport refused = alerting.evaluate(unstableThrough(first, first.plus(1), first.plus(1)));
            assertThat(refused.started()).isZero();
            assertThat(refused.ok()).isFalse();
            assertThat(count(database, "SELECT COUNT(*) FROM MF_ALERT WHERE PENDING = TRUE"))
                    .isEqualTo(1);

            // The condition cleared: resolved at the end of the last hour it held, delivered, forgotten.
            now.set(now.get().plus(Duration.ofMinutes(1)));
            AlertReport resolved = alerting.evaluate(unstableThrough(first, first.plus(1), first.plus(2)));
            assertThat(resolved.resolved()).isEqualTo(1);
            assertThat(posts).hasSize(2);
            assertThat(posts.get(1))
                    .contains("\"startsAt\":\"2026-11-24T10:00:00Z\"", "\"endsAt\":\"2026-11-24T12:00:00Z\"");
            assertThat(count(database, "SELECT COUNT(*) FROM MF_ALERT")).isZero();
        } finally {
            alertmanager.stop(0);
            database.shutdown();
        }
    }

    /**
     * Tables of the same name in another schema (a second deployment beside this one), or whose name
     * matches ours with '_' as a wildcard, are not taken for ours: ours are made in the current schema.
     */
    @ParameterizedTest
    @EnumSource(DatabaseUnderTest.Kind.class)
    void tablesOfOtherSchemasAndLookAlikeNamesAreNotTakenForOurs(DatabaseUnderTest.Kind kind) throws SQLException {
        Database database = open(kind, "schemas");
        try {
            try (Connection connection = database.connect();
                    Statement statement = connection.createStatement()) {
                statement.execute("CREATE SCHEMA OTHER");
                statement.execute("CREATE TABLE OTHER.MF_WORK (X INT)");
                statement.execute("CREATE TABLE OTHER.MF_LAUNCH (X INT)");
                statement.execute("CREATE TABLE MFXALERT (X INT)");
            }
            WorkLedger ledger = new WorkLedger(database);
            ledger.createTable();
            Launches.createTables(database);
            WorkUnit hour = new WorkUnit.HourUnit(Hour.parse("2026-11-01T04"));
            ledger.ensure(JobName.SLO_HOURLY, List.of(hour));
            assertThat(ledger.units(JobName.SLO_HOURLY))
                    .extracting(WorkLedger.Unit::unit)
                    .containsExactly(hour);
            assertThat(count(database, "SELECT COUNT(*) FROM MF_LAUNCH")).isZero();
            AlertReport none = new Alerting(
                            new AlertSettings(
                                    URI.create("http://127.0.0.1:9"),
                                    Map.of(),
                                    Optional.empty(),
                                    1,
                                    Duration.ofMillis(10),
                                    Duration.ofSeconds(1),
                                    Duration.ofHours(3)),
                            database::connect)
                    .evaluate(unstableThrough(
                            Hour.parse("2026-11-24T10"), Hour.parse("2026-11-24T09"), Hour.parse("2026-11-24T10")));
            assertThat(none.firing()).isZero();
            assertThat(count(database, "SELECT COUNT(*) FROM MF_ALERT")).isZero();
        } finally {
            database.shutdown();
        }
    }

    /**
     * A node in one time zone and a command in another share the database: times read back as the
     * instants written, and are held as UTC. New York's clocks go back at 06:00 UTC on 1 November
     * 2026, so 05:30 and 06:30 UTC are both 01:30 there: kept in the writer's zone, they would be one.
     */
    @ParameterizedTest
    @EnumSource(DatabaseUnderTest.Kind.class)
    void timesReadBackAsWrittenWhateverTheTimeZonesOfWriterAndReader(DatabaseUnderTest.Kind kind) throws Exception {
        Instant edt = Instant.parse("2026-11-01T05:30:00Z");
        Instant est = Instant.parse("2026-11-01T06:30:00Z");
        TimeZone zone = TimeZone.getDefault();
        Database database = open(kind, "time_zones");
        try {
            WorkLedger ledger = new WorkLedger(database);
            ledger.createTable();
            Launches.createTables(database);
            Registry registry = RegistryLoader.loadValid(EXAMPLE);
            AtomicReference<Instant> now = new AtomicReference<>(edt);
            Launches launches = new Launches(
                    database,
                    () -> registry,
                    new SimulatedFleet(FLEET),
                    FreezePolicy.NONE,
                    now::get,
                    new LaunchSettings(
                            Duration.ofHours(72),
                            dir.resolve("changes"),
                            FLEET,
                            LaunchSettings.DEFAULT_ATTRIBUTION_WINDOW));
            WorkUnit first = new WorkUnit.HourUnit(Hour.parse("2026-11-01T04"));
            WorkUnit second = new WorkUnit.HourUnit(Hour.parse("2026-11-01T05"));

            TimeZone.setDefault(TimeZone.getTimeZone("America/New_York"));
            ledger.ensure(JobName.SLO_HOURLY, List.of(first, second));
            ledger.start(JobName.SLO_HOURLY, first, "node-ny", edt);
            ledger.start(JobName.SLO_HOURLY, second, "node-ny", est);
            launches.submit(
                    request(registry, "zones"), new LaunchRecord.Estimate("est-1", "FITS", 12, "fits", "{}"), 12);
            now.set(est);
            launches.approve("zones", "feed-ranking-lead");
            launches.approve("zones", "ml-platform-lead");

            TimeZone.setDefault(TimeZone.getTimeZone("Asia/Kolkata"));
            assertThat(ledger.units(JobName.SLO_HOURLY))
                    .extracting(u -> u.started().orElseThrow())
                    .containsExactly(edt, est);
            LaunchRecord launch = launches.view("zones").launch();
            assertThat(launch.createdAt()).isEqualTo(edt);
            assertThat(launch.approvedAt()).contains(est);
            assertThat(launches.view("zones").events())
                    .extracting(LaunchEvent::at)
                    .containsExactly(edt, edt, est);
            // As held: UTC wall-clock times, whatever the zone of the session that reads them.
            try (Connection connection = database.connect();
                    Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT STARTED FROM MF_WORK ORDER BY UNIT")) {
                List<LocalDateTime> held = new ArrayList<>();
                while (rows.next()) {
                    held.add(rows.getObject(1, LocalDateTime.class));
                }
                assertThat(held)
                        .containsExactly(
                                LocalDateTime.parse("2026-11-01T05:30"), LocalDateTime.parse("2026-11-01T06:30"));
            }
        } finally {
            TimeZone.setDefault(zone);
            database.shutdown();
        }
    }

    /** feed_lsr (TIER0) UNSTABLE from {@code from} through {@code last}, then STABLE through {@code latest}. */
    static SloState unstableThrough(Hour from, Hour last, Hour latest) {
        List<SloState.ModelHour> hours = new ArrayList<>();
        for (Hour h = from; h.compareTo(latest) <= 0; h = h.plus(1)) {
            boolean unstable = h.compareTo(last) <= 0;
            hours.add(new SloState.ModelHour(
                    "feed_lsr",
                    "feed_ranking",
                    Tier.TIER0,
                    h,
                    unstable ? SloStatus.UNSTABLE : SloStatus.STABLE,
                    unstable ? "calibration 1.5 above 1.10" : "",
                    "run-" + h));
        }
        return new SloState(Optional.of(latest), hours, Optional.empty(), List.of());
    }

    static Launch request(Registry registry, String id) {
        Model production = registry.model(MODEL).orElseThrow();
        return new Launch(
                id,
                MODEL,
                "omar@example.com",
                "A wider candidate with better offline NE.",
                new Launch.Candidate(
                        "v4",
                        "s3://models/" + MODEL + "/v4/model.pt",
                        OptionalLong.of(12),
                        Optional.of(production.serving().resources()),
                        OptionalLong.empty(),
                        OptionalDouble.empty(),
                        production.serving().scorer()),
                List.of(new Launch.Step(25, 60), new Launch.Step(100, 0)),
                Optional.empty(),
                "launches/" + id + ".yaml");
    }

    static long count(Database database, String sql) throws SQLException {
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
