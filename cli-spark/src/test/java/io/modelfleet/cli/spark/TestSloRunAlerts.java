package io.modelfleet.cli.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelfleet.alerts.AlertmanagerProcess;
import io.modelfleet.alerts.WebhookReceiver;
import io.modelfleet.cli.CliRun;
import io.modelfleet.cli.ExitCodes;
import io.modelfleet.jobs.ExternalTool;
import io.modelfleet.jobs.TestRegistries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code slo run} with {@code alerts:} in modelfleet.yaml, against a real Alertmanager: a down one
 * is reported in the output and the run still succeeds; the next run, with it up, delivers. Without
 * {@code alerts:} nothing is sent and nothing is said; a malformed address is a usage error naming
 * the file and the key.
 */
class TestSloRunAlerts {
    static final String TIER0 = TestRegistries.MODELS[0];
    static final String HOUR = "2026-11-24T10";

    @TempDir
    static Path cwd;

    static int port;

    @BeforeAll
    static void deployment() throws IOException {
        TestRegistries.fiveTiers(cwd.resolve("registry"));
        port = AlertmanagerProcess.freePort();
        Files.writeString(cwd.resolve("modelfleet.yaml"), """
                registry: registry
                logs: logs
                warehouse: warehouse
                state: state
                spark:
                  master: local[2]
                alerts:
                  alertmanager: http://127.0.0.1:%d
                  labels: {env: test}
                  attempts: 2
                  backoff_seconds: 0.05
                  timeout_seconds: 2
                """.formatted(port));
        CliRun generate = CliRun.run(
                cwd,
                "generate",
                "predictions",
                "--from",
                "2026-11-24T09",
                "--to",
                HOUR,
                "--scale",
                "1",
                "--incident",
                "miscalibrate:" + TIER0 + ":" + HOUR + ":1.5");
        assertThat(generate.exitCode()).as(generate.err()).isZero();
    }

    @Test
    void aDownAlertmanagerIsReportedAndTheNextRunDelivers() throws Exception {
        Path binary = ExternalTool.require("prometheus-alertmanager", "prometheus-alertmanager");
        CliRun down = CliRun.run(cwd, "slo", "run", "--from", "2026-11-24T09", "--to", HOUR);
        assertThat(down.exitCode()).as(down.err()).isZero();
        assertThat(down.out())
                .contains("FAILED: Cannot deliver ")
                .contains(" to Alertmanager http://127.0.0.1:" + port + " (2 tries): connection refused");
        assertThat(down.err()).doesNotContain("\tat ");

        try (WebhookReceiver webhook = new WebhookReceiver();
                AlertmanagerProcess alertmanager = AlertmanagerProcess.start(
                        binary, cwd.resolve("alertmanager"), port, AlertmanagerProcess.webhookConfig(webhook.url()))) {
            CliRun up = CliRun.run(cwd, "slo", "run", "--hour", HOUR, "--format", "json");
            assertThat(up.exitCode()).as(up.err()).isZero();
            JsonNode report = new ObjectMapper().readTree(up.out()).path("alerts");
            assertThat(report.path("error").isNull()).as(report.toString()).isTrue();
            assertThat(report.path("pending").asInt()).isZero();
            assertThat(report.path("started").asInt()).isZero();

            // What fires, by the tables: UNSTABLE TIER0/TIER1 models in the latest hour, burning budgets on the
            // latest day.
            List<String> expected = new ArrayList<>();
            for (String line :
                    sql("SELECT model_id, tier FROM slo_hourly WHERE hour = (SELECT max(hour) FROM slo_hourly)"
                            + " AND status = 'UNSTABLE' AND tier IN ('TIER0', 'TIER1')")) {
                String[] cells = line.split(",");
                expected.add(
                        "ModelfleetModelUnstable " + cells[0] + " " + (cells[1].equals("TIER0") ? "page" : "ticket"));
            }
            for (String line : sql("SELECT model_id, alert FROM slo_daily WHERE ds = (SELECT max(ds) FROM slo_daily)"
                    + " AND alert <> 'none'")) {
                String[] cells = line.split(",");
                expected.add("ModelfleetErrorBudgetBurn " + cells[0] + " " + cells[1]);
            }
            assertThat(expected).contains("ModelfleetModelUnstable " + TIER0 + " page");
            assertThat(report.path("firing").asInt()).isEqualTo(expected.size());

            TreeSet<String> delivered = new TreeSet<>();
            for (JsonNode alert : alertmanager.alerts()) {
                JsonNode labels = alert.path("labels");
                delivered.add(labels.path("alertname").asText() + " "
                        + labels.path("model_id").asText() + " "
                        + labels.path("severity").asText());
                assertThat(labels.path("env").asText()).isEqualTo("test");
                assertThat(labels.path("team").asText()).isEqualTo("ranking");
                if (labels.path("alertname").asText().equals("ModelfleetModelUnstable")) {
                    // Fired by the first run, while Alertmanager was down: its start is the UNSTABLE hour's.
                    assertThat(Instant.parse(alert.path("startsAt").asText()))
                            .isEqualTo(Instant.parse(HOUR + ":00:00Z"));
                    assertThat(alert.path("annotations").path("hour").asText()).isEqualTo(HOUR);
                }
            }
            assertThat(delivered).containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    @Test
    void withoutAlertsNothingIsSentOrSaid() throws Exception {
        Path quiet = cwd.resolve("quiet");
        Files.createDirectories(quiet);
        Files.writeString(
                quiet.resolve("modelfleet.yaml"),
                "registry: ../registry\nlogs: ../logs\nwarehouse: warehouse\nstate: state\nspark:\n  master: local[2]\n");
        CliRun text = CliRun.run(quiet, "slo", "run", "--hour", HOUR);
        assertThat(text.exitCode()).as(text.err()).isZero();
        assertThat(text.out()).doesNotContain("alerts:");
        CliRun json = CliRun.run(quiet, "slo", "run", "--hour", HOUR, "--format", "json");
        assertThat(new ObjectMapper().readTree(json.out()).path("alerts").isNull())
                .isTrue();
        // No alert outbox, nor a scheduler database, was made for it.
        assertThat(quiet.resolve("state")).doesNotExist();
    }

    @Test
    void aMalformedAddressIsAUsageErrorNamingTheFileAndKey() throws IOException {
        Path broken = cwd.resolve("broken");
        Files.createDirectories(broken);
        Path config = Files.writeString(
                broken.resolve("modelfleet.yaml"),
                "registry: ../registry\nlogs: ../logs\nalerts:\n  alertmanager: localhost:9093\n");
        CliRun run = CliRun.run(broken, "slo", "run", "--hour", HOUR);
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err())
                .contains("Cannot read config " + config
                        + ": 'alerts.alertmanager' must be an http or https URL with a host, got 'localhost:9093'")
                .contains("write e.g. 'alertmanager: http://localhost:9093'")
                .contains("'alerts:' in modelfleet.yaml")
                .doesNotContain("\tat ")
                .doesNotContain("starting Spark");
    }

    /** The query's rows as CSV lines, without the header, through the sql command. */
    static List<String> sql(String query) {
        CliRun run = CliRun.run(cwd, "sql", "--format", "csv", query);
        assertThat(run.exitCode()).as(run.err()).isZero();
        List<String> lines = new ArrayList<>(run.out().lines().toList());
        lines.remove(0);
        return lines;
    }
}
