package io.modelfleet.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.modelfleet.alerts.AlertSettings;
import io.modelfleet.alerts.AlertmanagerProcess;
import io.modelfleet.alerts.WebhookReceiver;
import io.modelfleet.core.Hour;
import io.modelfleet.core.Location;
import io.modelfleet.core.slo.CorrelatedIncidents;
import io.modelfleet.jobs.ExternalTool;
import io.modelfleet.jobs.SharedSpark;
import io.modelfleet.jobs.TestRegistries;
import io.modelfleet.jobs.predictions.Incident;
import io.modelfleet.jobs.predictions.PredictionLogGenerator;
import io.modelfleet.registry.Registry;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scheduler's SLO work posting to a real Alertmanager, checked through its API v2 and a webhook
 * receiver: an UNSTABLE TIER0 model pages, a rerun of its hour changes nothing, the cleared
 * condition resolves it, the day's burning budget pages; with Alertmanager stopped every hour still
 * succeeds, job_runs says delivery failed, and once it is back a later run delivers what waited.
 *
 * <p>The work is driven the way Quartz drives it ({@code SloHourlyWork.run}, {@code UnitWork.daily}
 * on the node's runtime) with a clock the test sets, so each step happens exactly when the test says;
 * {@code TestScheduler} covers Quartz's firing of the same work. Expected alerts come from the tables
 * (queried here with SQL) and from the incidents the logs were generated with.
 */
class TestSloAlerts {
    static final Hour FIRST = Hour.parse("2026-11-20T16");
    static final Hour LAST = Hour.parse("2026-11-21T06");
    static final String TIER0 = TestRegistries.MODELS[0];
    static final String TIER1 = TestRegistries.MODELS[1];
    /** feed_t0_lsr is miscalibrated for three hours of the first day ... */
    static final Hour TIER0_BAD_FROM = Hour.parse("2026-11-20T20");

    static final Hour TIER0_BAD_TO = Hour.parse("2026-11-20T22");
    /** ... and reels_t1_lsr from 05:00 of the second day on. */
    static final Hour TIER1_BAD_FROM = Hour.parse("2026-11-21T05");

    @TempDir
    Path dir;

    SparkSession spark;

    @Test
    void incidentsPageRerunsAddNothingClearedOnesResolveAndADownAlertmanagerCatchesUpLater() throws Exception {
        Path binary = ExternalTool.require("prometheus-alertmanager", "prometheus-alertmanager");
        spark = SharedSpark.get();
        Path registry = dir.resolve("registry");
        Registry loaded = TestRegistries.fiveTiers(registry);
        Path logs = logs(loaded);
        int port = AlertmanagerProcess.freePort();
        AlertSettings alertSettings = new AlertSettings(
                URI.create("http://127.0.0.1:" + port),
                Map.of("env", "test"),
                Optional.of(URI.create("https://reports.example.com/fleet.html")),
                2,
                Duration.ofMillis(50),
                Duration.ofSeconds(2),
                Duration.ofHours(3));
        SchedulerSettings settings = SchedulerSettings.from(
                new ObjectMapper(new YAMLFactory()).readTree("""
                        start: %s
                        jobs:
                          slo-hourly: {lateness_minutes: 0, max_attempts: 2}
                        """.formatted(FIRST)), dir.resolve("state"));
        Database database = new Database(settings.database(), settings.user(), settings.password());
        WorkLedger ledger = new WorkLedger(database);
        ledger.createTable();
        Clock.Manual clock =
                new Clock.Manual(Hour.parse("2026-11-20T22").start().plusSeconds(30));
        SchedulerRuntime runtime = new SchedulerRuntime(
                () -> spark,
                registry,
                Location.of(logs),
                Location.of(dir.resolve("warehouse")),
                clock,
                settings,
                ledger,
                "solo",
                // The node's log, in the test's output file: each unit with its time and its alerts.
                System.out::println,
                Optional.of(alertSettings),
                CorrelatedIncidents.Settings.DEFAULT);

        try (WebhookReceiver webhook = new WebhookReceiver()) {
            String config = AlertmanagerProcess.webhookConfig(webhook.url());
            try (AlertmanagerProcess alertmanager =
                    AlertmanagerProcess.start(binary, dir.resolve("alertmanager"), port, config)) {
                // 1. Hours 16..21 of the first day: the TIER0 model is UNSTABLE from 20 on, and pages.
                assertThat(SloHourlyWork.run(runtime)).isEqualTo(6);
                assertThat(latestUnstable()).containsExactly(TIER0);
                JsonNode firing = only(alertmanager.alerts());
                assertThat(firing.path("labels"))
                        .isEqualTo(json(Map.of(
                                "alertname", "ModelfleetModelUnstable",
                                "model_id", TIER0,
                                "team", "ranking",
                                "tier", "TIER0",
                                "severity", "page",
                                "env", "test")));
                assertThat(instant(firing, "startsAt")).isEqualTo(TIER0_BAD_FROM.start());
                assertThat(firing.path("status").path("state").asText()).isEqualTo("active");
                assertThat(firing.path("generatorURL").asText())
                        .isEqualTo("https://reports.example.com/fleet.html#model-" + TIER0);
                JsonNode annotations = firing.path("annotations");
                assertThat(annotations.path("hour").asText()).isEqualTo("2026-11-20T21");
                assertThat(annotations.path("description").asText())
                        .isEqualTo(reasons(TIER0, "2026-11-20 21:00:00"))
                        .startsWith("calibration ");
                assertThat(annotations.path("report").asText())
                        .isEqualTo("https://reports.example.com/fleet.html#model-" + TIER0);
                webhook.await(
                        "the page firing",
                        a -> a.path("status").asText().equals("firing")
                                && a.path("labels").path("model_id").asText().equals(TIER0),
                        Duration.ofSeconds(20));
                assertThat(note("slo-hourly", "2026-11-20T20"))
                        .startsWith("alerts: 1 firing (1 new), 0 resolved; 1 sent");
                assertThat(note("slo-hourly", "2026-11-20T19")).startsWith("alerts: 0 firing, 0 resolved;");

                // 2. The same hour again: no second alert, the same start.
                ledger.requeue(JobName.SLO_HOURLY, List.of(new WorkUnit.HourUnit(Hour.parse("2026-11-20T21"))));
                assertThat(SloHourlyWork.run(runtime)).isEqualTo(1);
                JsonNode rerun = only(alertmanager.alerts());
                assertThat(rerun.path("fingerprint")).isEqualTo(firing.path("fingerprint"));
                assertThat(rerun.path("startsAt")).isEqualTo(firing.path("startsAt"));
                assertThat(rerun.path("labels")).isEqualTo(firing.path("labels"));

                // 3. Hours 22 and 23: the model recovers at 23, so its page resolves where it last held; then the
                // first day's rollup says its budget burns fast enough to page.
                clock.set(Hour.parse("2026-11-21T00").start().plusSeconds(30));
                assertThat(SloHourlyWork.run(runtime)).isEqualTo(2);
                assertThat(latestUnstable()).isEmpty();
                JsonNode resolved = webhook.await(
                        "the page resolved",
                        a -> a.path("status").asText().equals("resolved")
                                && a.path("labels").path("alertname").asText().equals("ModelfleetModelUnstable"),
                        Duration.ofSeconds(20));
                assertThat(instant(resolved, "endsAt"))
                        .isEqualTo(TIER0_BAD_TO.plus(1).start());
                assertThat(instant(resolved, "startsAt")).isEqualTo(TIER0_BAD_FROM.start());
                assertThat(alertmanager.alerts()).isEmpty();

                assertThat(UnitWork.daily(runtime)).isEqualTo(1);
                assertThat(burning("2026-11-20")).isEqualTo(Map.of(TIER0, "page"));
                assertThat(note("slo-daily", "2026-11-20")).startsWith("alerts: 1 firing (1 new), 0 resolved; 1 sent");
                JsonNode page = only(alertmanager.alerts());
                assertThat(page.path("labels").path("alertname").asText()).isEqualTo("ModelfleetErrorBudgetBurn");
                assertThat(page.path("labels").path("model_id").asText()).isEqualTo(TIER0);
                assertThat(page.path("labels").path("severity").asText()).isEqualTo("page");
                assertThat(instant(page, "startsAt")).isEqualTo(Instant.parse("2026-11-20T00:00:00Z"));
                Row day = daily(TIER0, "2026-11-20");
                assertThat(page.path("annotations").path("burn_rate_6h").asText())
                        .isEqualTo(String.format(Locale.ROOT, "%.1f", (double) day.getAs("burn_rate_6h")));
                assertThat(page.path("annotations").path("day").asText()).isEqualTo("2026-11-20");
            }

            // 4. Alertmanager is down for the first hours of the second day, when the TIER1 model turns UNSTABLE:
            // every hour still succeeds, and job_runs says what could not be delivered.
            clock.set(LAST.plus(1).start().plusSeconds(30));
            assertThat(SloHourlyWork.run(runtime)).isEqualTo(7);
            assertThat(ledger.units(JobName.SLO_HOURLY))
                    .allMatch(u -> u.status() == WorkLedger.Status.DONE)
                    .hasSize(15);
            List<Row> secondDay = spark.read()
                    .format("delta")
                    .load(dir.resolve("warehouse/job_runs").toString())
                    .where("job = 'slo-hourly' AND unit >= '2026-11-21T00'")
                    .collectAsList();
            assertThat(secondDay).hasSize(7).allSatisfy(run -> {
                assertThat((String) run.getAs("status")).isEqualTo("SUCCEEDED");
                assertThat((String) run.getAs("note"))
                        .contains("FAILED: Cannot deliver")
                        .contains("to Alertmanager " + alertSettings.alertmanager() + " (2 tries): connection refused")
                        .contains("waiting]");
            });
            assertThat(latestUnstable()).containsExactly(TIER1);

            // 5. Back up (empty: Alertmanager keeps alerts in memory): the next firing has no hour to compute and
            // delivers what waited: the TIER1 model's ticket, and the TIER0 budget's page, still the latest day's.
            try (AlertmanagerProcess alertmanager =
                    AlertmanagerProcess.start(binary, dir.resolve("alertmanager"), port, config)) {
                assertThat(alertmanager.alerts()).isEmpty();
                clock.advance(Duration.ofMinutes(5));
                assertThat(SloHourlyWork.run(runtime)).isZero();
                Map<String, JsonNode> delivered = byName(alertmanager.alerts());
                assertThat(delivered.keySet())
                        .containsExactly(
                                "ModelfleetErrorBudgetBurn " + TIER0 + " page",
                                "ModelfleetModelUnstable " + TIER1 + " ticket");
                JsonNode ticket = delivered.get("ModelfleetModelUnstable " + TIER1 + " ticket");
                assertThat(instant(ticket, "startsAt")).isEqualTo(TIER1_BAD_FROM.start());
                assertThat(ticket.path("labels").path("tier").asText()).isEqualTo("TIER1");
                assertThat(instant(delivered.get("ModelfleetErrorBudgetBurn " + TIER0 + " page"), "startsAt"))
                        .isEqualTo(Instant.parse("2026-11-20T00:00:00Z"));
                // Nothing waits any more: the next firing sends nothing.
                assertThat(runtime.alerts().orElseThrow().deliverPending()).isEmpty();
            }
        } finally {
            database.shutdown();
        }
    }

    /** Clean logs for every hour, with each incident's hours taken from logs generated with it. */
    Path logs(Registry registry) throws IOException {
        Path logs = dir.resolve("logs");
        new PredictionLogGenerator(spark, registry, 11, 1.0, 1.0, List.of())
                .write(Hour.range(FIRST, LAST), Location.of(logs));
        replaceHours(
                registry,
                logs,
                new Incident(Incident.Kind.MISCALIBRATE, TIER0, TIER0_BAD_FROM, 1.5),
                Hour.range(TIER0_BAD_FROM, TIER0_BAD_TO));
        replaceHours(
                registry,
                logs,
                new Incident(Incident.Kind.MISCALIBRATE, TIER1, TIER1_BAD_FROM, 1.5),
                Hour.range(TIER1_BAD_FROM, LAST));
        return logs;
    }

    void replaceHours(Registry registry, Path logs, Incident incident, List<Hour> hours) throws IOException {
        Path bad = dir.resolve("logs-" + incident.kind() + "-" + incident.modelId());
        new PredictionLogGenerator(spark, registry, 11, 1.0, 1.0, List.of(incident)).write(hours, Location.of(bad));
        for (Hour hour : hours) {
            Path target = logs.resolve("ds=" + hour.ds()).resolve("hr=" + hour.hr());
            try (Stream<Path> files = Files.list(target)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            try (Stream<Path> files = Files.list(bad.resolve("ds=" + hour.ds()).resolve("hr=" + hour.hr()))) {
                for (Path file : files.toList()) {
                    Files.copy(file, target.resolve(file.getFileName()));
                }
            }
        }
    }

    /** TIER0 and TIER1 models UNSTABLE in the newest hour of slo_hourly, by SQL. */
    List<String> latestUnstable() {
        return sql(
                        "SELECT model_id FROM %s WHERE hour = (SELECT max(hour) FROM %s) AND status = 'UNSTABLE'"
                                + " AND tier IN ('TIER0', 'TIER1') ORDER BY model_id",
                        "slo_hourly")
                .stream()
                .map(r -> r.getString(0))
                .toList();
    }

    /** slo_daily's alert per model for a day, where it is not none. */
    Map<String, String> burning(String day) {
        Map<String, String> alerts = new TreeMap<>();
        for (Row row :
                sql("SELECT model_id, alert FROM %s WHERE ds = '" + day + "' AND alert <> 'none'", "slo_daily")) {
            alerts.put(row.getString(0), row.getString(1));
        }
        return alerts;
    }

    Row daily(String model, String day) {
        return sql("SELECT * FROM %s WHERE model_id = '" + model + "' AND ds = '" + day + "'", "slo_daily")
                .get(0);
    }

    String reasons(String model, String hour) {
        return sql(
                        "SELECT reasons FROM %s WHERE model_id = '" + model + "' AND hour = TIMESTAMP '" + hour + "'",
                        "slo_hourly")
                .get(0)
                .getString(0);
    }

    String note(String job, String unit) {
        List<Row> runs = sql(
                "SELECT note FROM %s WHERE job = '" + job + "' AND unit = '" + unit + "' ORDER BY started DESC",
                "job_runs");
        return runs.get(0).getString(0);
    }

    /** {@code query} with every {@code %s} the table's Delta path. */
    List<Row> sql(String query, String table) {
        String path = "delta.`" + dir.resolve("warehouse").resolve(table) + "`";
        return spark.sql(query.replace("%s", path)).collectAsList();
    }

    static JsonNode only(JsonNode alerts) {
        assertThat(alerts).as(alerts.toString()).hasSize(1);
        return alerts.get(0);
    }

    static Map<String, JsonNode> byName(JsonNode alerts) {
        Map<String, JsonNode> byName = new TreeMap<>();
        for (JsonNode alert : alerts) {
            JsonNode labels = alert.path("labels");
            byName.put(
                    labels.path("alertname").asText() + " "
                            + labels.path("model_id").asText() + " "
                            + labels.path("severity").asText(),
                    alert);
        }
        return byName;
    }

    static Instant instant(JsonNode alert, String field) {
        return Instant.parse(alert.path(field).asText());
    }

    static JsonNode json(Map<String, String> map) {
        return new ObjectMapper().valueToTree(map);
    }
}
