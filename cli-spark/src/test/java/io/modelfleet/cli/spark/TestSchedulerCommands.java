package io.modelfleet.cli.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelfleet.cli.CliRun;
import io.modelfleet.cli.ExitCodes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scheduler commands end to end on a deployment folder: backfill without a node, status, run until idle, bad settings. */
class TestSchedulerCommands {
    @TempDir
    static Path cwd;

    @BeforeAll
    static void deployment() throws IOException {
        CliRun.copyExample(cwd.resolve("registry"));
        Files.writeString(cwd.resolve("modelfleet.yaml"), """
                registry: registry
                logs: logs
                warehouse: warehouse
                state: state
                spark:
                  master: local[2]
                scheduler:
                  start: 2026-11-24T10
                  jobs:
                    slo-hourly: {cron: "0/1 * * * * ?", lateness_minutes: 0}
                    slo-daily: {cron: "0 0 0 1 1 ? 2099"}
                    registry-snapshot: {cron: "0/1 * * * * ?"}
                """);
        CliRun generate = CliRun.run(
                cwd, "generate", "predictions", "--from", "2026-11-24T10", "--to", "2026-11-24T12", "--scale", "0.05");
        assertThat(generate.exitCode()).as(generate.err()).isZero();
    }

    @Test
    void backfillComputesHereWhenNoNodeRunsThenRunCatchesUpAndStatusShowsIt() throws IOException {
        CliRun backfill = CliRun.run(
                cwd,
                "scheduler",
                "backfill",
                "--job",
                "slo-hourly",
                "--from",
                "2026-11-24T10",
                "--to",
                "2026-11-24T11");
        assertThat(backfill.exitCode()).as(backfill.err() + backfill.out()).isZero();
        assertThat(backfill.out())
                .contains("computed 2 of 2 unit(s) of slo-hourly here (no scheduler node is running)");

        // The clock at 13:00 makes 12h the last complete hour: the node computes it alone, then stops once idle.
        CliRun run = CliRun.run(
                cwd,
                "scheduler",
                "run",
                "--node",
                "test-node",
                "--clock-start",
                "2026-11-24T13",
                "--clock-speed",
                "1",
                "--exit-when-idle",
                "--max-runtime",
                "120");
        assertThat(run.exitCode()).as(run.err() + run.out()).isZero();
        assertThat(run.out())
                .contains("slo-hourly: 2026-11-24T12 succeeded")
                .doesNotContain("2026-11-24T10 succeeded")
                .contains("caught up")
                .contains("stopped cleanly");

        CliRun status = CliRun.run(cwd, "scheduler", "status", "--format", "json", "--clock-start", "2026-11-24T13");
        assertThat(status.exitCode()).as(status.err()).isZero();
        JsonNode hourly = new ObjectMapper().readTree(status.out()).path("jobs").path(0);
        assertThat(hourly.path("job").asText()).isEqualTo("slo-hourly");
        assertThat(hourly.path("done").asInt()).isEqualTo(3);
        assertThat(hourly.path("hours_behind").asInt()).isZero();
        assertThat(hourly.path("latest_done").asText()).isEqualTo("2026-11-24T12");

        CliRun runs = CliRun.run(
                cwd,
                "sql",
                "--format",
                "csv",
                "SELECT unit, status FROM job_runs WHERE job = 'slo-hourly' ORDER BY unit");
        assertThat(runs.out())
                .isEqualTo("unit,status\n2026-11-24T10,SUCCEEDED\n2026-11-24T11,SUCCEEDED\n2026-11-24T12,SUCCEEDED\n");
        // Another Delta implementation reads the scheduler's tables as sql does.
        assertThat(KernelTables.assertReadsAsSqlDoes(cwd, cwd.resolve("warehouse"), "job_runs"))
                .isGreaterThanOrEqualTo(3);
        assertThat(KernelTables.assertReadsAsSqlDoes(cwd, cwd.resolve("warehouse"), "registry_snapshots"))
                .isPositive();

        // --format json: the log goes to stderr, stdout holds one summary.
        CliRun backfillJson = CliRun.run(
                cwd,
                "scheduler",
                "backfill",
                "--job",
                "slo-hourly",
                "--from",
                "2026-11-24T13",
                "--to",
                "2026-11-24T13",
                "--format",
                "json");
        assertThat(backfillJson.exitCode()).as(backfillJson.err()).isZero();
        JsonNode backfilled = new ObjectMapper().readTree(backfillJson.out());
        assertThat(backfilled.path("job").asText()).isEqualTo("slo-hourly");
        assertThat(backfilled.path("queued").asInt()).isEqualTo(1);
        assertThat(backfilled.path("processed_here").asBoolean()).isTrue();
        assertThat(backfilled.path("succeeded").asInt()).isEqualTo(1);
        assertThat(backfillJson.err()).contains("slo-hourly: 2026-11-24T13 succeeded");

        CliRun idle = CliRun.run(
                cwd,
                "scheduler",
                "run",
                "--node",
                "idle-node",
                "--clock-start",
                "2026-11-24T13",
                "--exit-when-idle",
                "--max-runtime",
                "60",
                "--format",
                "json");
        assertThat(idle.exitCode()).as(idle.err()).isZero();
        assertThat(idle.err()).contains("stopped cleanly");
        JsonNode ran = new ObjectMapper().readTree(idle.out());
        assertThat(ran.path("node").asText()).isEqualTo("idle-node");
        assertThat(ran.path("stopped").asText()).isEqualTo("caught-up");
        assertThat(ran.path("seconds").isNumber()).isTrue();
        JsonNode hourlyRan = ran.path("jobs").path(0);
        assertThat(hourlyRan.path("job").asText()).isEqualTo("slo-hourly");
        assertThat(hourlyRan.path("done_while_running").asLong()).isZero();
        assertThat(hourlyRan.path("hours_behind").asLong()).isZero();
        CliRun succeeded = CliRun.run(
                cwd,
                "sql",
                "--format",
                "csv",
                "SELECT count(DISTINCT unit) AS n FROM job_runs WHERE job = 'slo-hourly' AND status = 'SUCCEEDED'");
        assertThat(succeeded.out()).isEqualTo("n\n" + hourlyRan.path("done").asLong() + "\n");
        assertThat(hourlyRan.path("done").asLong()).isEqualTo(4);
    }

    @Test
    void aBadCronIsAUsageErrorThatSaysWhere() throws IOException {
        Path other = cwd.resolve("bad");
        Files.createDirectories(other);
        Files.writeString(
                other.resolve("modelfleet.yaml"), "scheduler:\n  jobs:\n    slo-hourly: {cron: \"every hour\"}\n");
        CliRun status = CliRun.run(other, "scheduler", "status");
        assertThat(status.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(status.err())
                .contains("scheduler.jobs.slo-hourly.cron 'every hour' is not a Quartz cron expression")
                .doesNotContain("\tat ");
        CliRun unknownJob = CliRun.run(
                cwd,
                "scheduler",
                "backfill",
                "--job",
                "slo-weekly",
                "--from",
                "2026-11-24T10",
                "--to",
                "2026-11-24T10");
        assertThat(unknownJob.exitCode()).isEqualTo(ExitCodes.USAGE);
        // Refused while the command line is parsed, naming the jobs there are.
        assertThat(unknownJob.err())
                .startsWith("error: ")
                .contains("Unknown job 'slo-weekly'; jobs are slo-hourly, slo-daily, registry-snapshot");
        CliRun snapshot = CliRun.run(
                cwd,
                "scheduler",
                "backfill",
                "--job",
                "registry-snapshot",
                "--from",
                "2026-11-24T10",
                "--to",
                "2026-11-24T10");
        assertThat(snapshot.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(snapshot.err())
                .contains("Cannot backfill job 'registry-snapshot'")
                .contains("set with --job JOB");
    }

    @Test
    void statusWhereNoSchedulerRanSaysSoAndCreatesNothing(@TempDir Path empty) throws IOException {
        CliRun text = CliRun.run(empty, "scheduler", "status");
        assertThat(text.exitCode()).as(text.err()).isEqualTo(ExitCodes.OK);
        assertThat(text.out()).contains("no scheduler has run here");
        CliRun json = CliRun.run(empty, "scheduler", "status", "--format", "json");
        JsonNode node = new ObjectMapper().readTree(json.out());
        assertThat(node.path("ran").asBoolean(true)).isFalse();
        assertThat(node.path("database").asText())
                .contains(empty.resolve("state").toString());
        try (var files = Files.list(empty)) {
            assertThat(files.toList()).as("status must not create a job store").isEmpty();
        }
    }
}
