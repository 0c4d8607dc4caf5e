package io.modelfleet.assembly;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelfleet.cli.CliRun;
import io.modelfleet.jobs.SharedSpark;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A deployment whose logs and warehouse live on object storage ({@code s3a://}, an S3-compatible
 * store on loopback, see {@link S3Server}), driven by the command line as a user runs it: the S3A
 * settings in modelfleet.yaml's {@code spark.conf}, hadoop-aws on the class path. What it writes
 * is compared row by row with the same commands run on local folders.
 */
@TestMethodOrder(OrderAnnotation.class)
class TestObjectStorage {
    static final String BUCKET = "fleet-data";
    static final String FROM = SmallDeployment.FROM;
    static final String TO = SmallDeployment.TO;
    static final String MODEL = SmallDeployment.MODEL;
    static final String WAREHOUSE = "s3a://" + BUCKET + "/warehouse";
    static final List<String> SLO_TABLES = List.of("slo_hourly", "slo_daily", "slo_daily_rollup");

    static S3Server s3;
    static Path deployment;
    static SparkSession spark;

    @BeforeAll
    static void storeAndDeployment() throws Exception {
        s3 = S3Server.start("object-storage");
        s3.createBucket(BUCKET);
        deployment = SmallDeployment.create(StandaloneCluster.TARGET.resolve("object-storage-deployment"));
        Files.writeString(
                deployment.resolve("modelfleet.yaml"),
                "registry: registry\n"
                        + "logs: s3a://" + BUCKET + "/logs\n"
                        + "warehouse: s3a://" + BUCKET + "/warehouse/\n"
                        + "spark:\n  master: local[2]\n  conf:\n"
                        + s3.hadoopSettings().entrySet().stream()
                                .map(e -> "    " + e.getKey() + ": \"" + e.getValue() + "\"\n")
                                .collect(Collectors.joining()));
        Files.writeString(
                deployment.resolve("local.yaml"),
                "registry: registry\nlogs: logs\nwarehouse: local\nspark:\n  master: local[2]\n");
        // The same logs on local disk, and the SLOs judged from them there: what the store must match.
        ok(CliRun.run(
                deployment,
                SmallDeployment.args(new String[] {"--config", "local.yaml"}, SmallDeployment.GENERATE_PREDICTIONS)));
        ok(CliRun.run(deployment, "--config", "local.yaml", "slo", "run", "--from", FROM, "--to", TO));

        spark = SharedSpark.get();
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        s3.s3aSettings().forEach(hadoop::set);
    }

    @AfterAll
    static void stopStore() throws IOException {
        if (spark != null) {
            Configuration hadoop = spark.sparkContext().hadoopConfiguration();
            // Out of Hadoop's file system cache, which would hand this store's client to a later test.
            FileSystem.get(URI.create("s3a://" + BUCKET + "/"), hadoop).close();
            s3.s3aSettings().keySet().forEach(hadoop::unset);
        }
        if (s3 != null) {
            s3.close();
        }
    }

    @Test
    @Order(1)
    void logsGeneratedIntoTheStoreAreJudgedThereAsOnLocalDisk() throws Exception {
        Driver.Run generated = Driver.modelfleet(
                deployment, "s3-generate", SmallDeployment.args(SmallDeployment.GENERATE_PREDICTIONS));
        assertThat(generated.exitCode()).as(generated.err()).isZero();
        assertThat(generated.out()).contains("wrote s3a://" + BUCKET + "/logs:");

        Driver.Run run = Driver.modelfleet(deployment, "s3-slo-run", "slo", "run", "--from", FROM, "--to", TO);
        assertThat(run.exitCode()).as(run.err()).isZero();

        // In the store's objects, and nowhere on the local disk under a folder named after the scheme.
        Path objects = s3.bucketFolder(BUCKET);
        assertThat(objects.resolve("logs/ds=2026-11-24/hr=13")).isDirectory();
        for (String table : SLO_TABLES) {
            assertThat(objects.resolve("warehouse/" + table + "/_delta_log/00000000000000000000.json"))
                    .as(table)
                    .isRegularFile();
            SameRows.assertSameRows(
                    table, delta(deployment.resolve("local").toString(), table), delta(WAREHOUSE, table));
        }
        assertThat(deployment.resolve("s3a:")).doesNotExist();
        assertThat(delta(WAREHOUSE, "slo_hourly")
                        .where("model_id = '" + MODEL + "' AND status = 'UNSTABLE'")
                        .count())
                .isEqualTo(1);
    }

    @Test
    @Order(2)
    void aRerunReplacesItsHoursInPlace() throws Exception {
        long versionBefore = version("slo_hourly");
        long rowsBefore = delta(WAREHOUSE, "slo_hourly").count();

        Driver.Run rerun = Driver.modelfleet(deployment, "s3-slo-rerun", "slo", "run", "--hour", TO);
        assertThat(rerun.exitCode()).as(rerun.err()).isZero();

        assertThat(version("slo_hourly")).isEqualTo(versionBefore + 1);
        assertThat(delta(WAREHOUSE, "slo_hourly").count()).isEqualTo(rowsBefore);
        SameRows.assertSameRows(
                "slo_hourly",
                delta(deployment.resolve("local").toString(), "slo_hourly"),
                delta(WAREHOUSE, "slo_hourly"));
    }

    @Test
    @Order(3)
    void queriesAndStatusReadTheWarehouseInTheStore() throws Exception {
        Driver.Run sql = Driver.modelfleet(
                deployment,
                "s3-sql",
                "sql",
                "--format",
                "json",
                "SELECT model_id, status FROM slo_hourly WHERE status = 'UNSTABLE'");
        assertThat(sql.exitCode()).as(sql.err()).isZero();
        assertThat(sql.out()).contains(MODEL).contains("UNSTABLE");

        Driver.Run status = Driver.modelfleet(deployment, "s3-status", "slo", "status");
        assertThat(status.exitCode()).as(status.err()).isZero();
        assertThat(status.out()).contains(MODEL);
    }

    @Test
    @Order(4)
    void aMistypedBucketUrlIsRefusedBeforeSparkStarts() throws Exception {
        CliRun run = CliRun.run(deployment, "sql", "--warehouse", "s3a:///warehouse", "SELECT 1");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .contains("Cannot use the warehouse location: 's3a:///warehouse' names no bucket")
                .doesNotContain("starting Spark");
    }

    private static Dataset<Row> delta(String warehouse, String table) {
        return spark.read().format("delta").load(warehouse + "/" + table);
    }

    private static long version(String table) {
        return spark.sql("DESCRIBE HISTORY delta.`" + WAREHOUSE + "/" + table + "` LIMIT 1")
                .collectAsList()
                .get(0)
                .getLong(0);
    }

    private static void ok(CliRun run) {
        assertThat(run.exitCode()).as(run.err()).isZero();
    }
}
