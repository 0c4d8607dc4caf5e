package io.modelfleet.cli.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelfleet.cli.CliRun;
import io.modelfleet.cli.ExitCodes;
import io.modelfleet.jobs.SparkSessions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** generate traffic and launch estimate end to end, on a deployment folder laid out like the demo's. */
class TestLaunchCommands {
    static final String MODEL = "ig_feed_mtml_lsr_v3";

    @TempDir
    static Path cwd;

    @BeforeAll
    static void deployment() throws IOException {
        CliRun.copyExample(cwd.resolve("registry"));
        Files.writeString(cwd.resolve("modelfleet.yaml"), """
                registry: registry
                logs: logs
                warehouse: warehouse
                spark:
                  master: local[2]
                hardware: {name: test-box, gflops_per_core: 40, candidate_overhead_ns: 50}
                """);
        CliRun generate = CliRun.run(
                cwd,
                "generate",
                "traffic",
                "--from",
                "2026-11-24T19",
                "--to",
                "2026-11-24T20",
                "--requests-per-day",
                "2400",
                "--format",
                "json");
        assertThat(generate.exitCode()).as(generate.err()).isZero();
        assertThat(cwd.resolve("traffic/requests/ds=2026-11-24/hr=20")).isDirectory();
        generated = new ObjectMapper().readTree(generate.out());
        String production = Files.readString(cwd.resolve("registry/models/feed_ranking/" + MODEL + ".yaml"));
        Files.writeString(
                cwd.resolve("wider.yaml"),
                production
                        .replace("  version: v3", "  version: v4")
                        .replace("hidden: [256, 64]", "hidden: [512, 128]"));
        Files.writeString(cwd.resolve("too-wide.yaml"), production.replace("input_width: 128", "input_width: 300"));
        Files.writeString(cwd.resolve("stranger.yaml"), production.replace("id: " + MODEL, "id: ig_feed_mtml_lsr_v99"));
    }

    /** What generate traffic --format json said it wrote. */
    static JsonNode generated;

    @Test
    void generateTrafficJsonSaysWhatItWrote() {
        Path requests = cwd.resolve("traffic/requests");
        assertThat(generated.path("folder").asText())
                .isEqualTo(cwd.resolve("traffic").toString());
        assertThat(generated.path("hours").asInt()).isEqualTo(2).isEqualTo(FleetFiles.hourPartitions(requests));
        assertThat(new ObjectMapper().convertValue(generated.path("surfaces"), String[].class))
                .containsExactlyElementsOf(FleetFiles.servingSurfaces());
        long rows = SparkSessions.create("local[2]", "test")
                .read()
                .parquet(requests.toString())
                .count();
        assertThat(generated.path("requests").isIntegralNumber()).isTrue();
        assertThat(generated.path("requests").asLong()).isEqualTo(rows);
    }

    @Test
    void estimateWritesTheReportAndTheTableRows() throws IOException {
        CliRun text = CliRun.run(
                cwd, "launch", "estimate", "--model", MODEL, "--candidate", "wider.yaml", "--samples-per-hour", "20");
        assertThat(text.exitCode()).as(text.err()).isZero();
        assertThat(text.out())
                .contains("ig_feed_mtml_lsr_v3 v3 -> v4 (feed / lsr)")
                .contains("dense(128 -> [256, 64] -> 1) -> dense(128 -> [512, 128] -> 1)")
                .contains("service p99 ms, modelled (measured)")
                .contains(
                        "on hardware profile 'test-box'\n  (40.00 GFLOP/s per core, 50.0 ns per candidate, not calibrated)")
                .containsPattern("lsr: service p99 [0-9.]+ -> [0-9.]+ ms modelled \\(measured [0-9.]+ -> [0-9.]+ ms\\)")
                .contains("verdict: ");

        CliRun json = CliRun.run(
                cwd,
                "launch",
                "estimate",
                "--model",
                MODEL,
                "--candidate",
                "wider.yaml",
                "--samples-per-hour",
                "20",
                "--format",
                "json");
        assertThat(json.exitCode()).as(json.err()).isZero();
        JsonNode root = new ObjectMapper().readTree(json.out());
        assertThat(root.path("stages").size()).isEqualTo(2);
        JsonNode lsr = root.path("stages").path(1);
        assertThat(lsr.path("changed").asBoolean()).isTrue();
        // 50 ESR-kept candidates... the sample registry's ESR keeps its keep_top; FLOPs per candidate by hand:
        // production 2*128 + 2*128*256 + 2*256*64 + 2*64 = 98,688; candidate 2*128 + 2*128*512 + 2*512*128 + 2*128 =
        // 262,656.
        double candidates = lsr.path("candidate").path("candidates_per_request").asDouble();
        assertThat(lsr.path("production").path("flops_per_request").asDouble()).isEqualTo(candidates * 98_688);
        assertThat(lsr.path("candidate").path("flops_per_request").asDouble()).isEqualTo(candidates * 262_656);
        // Sized for modelfleet.yaml's test-box: per candidate 262,656 FLOPs at 40 GFLOP/s plus 50 ns, in ms.
        assertThat(root.path("inputs").path("hardware").path("name").asText()).isEqualTo("test-box");
        assertThat(root.path("inputs").path("hardware").path("calibrated_at").isNull())
                .isTrue();
        assertThat(lsr.path("candidate").path("modelled_service_mean_ms").asDouble())
                .isCloseTo(candidates * (262_656 / 40e9 + 50e-9) * 1e3, within(1e-9));
        assertThat(lsr.path("candidate").path("service_mean_ms").asDouble()).isPositive();
        assertThat(root.path("pool").path("verdict").asText()).isIn("FITS", "NEEDS_APPROVAL", "CANNOT_FIT");
        assertThat(lsr.path("candidate").path("replicas").asInt())
                .isEqualTo(lsr.path("candidate").path("min_replicas").asInt() + 2);

        CliRun sql = CliRun.run(
                cwd,
                "sql",
                "--format",
                "csv",
                "SELECT count(*) AS n FROM launch_estimates WHERE estimate_id = '"
                        + root.path("estimate_id").asText() + "'");
        assertThat(sql.out()).isEqualTo("n\n2\n");
    }

    @Test
    void badCandidatesAreRefusedWithoutAStackTraceAndNothingIsWritten() {
        CliRun stranger = CliRun.run(
                cwd,
                "launch",
                "estimate",
                "--model",
                "ig_feed_mtml_lsr_v99",
                "--candidate",
                "stranger.yaml",
                "--warehouse",
                "untouched");
        assertThat(stranger.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(stranger.err()).contains("no such model in the registry").doesNotContain("\tat ");

        CliRun mismatch = CliRun.run(
                cwd,
                "launch",
                "estimate",
                "--model",
                MODEL,
                "--candidate",
                "stranger.yaml",
                "--warehouse",
                "untouched");
        assertThat(mismatch.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(mismatch.err()).contains("the candidate file says id: ig_feed_mtml_lsr_v99");

        CliRun wide = CliRun.run(
                cwd,
                "launch",
                "estimate",
                "--model",
                MODEL,
                "--candidate",
                "too-wide.yaml",
                "--warehouse",
                "untouched");
        assertThat(wide.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(wide.err())
                .contains("reads 300 features per (user, candidate) pair")
                .doesNotContain("\tat ");

        CliRun noHours = CliRun.run(
                cwd,
                "launch",
                "estimate",
                "--model",
                MODEL,
                "--candidate",
                "wider.yaml",
                "--from",
                "2026-11-01T00",
                "--to",
                "2026-11-01T05",
                "--warehouse",
                "untouched");
        assertThat(noHours.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(noHours.err()).contains("no traffic for hours 2026-11-01T00 .. 2026-11-01T05");

        assertThat(cwd.resolve("untouched")).doesNotExist();
    }

    @Test
    void aLaunchGoesThroughTheWorkflowFromTheCommandLineAndEveryStepIsInLaunchEvents() throws IOException {
        String id = "ig_feed_mtml_lsr_v4_wider";
        CliRun submit = CliRun.run(
                cwd,
                "launch",
                "submit",
                "registry/launches/" + id + ".yaml",
                "--samples-per-hour",
                "20",
                "--format",
                "json");
        assertThat(submit.exitCode()).as(submit.err()).isZero();
        JsonNode submitted = new ObjectMapper().readTree(submit.out());
        assertThat(submitted.path("launch").path("state").asText()).isEqualTo("ESTIMATED");
        assertThat(submitted.path("approvals"))
                .extracting(a -> a.path("role").asText())
                .contains("TEAM", "PLATFORM");

        CliRun outside = CliRun.run(cwd, "launch", "submit", "wider.yaml");
        assertThat(outside.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(outside.err()).contains("is not a launch request of registry");

        CliRun requester = CliRun.run(cwd, "launch", "approve", id, "--as", "omar@example.com");
        assertThat(requester.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(requester.err()).contains("omar@example.com requested it").doesNotContain("Exception");
        CliRun stranger = CliRun.run(cwd, "launch", "approve", id, "--as", "reels-ranking-lead");
        assertThat(stranger.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(stranger.err()).contains("may approve: one of the owning team's approvers (feed-ranking-lead or");

        assertThat(CliRun.run(cwd, "launch", "approve", id, "--as", "feed-ranking-lead")
                        .out())
                .contains("still needs a platform approver");
        CliRun platform = CliRun.run(cwd, "launch", "approve", id, "--as", "ml-platform-sre", "--format", "json");
        assertThat(new ObjectMapper().readTree(platform.out()).path("state").asText())
                .isEqualTo("APPROVED");

        CliRun advance = CliRun.run(cwd, "launch", "advance");
        assertThat(advance.exitCode()).as(advance.err()).isZero();
        assertThat(advance.out()).contains("APPROVED", "PREPARING");
        JsonNode listing = new ObjectMapper()
                .readTree(
                        CliRun.run(cwd, "launch", "status", "--format", "json").out());
        assertThat(listing.path("launches").get(0).path("state").asText()).isEqualTo("PREPARING");
        JsonNode pool = listing.path("pools").get(0);
        assertThat(pool.path("pool").asText()).isEqualTo("feed_ranking_prod");
        long replicas = submitted.path("estimate").path("replicas").asLong();
        // The reservation is the candidate's whole deployment: its replicas of 16 cpu each (launches/... keeps
        // production's size).
        assertThat(pool.path("reserved").path("cpu").asDouble()).isEqualTo(16.0 * replicas);

        CliRun illegal = CliRun.run(cwd, "launch", "reject", id, "--as", "feed-ranking-tl", "--reason", "too late");
        assertThat(illegal.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(illegal.err()).contains("Cannot reject launch '" + id + "': it is PREPARING");
        CliRun rollback = CliRun.run(cwd, "launch", "rollback", id, "--as", "omar@example.com", "--reason", "drill");
        assertThat(rollback.exitCode()).as(rollback.err()).isZero();
        assertThat(rollback.out()).contains("is ROLLED_BACK");

        CliRun sql = CliRun.run(
                cwd, "sql", "SELECT seq, to_state, actor FROM launch_events ORDER BY seq", "--format", "csv");
        assertThat(sql.exitCode()).as(sql.err()).isZero();
        List<String> rows = sql.out().lines().toList();
        assertThat(rows).hasSize(6);
        assertThat(rows.subList(0, 4))
                .containsExactly(
                        "seq,to_state,actor",
                        "1,REQUESTED,omar@example.com",
                        "2,ESTIMATED,estimator",
                        "3,APPROVED,ml-platform-sre");
        // The controller that ran names its process.
        assertThat(rows.get(4)).matches("4,PREPARING,cli-[0-9]+");
        assertThat(rows.get(5)).isEqualTo("5,ROLLED_BACK,omar@example.com");
        assertThat(CliRun.run(cwd, "launch", "status").out()).contains("no open launches");
        // Another Delta implementation reads the events, and the estimates the submission appended, alike.
        Path warehouse = cwd.resolve("warehouse");
        assertThat(KernelTables.assertReadsAsSqlDoes(cwd, warehouse, "launch_events"))
                .isEqualTo(5);
        assertThat(KernelTables.assertReadsAsSqlDoes(cwd, warehouse, "launch_estimates"))
                .isPositive();
        assertThat(KernelTables.assertReadsAsSqlDoes(cwd, warehouse, "launch_replay"))
                .isPositive();
    }

    @Test
    void backtestRowsReadAlikeInAnotherDeltaImplementation() {
        Path warehouse = cwd.resolve("backtest-warehouse");
        CliRun backtest = CliRun.run(
                cwd, "launch", "backtest", "--launches", "6", "--seed", "3", "--warehouse", warehouse.toString());
        assertThat(backtest.exitCode()).as(backtest.err()).isZero();
        // one row per gate policy (3) and candidate class present among the 6 launches
        assertThat(KernelTables.assertReadsAsSqlDoes(cwd, warehouse, "launch_backtest"))
                .isGreaterThanOrEqualTo(3);
    }
}
