package io.modelfleet.cli.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelfleet.cli.CliRun;
import io.modelfleet.cli.ExitCodes;
import io.modelfleet.core.Hour;
import io.modelfleet.jobs.SparkSessions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SLO commands end to end, on a deployment folder laid out like the demo's. */
class TestSloCommands {
    @TempDir
    static Path cwd;

    @BeforeAll
    static void deployment() throws IOException {
        CliRun.copyExample(cwd.resolve("registry"));
        Files.writeString(
                cwd.resolve("modelfleet.yaml"),
                "registry: registry\nlogs: logs\nwarehouse: warehouse\nspark:\n  master: local[2]\n");
        CliRun generate = CliRun.run(
                cwd,
                "generate",
                "predictions",
                "--from",
                "2026-11-24T10",
                "--to",
                "2026-11-24T11",
                "--scale",
                "0.2",
                "--incident",
                "unregistered:ghost_model:2026-11-24T10:7",
                "--format",
                "json");
        assertThat(generate.exitCode()).as(generate.err()).isZero();
        assertThat(cwd.resolve("logs/ds=2026-11-24/hr=10")).isDirectory();
        generated = new ObjectMapper().readTree(generate.out());
    }

    /** What generate predictions --format json said it wrote. */
    static JsonNode generated;

    @Test
    void generatePredictionsJsonSaysWhatItWrote() {
        Path logs = cwd.resolve("logs");
        assertThat(generated.path("folder").asText()).isEqualTo(logs.toString());
        assertThat(generated.path("hours").asInt()).isEqualTo(2).isEqualTo(FleetFiles.hourPartitions(logs));
        assertThat(generated.path("models").asInt())
                .isEqualTo(FleetFiles.servingModels().size());
        // With --negative-weight 1 every planned event is written: count the Parquet rows.
        long rows = SparkSessions.create("local[2]", "test")
                .read()
                .parquet(logs.toString())
                .count();
        assertThat(generated.path("planned_rows").isIntegralNumber()).isTrue();
        assertThat(generated.path("planned_rows").asLong()).isEqualTo(rows);
        assertThat(generated.path("seconds").isNumber()).isTrue();
    }

    @Test
    void oneModelsWholeContextOnOneScreen() throws Exception {
        CliRun run = CliRun.run(cwd, "slo", "run", "--hour", "2026-11-24T10", "--format", "json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        Path registry = cwd.resolve("registry");
        for (List<String> git : List.of(
                List.of("git", "init", "-q"),
                List.of("git", "add", "."),
                List.of(
                        "git",
                        "-c",
                        "user.name=Omar",
                        "-c",
                        "user.email=omar@example.com",
                        "commit",
                        "-q",
                        "-m",
                        "Register the feed models"))) {
            Process process = new ProcessBuilder(git)
                    .directory(registry.toFile())
                    .inheritIO()
                    .start();
            assertThat(process.waitFor()).as(String.join(" ", git)).isZero();
        }
        CliRun model = CliRun.run(cwd, "model", "ig_feed_mtml_lsr_v3", "--hours", "6", "--format", "json");
        assertThat(model.exitCode()).as(model.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(model.out());
        assertThat(json.path("model_id").asText()).isEqualTo("ig_feed_mtml_lsr_v3");
        assertThat(json.path("oncall").asText()).isEqualTo("feed-ranking-oncall");
        // The hour just judged is there, with the counts slo_hourly holds for it.
        JsonNode hour = json.path("slo_hours").get(0);
        long events = SparkSessions.create("local[2]", "test")
                .read()
                .format("delta")
                .load(cwd.resolve("warehouse/slo_hourly").toString())
                .where("model_id = 'ig_feed_mtml_lsr_v3' AND hour = timestamp'2026-11-24 10:00:00'")
                .select("events")
                .first()
                .getLong(0);
        assertThat(hour.path("hour").asText()).isEqualTo("2026-11-24T10");
        assertThat(hour.path("events").asLong()).isEqualTo(events).isPositive();
        assertThat(json.path("changes").get(0).path("subject").asText()).isEqualTo("Register the feed models");
        assertThat(json.path("changes").get(0).path("author").asText()).isEqualTo("Omar");
        assertThat(json.path("launches").size()).isZero();

        CliRun text = CliRun.run(cwd, "model", "ig_feed_mtml_lsr_v3");
        assertThat(text.out()).contains("on-call feed-ranking-oncall", "2026-11-24T10", "Register the feed models");
        CliRun typo = CliRun.run(cwd, "model", "ig_feed_mtml_lsr_v33");
        assertThat(typo.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(typo.err()).contains("No model 'ig_feed_mtml_lsr_v33'", "did you mean 'ig_feed_mtml_lsr_v3'?");
    }

    @Test
    void anHourJustEndedIsProvisionalAndSloRunAndStatusSaySo() throws IOException {
        // The sample registry's tiers take 1 to 3 hours for their labels: the hour that just ended is
        // provisional until 3 hours after its end (TIER0), whenever this runs.
        Hour justEnded = Hour.of(Instant.now()).plus(-1);
        Path logs = cwd.resolve("late-logs");
        Path warehouse = cwd.resolve("late-warehouse");
        CliRun generate = CliRun.run(
                cwd,
                "generate",
                "predictions",
                "--from",
                justEnded.toString(),
                "--to",
                justEnded.toString(),
                "--scale",
                "0.05",
                "--out",
                logs.toString(),
                "--label-delay-median-minutes",
                "10",
                "--label-delay-p99-minutes",
                "60");
        assertThat(generate.exitCode()).as(generate.err()).isZero();

        CliRun run = CliRun.run(
                cwd,
                "slo",
                "run",
                "--hour",
                justEnded.toString(),
                "--logs",
                logs.toString(),
                "--warehouse",
                warehouse.toString(),
                "--format",
                "json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(new ObjectMapper()
                        .readTree(run.out())
                        .path("provisional_until")
                        .path(justEnded.toString())
                        .asText())
                .isEqualTo(justEnded.plus(1).start().plus(Duration.ofHours(3)).toString());
        CliRun status = CliRun.run(cwd, "slo", "status", "--warehouse", warehouse.toString());
        assertThat(status.exitCode()).as(status.err()).isZero();
        assertThat(status.out())
                .contains("provisional: " + FleetFiles.servingModels().size() + " model-hours over 1 hour(s)");
    }

    @Test
    void labelDelayFlagsAreCheckedInMinutesBeforeSparkStarts() {
        CliRun zero = CliRun.run(
                cwd,
                "generate",
                "predictions",
                "--from",
                "2026-11-24T10",
                "--to",
                "2026-11-24T10",
                "--label-delay-median-minutes",
                "0");
        assertThat(zero.exitCode()).isEqualTo(2);
        assertThat(zero.err())
                .contains("the label delay median must be in (0, 43200] minutes, got 0")
                .contains("--label-delay-median-minutes")
                .doesNotContain("Exception")
                .doesNotContain("starting Spark");
        CliRun tailOnly = CliRun.run(
                cwd,
                "generate",
                "predictions",
                "--from",
                "2026-11-24T10",
                "--to",
                "2026-11-24T10",
                "--label-delay-p99-minutes",
                "60");
        assertThat(tailOnly.exitCode()).isEqualTo(2);
        assertThat(tailOnly.err()).contains("99th percentile was given without its median");
    }

    @Test
    void runThenQuery() throws IOException {
        CliRun run =
                CliRun.run(cwd, "slo", "run", "--from", "2026-11-24T10", "--to", "2026-11-24T12", "--format", "json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.path("computed_hours").size()).isEqualTo(3);
        assertThat(json.path("unregistered_rows").path("ghost_model").asLong()).isEqualTo(7);
        // hour 12 has no logs: NO_DATA for every serving model
        assertThat(json.path("statuses").path("NO_DATA").asLong()).isPositive();

        CliRun sql = CliRun.run(
                cwd,
                "sql",
                "--format",
                "csv",
                "SELECT status, count(*) AS n FROM slo_hourly WHERE hour = TIMESTAMP '2026-11-24 12:00:00' GROUP BY status");
        assertThat(sql.exitCode()).as(sql.err()).isZero();
        assertThat(sql.out()).startsWith("status,n\nNO_DATA,");
        // ds is a date: a day written as text compares as one, and a day that does not exist is the query's mistake
        CliRun day = CliRun.run(
                cwd, "sql", "--format", "csv", "SELECT count(*) AS n FROM slo_hourly WHERE ds = '2026-11-24'");
        assertThat(day.exitCode()).as(day.err()).isZero();
        CliRun hours = CliRun.run(
                cwd,
                "sql",
                "--format",
                "csv",
                "SELECT count(*) AS n FROM slo_hourly"
                        + " WHERE hour >= TIMESTAMP '2026-11-24 00:00:00' AND hour < TIMESTAMP '2026-11-25 00:00:00'");
        assertThat(day.out()).isEqualTo(hours.out()).isNotEqualTo("n\n0\n");
        for (String mistake : List.of(
                "SELECT count(*) FROM slo_hourly WHERE ds = '2026-11-31'", "SELECT sum(rows) / 0 FROM slo_hourly")) {
            CliRun failed = CliRun.run(cwd, "sql", mistake);
            assertThat(failed.exitCode()).as(mistake + ": " + failed.err()).isEqualTo(ExitCodes.USAGE);
            assertThat(failed.err())
                    .contains("error: Cannot run query: [")
                    .contains("try_cast")
                    .doesNotContain("internal error")
                    .doesNotContain("\tat ");
        }

        CliRun status = CliRun.run(cwd, "slo", "status");
        assertThat(status.exitCode()).isZero();
        assertThat(status.out()).contains("latest hour 2026-11-24T12 UTC: NO_DATA");
    }

    @Test
    void anotherDeltaImplementationReadsEveryTableAsSqlDoesWithItsComments() {
        Path warehouse = cwd.resolve("kernel-warehouse");
        CliRun run = CliRun.run(
                cwd,
                "slo",
                "run",
                "--from",
                "2026-11-24T10",
                "--to",
                "2026-11-24T12",
                "--warehouse",
                warehouse.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        // a rerun of an hour rewrites its day: still one file for the day
        CliRun rerun = CliRun.run(cwd, "slo", "run", "--hour", "2026-11-24T11", "--warehouse", warehouse.toString());
        assertThat(rerun.exitCode()).as(rerun.err()).isZero();
        // three hours of every serving model (hour 12 without logs: NO_DATA, a surface-wide incident)
        assertThat(KernelTables.assertReadsAsSqlDoes(cwd, warehouse, "slo_hourly"))
                .isEqualTo(3 * FleetFiles.servingModels().size());
        for (String table : List.of("slo_daily", "slo_daily_rollup", "slo_unregistered", "slo_incidents")) {
            assertThat(KernelTables.assertReadsAsSqlDoes(cwd, warehouse, table))
                    .as(table)
                    .isPositive();
        }
    }

    @Test
    void badQueryIsAUsageErrorWithoutStackTrace() {
        CliRun run = CliRun.run(cwd, "sql", "SELECT * FROM no_such_table");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("error: Cannot ").doesNotContain("\tat ");
    }

    @Test
    void hoursOutOfOrderAreAUsageError() {
        CliRun run = CliRun.run(cwd, "slo", "run", "--from", "2026-11-24T12", "--to", "2026-11-24T10");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("it ends before it starts");
        CliRun bad = CliRun.run(cwd, "slo", "run", "--hour", "yesterday");
        assertThat(bad.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).contains("Cannot read hour 'yesterday'");
    }

    @Test
    void badIncidentIsAUsageError() {
        CliRun run = CliRun.run(
                cwd,
                "generate",
                "predictions",
                "--from",
                "2026-11-24T10",
                "--to",
                "2026-11-24T10",
                "--incident",
                "explode:x:2026-11-24T10:1");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("unknown kind 'explode'");
    }

    @Test
    void formatAndHourTyposAreRefusedBeforeSparkStarts() {
        for (String[] args : new String[][] {
            {"slo", "run", "--hour", "2026-11-24T10", "--format", "yaml"},
            {"slo", "run", "--hour", "2026-11-24T10", "--format", "table"},
            {"sql", "--format", "xml", "SELECT 1"},
            {"slo", "status", "--format", "csv"},
            {"slo", "run", "--hour", "2026-11-24T1x"}
        }) {
            CliRun run = CliRun.run(cwd, args);
            assertThat(run.exitCode()).as(String.join(" ", args)).isEqualTo(ExitCodes.USAGE);
            assertThat(run.err())
                    .as(String.join(" ", args))
                    .startsWith("error: ")
                    .contains("usage: modelfleet ")
                    .doesNotContain("starting Spark");
        }
    }

    @Test
    void errorsNameTheFlagThatSetsTheInputAtFault() {
        CliRun logs = CliRun.run(cwd, "slo", "run", "--hour", "2026-11-24T10", "--logs", "no-such-logs");
        assertThat(logs.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(logs.err())
                .contains("error: Cannot run SLOs: logs folder " + cwd.resolve("no-such-logs") + " does not exist")
                .contains("set with --logs DIR|URL, or 'logs:' in modelfleet.yaml");
        CliRun scale = CliRun.run(
                cwd, "generate", "predictions", "--from", "2026-11-24T10", "--to", "2026-11-24T10", "--scale", "0");
        assertThat(scale.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(scale.err())
                .contains("the scale must be in (0, 1000], got 0")
                .contains("set with --scale F")
                .doesNotContain("--logs");
    }

    @Test
    void aRerunFromAnEmptyLogsFolderIsRefusedUnlessDataLossIsAllowed() throws IOException {
        Path warehouse = cwd.resolve("guarded-warehouse");
        CliRun first = CliRun.run(cwd, "slo", "run", "--hour", "2026-11-24T11", "--warehouse", warehouse.toString());
        assertThat(first.exitCode()).as(first.err()).isZero();
        Files.createDirectories(cwd.resolve("empty-logs"));
        CliRun refused = CliRun.run(
                cwd,
                "slo",
                "run",
                "--hour",
                "2026-11-24T11",
                "--warehouse",
                warehouse.toString(),
                "--logs",
                "empty-logs");
        assertThat(refused.exitCode()).as(refused.err()).isEqualTo(ExitCodes.FINDINGS);
        assertThat(refused.out())
                .contains("FAILED 2026-11-24T11: 2026-11-24T11 has ")
                .contains("but its logs now hold 0")
                .contains("(pass --allow-data-loss to replace it)");
        CliRun allowed = CliRun.run(
                cwd,
                "slo",
                "run",
                "--hour",
                "2026-11-24T11",
                "--warehouse",
                warehouse.toString(),
                "--logs",
                "empty-logs",
                "--allow-data-loss",
                "--format",
                "json");
        assertThat(allowed.exitCode()).as(allowed.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(allowed.out());
        assertThat(json.path("computed_hours").get(0).asText()).isEqualTo("2026-11-24T11");
        assertThat(json.path("statuses").path("NO_DATA").asLong())
                .isEqualTo(FleetFiles.servingModels().size());
    }

    @Test
    void aRangeOverTheLimitNeedsConfirmation() {
        // Probe: a ten-year range started 87,673 hours without a question.
        CliRun run = CliRun.run(cwd, "slo", "run", "--from", "2016-01-01T00", "--to", "2026-01-01T00");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err())
                .contains(
                        "error: Cannot start 87,673 hours (2016-01-01T00 to 2026-01-01T00, 3653 days) without a confirmation")
                .contains("set with --yes, or 'max_range_days:' in modelfleet.yaml")
                .doesNotContain("starting Spark");
        CliRun generate =
                CliRun.run(cwd, "generate", "predictions", "--from", "2026-01-01T00", "--to", "2026-03-01T00");
        assertThat(generate.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(generate.err()).contains("without a confirmation").contains("--yes");
    }

    @Test
    void sqlReadsAndRefusesToWrite() throws IOException {
        Path warehouse = cwd.resolve("sql-warehouse");
        assertThat(CliRun.run(cwd, "slo", "run", "--hour", "2026-11-24T10", "--warehouse", warehouse.toString())
                        .exitCode())
                .isZero();
        String count = "SELECT count(*) AS n FROM slo_hourly";
        String before = CliRun.run(cwd, "sql", "--warehouse", warehouse.toString(), "--format", "csv", count)
                .out();
        Path outside = Files.createDirectories(cwd.resolve("outside"));
        Files.writeString(outside.resolve("keep.txt"), "mine");
        for (String statement : new String[] {
            "DELETE FROM slo_hourly", "INSERT OVERWRITE DIRECTORY '" + outside + "' USING csv SELECT * FROM slo_hourly"
        }) {
            CliRun refused = CliRun.run(cwd, "sql", "--warehouse", warehouse.toString(), statement);
            assertThat(refused.exitCode()).as(statement).isEqualTo(ExitCodes.USAGE);
            assertThat(refused.err())
                    .as(statement)
                    .contains("only queries run here")
                    .doesNotContain("\tat ");
        }
        assertThat(CliRun.run(cwd, "sql", "--warehouse", warehouse.toString(), "--format", "csv", count)
                        .out())
                .isEqualTo(before)
                .isNotEqualTo("n\n0\n");
        assertThat(Files.readString(outside.resolve("keep.txt"))).isEqualTo("mine");
    }

    @Test
    void idsFromLogsArePrintedInert() {
        String hostile = "evil\nid\u001b[2J" + "x".repeat(200);
        CliRun generate = CliRun.run(
                cwd,
                "generate",
                "predictions",
                "--out",
                "hostile-logs",
                "--from",
                "2026-11-24T12",
                "--to",
                "2026-11-24T12",
                "--scale",
                "0.01",
                "--incident",
                "unregistered:" + hostile + ":2026-11-24T12:5");
        assertThat(generate.exitCode()).as(generate.err()).isZero();
        CliRun run = CliRun.run(
                cwd,
                "slo",
                "run",
                "--hour",
                "2026-11-24T12",
                "--logs",
                "hostile-logs",
                "--warehouse",
                "hostile-warehouse");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .contains("rows for ids not in the registry: evil\\nid\\u001b[2J")
                .contains("(" + hostile.length() + " chars) 5")
                .doesNotContain("\u001b")
                .doesNotContain("evil\nid");
    }
}
