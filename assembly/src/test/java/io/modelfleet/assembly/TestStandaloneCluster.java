package io.modelfleet.assembly;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelfleet.cli.CliRun;
import io.modelfleet.jobs.SharedSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The jobs on a real Spark standalone cluster (a master and two one-core workers, see {@link
 * StandaloneCluster}): run by the command line with {@code --master spark://…}, submitted through
 * SparkSubmit with the jobs jar, with an executor killed mid-run, and with the master gone. What
 * the cluster writes is compared row by row with what {@code local[2]} writes from the same logs.
 */
@TestMethodOrder(OrderAnnotation.class)
class TestStandaloneCluster {
    static final String FROM = SmallDeployment.FROM;
    static final String TO = SmallDeployment.TO;
    static final String MODEL = SmallDeployment.MODEL;

    static Path deployment;
    static StandaloneCluster cluster;

    @BeforeAll
    static void deploymentAndCluster() throws Exception {
        deployment = SmallDeployment.create(StandaloneCluster.TARGET.resolve("cluster-deployment"));
        Files.writeString(
                deployment.resolve("modelfleet.yaml"),
                "registry: registry\nlogs: logs\nwarehouse: local\nspark:\n  master: local[2]\n");
        ok(CliRun.run(deployment, SmallDeployment.args(SmallDeployment.GENERATE_PREDICTIONS)));
        ok(CliRun.run(deployment, "generate", "traffic", "--from", FROM, "--to", TO, "--requests-per-day", "20000"));
        ok(CliRun.run(deployment, "slo", "run", "--from", FROM, "--to", TO));
        ok(CliRun.run(
                deployment,
                "launch",
                "estimate",
                "--model",
                MODEL,
                "--candidate",
                candidate().toString(),
                "--from",
                FROM,
                "--to",
                TO,
                "--samples-per-hour",
                "100"));
        cluster = StandaloneCluster.start("jobs", 2, "1g");
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void sloRunOnTheClusterWritesWhatLocalWrites() throws Exception {
        Driver.Run run = Driver.modelfleet(
                deployment,
                "slo-run",
                "slo",
                "run",
                "--master",
                cluster.url(),
                "--warehouse",
                "cluster",
                "--from",
                FROM,
                "--to",
                TO);
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains("starting Spark (" + cluster.url() + ")");
        assertThat(executorFolders()).as("executors ran on the workers").isNotEmpty();

        for (String table : List.of("slo_hourly", "slo_daily", "slo_daily_rollup")) {
            assertSameRows(table, "local", "cluster");
        }
        // The injected incident is found through the cluster too.
        assertThat(delta("cluster", "slo_hourly")
                        .where("model_id = '" + MODEL + "' AND status = 'UNSTABLE'")
                        .count())
                .isEqualTo(1);
    }

    @Test
    @Order(2)
    void launchEstimateOnTheClusterReplaysWhatLocalReplays() throws Exception {
        Driver.Run run = Driver.modelfleet(
                deployment,
                "launch-estimate",
                "launch",
                "estimate",
                "--master",
                cluster.url(),
                "--warehouse",
                "cluster-launch",
                "--model",
                MODEL,
                "--candidate",
                candidate().toString(),
                "--from",
                FROM,
                "--to",
                TO,
                "--samples-per-hour",
                "100");
        assertThat(run.exitCode()).as(run.err()).isZero();
        // The funnel replay runs on the executors (Java lambdas over the recorded requests): it needs the
        // jobs jar there. What it counts and scores must not depend on where it ran: nor, since replicas are
        // sized from service times modelled on the hardware profile, the replica counts and the verdict. Only
        // the measured CPU times (service_mean_ms, service_p99_ms) differ, and are left out.
        List<String> deterministic = List.of(
                "stage",
                "stage_model_id",
                "peak_hour",
                "peak_rps",
                "sized_rps",
                "registry_replicas",
                "production_flops_per_request",
                "candidate_flops_per_request",
                "production_modelled_service_mean_ms",
                "production_modelled_service_p99_ms",
                "candidate_modelled_service_mean_ms",
                "candidate_modelled_service_p99_ms",
                "hardware_profile",
                "hardware_gflops_per_core",
                "hardware_candidate_overhead_ns",
                "production_min_replicas",
                "production_replicas",
                "candidate_min_replicas",
                "candidate_replicas",
                "candidate_p99_ms",
                "cpu_increase",
                "verdict",
                "production_ne",
                "production_calibration",
                "candidate_ne",
                "candidate_calibration",
                "impressions",
                "recorded_requests");
        assertThat(rows(delta("cluster-launch", "launch_estimates"), deterministic, "stage"))
                .containsExactlyElementsOf(rows(delta("local", "launch_estimates"), deterministic, "stage"));
        List<String> replay = List.of(
                "hour",
                "stage",
                "side",
                "recorded_requests",
                "production_rps",
                "samples",
                "modelled_service_mean_ms",
                "modelled_service_cv",
                "modelled_service_p50_ms",
                "modelled_service_p99_ms",
                "ne",
                "calibration");
        assertThat(rows(delta("cluster-launch", "launch_replay"), replay, "hour", "stage", "side"))
                .containsExactlyElementsOf(rows(delta("local", "launch_replay"), replay, "hour", "stage", "side"));
    }

    @Test
    @Order(3)
    void sparkSubmitRunsTheSloJobFromTheJobsJar() throws Exception {
        long appsBefore = registeredApps();
        Driver.Run run = Driver.sparkSubmit(
                deployment, cluster, "slo", "run", "--warehouse", "submitted", "--from", FROM, "--to", TO);
        assertThat(run.exitCode()).as(run.err()).isZero();
        // modelfleet.yaml says local[2]: spark-submit's --master wins, and the job ran on the cluster.
        assertThat(registeredApps()).isEqualTo(appsBefore + 1);
        assertSameRows("slo_hourly", "local", "submitted");
    }

    @Test
    @Order(4)
    void anExecutorKilledMidRunLosesNothingAndWritesEachHourOnce() throws Exception {
        Process driver = Driver.startModelfleet(
                deployment,
                "killed",
                "slo",
                "run",
                "--master",
                cluster.url(),
                "--warehouse",
                "killed",
                "--from",
                FROM,
                "--to",
                TO);
        ProcessHandle killed = awaitRunningTask();
        killed.destroyForcibly();
        killed.onExit().get(30, TimeUnit.SECONDS);
        assertThat(driver.isAlive())
                .as("the run was still going when the executor died")
                .isTrue();
        Driver.Run run = Driver.await(driver, "killed");
        assertThat(run.exitCode()).as(run.err()).isZero();

        assertSameRows("slo_hourly", "local", "killed");
        // Exactly once: one row per model and hour, and as many table versions as the clean run wrote.
        Dataset<Row> hourly = delta("killed", "slo_hourly");
        assertThat(hourly.groupBy("model_id", "hour").count().where("count > 1").count())
                .isZero();
        assertThat(history("killed", "slo_hourly")).isEqualTo(history("local", "slo_hourly"));
        String workers = cluster.workerLog(1) + cluster.workerLog(2);
        assertThat(workers)
                .as("a worker saw its executor killed (SIGKILL: 128 + 9)")
                .contains("137");
    }

    @Test
    @Order(5)
    void withTheMasterGoneTheRunFailsNamingItAndTheTablesStay() throws Exception {
        long versionBefore = history("cluster", "slo_hourly");
        List<Row> before = delta("cluster", "slo_hourly").collectAsList();
        cluster.stopMaster();

        Driver.Run run = Driver.modelfleet(
                deployment,
                "master-gone",
                "slo",
                "run",
                "--master",
                cluster.url(),
                "--warehouse",
                "cluster",
                "--hour",
                FROM);
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .contains("Cannot reach the Spark master " + cluster.url())
                .contains("refused the connection")
                .doesNotContain("\tat ");
        assertThat(history("cluster", "slo_hourly")).isEqualTo(versionBefore);
        assertThat(delta("cluster", "slo_hourly").collectAsList()).containsExactlyInAnyOrderElementsOf(before);
    }

    // ---- helpers -------------------------------------------------------------------------------

    /** Waits for an executor that has started a task, and returns its process. */
    private static ProcessHandle awaitRunningTask() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            for (ProcessHandle executor : cluster.executors()) {
                Path stderr = executorStderr(executor);
                if (stderr != null
                        && Files.readString(stderr, StandardCharsets.UTF_8).contains("Running task")) {
                    return executor;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no executor started a task within 120 s");
    }

    /** An executor runs in its folder under the worker's work dir and writes stderr there. */
    private static Path executorStderr(ProcessHandle executor) throws IOException {
        String command = executor.info().commandLine().orElse("");
        String[] words = command.split(" ");
        String app = null;
        String id = null;
        for (int i = 0; i + 1 < words.length; i++) {
            if (words[i].equals("--app-id")) {
                app = words[i + 1];
            } else if (words[i].equals("--executor-id")) {
                id = words[i + 1];
            }
        }
        if (app == null || id == null) {
            return null;
        }
        try (Stream<Path> folders = Files.list(StandaloneCluster.TARGET.resolve("cluster/jobs"))) {
            for (Path work : folders.filter(p -> p.getFileName().toString().startsWith("work-"))
                    .toList()) {
                Path stderr = work.resolve(app).resolve(id).resolve("stderr");
                if (Files.exists(stderr)) {
                    return stderr;
                }
            }
        }
        return null;
    }

    private static List<Path> executorFolders() throws IOException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> paths = Files.walk(StandaloneCluster.TARGET.resolve("cluster/jobs"), 4)) {
            paths.filter(p -> p.getFileName().toString().equals("stderr")).forEach(out::add);
        }
        return out;
    }

    private static long registeredApps() throws IOException {
        return Files.readAllLines(StandaloneCluster.TARGET.resolve("cluster/jobs/master.log")).stream()
                .filter(line -> line.contains("Registering app "))
                .count();
    }

    private static Path candidate() throws IOException {
        Path file = deployment.resolve("candidate.yaml");
        if (!Files.exists(file)) {
            String entry = Files.readString(deployment.resolve("registry/models/feed_ranking/" + MODEL + ".yaml"));
            Files.writeString(
                    file,
                    entry.replace("version: v3", "version: v4").replace("hidden: [256, 64]", "hidden: [512, 128]"));
        }
        return file;
    }

    private static Dataset<Row> delta(String warehouse, String table) {
        return SharedSpark.get()
                .read()
                .format("delta")
                .load(deployment.resolve(warehouse).resolve(table).toString());
    }

    private static long history(String warehouse, String table) {
        return SharedSpark.get()
                .sql("DESCRIBE HISTORY delta.`" + deployment.resolve(warehouse).resolve(table) + "`")
                .count();
    }

    /**
     * Every row of {@code table} in both warehouses, matched on its key columns: counts, statuses and
     * texts equal, doubles equal to 1e-12 relative (sums of doubles added in another order may differ
     * in their last bits).
     */
    private static void assertSameRows(String table, String expectedWarehouse, String actualWarehouse) {
        SameRows.assertSameRows(table, delta(expectedWarehouse, table), delta(actualWarehouse, table));
    }

    private static List<Row> rows(Dataset<Row> table, List<String> columns, String... orderBy) {
        return table.select(columns.stream().map(functions::col).toArray(Column[]::new))
                .orderBy(Arrays.stream(orderBy).map(functions::col).toArray(Column[]::new))
                .collectAsList();
    }

    private static void ok(CliRun run) {
        assertThat(run.exitCode()).as(run.err()).isZero();
    }
}
