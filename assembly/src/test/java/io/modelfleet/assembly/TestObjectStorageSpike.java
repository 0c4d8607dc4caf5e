package io.modelfleet.assembly;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelfleet.jobs.SharedSpark;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Spark ({@code local[2]}, this JVM) writes and reads a Delta table on {@code s3a://} against a real
 * S3-compatible store on loopback ({@link S3Server}): the Hadoop, S3A, AWS SDK and Delta plumbing
 * that warehouses on object storage rest on.
 *
 * <p>The session is the test JVM's shared one ({@link SharedSpark}): one JVM holds one SparkContext,
 * and the other tests in this JVM use that session, so the S3A settings go into its Hadoop
 * configuration at run time (what {@code spark.hadoop.fs.s3a.*} does at start-up) and come out
 * again at the end.
 */
class TestObjectStorageSpike {
    static final String BUCKET = "modelfleet-spike";
    static final String WAREHOUSE = "s3a://" + BUCKET + "/warehouse";
    static final String TABLE = WAREHOUSE + "/t";
    static final StructType SCHEMA = new StructType()
            .add("model_id", DataTypes.StringType)
            .add("ds", DataTypes.StringType)
            .add("events", DataTypes.LongType);

    static S3Server s3;
    static SparkSession spark;

    @BeforeAll
    static void storeAndSpark() throws Exception {
        s3 = S3Server.start("spike");
        s3.createBucket(BUCKET);
        spark = SharedSpark.get();
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        s3.s3aSettings().forEach(hadoop::set);
    }

    @AfterAll
    static void stopStore() throws IOException {
        if (spark != null) {
            Configuration hadoop = spark.sparkContext().hadoopConfiguration();
            // Out of Hadoop's file system cache, which would hand this store's client to a later test.
            FileSystem.get(URI.create(WAREHOUSE), hadoop).close();
            s3.s3aSettings().keySet().forEach(hadoop::unset);
        }
        if (s3 != null) {
            s3.close();
        }
    }

    @Test
    void deltaTableOnS3aIsWrittenPartitionReplacedAndReadBack() throws Exception {
        rows(
                        RowFactory.create("ranker_a", "2026-11-24", 10L),
                        RowFactory.create("ranker_b", "2026-11-24", 20L),
                        RowFactory.create("ranker_a", "2026-11-25", 30L),
                        RowFactory.create("ranker_b", "2026-11-25", 40L))
                .write()
                .format("delta")
                .mode(SaveMode.Overwrite)
                .partitionBy("ds")
                .save(TABLE);
        // The second day again, with ranker_b gone and ranker_c new: the first day is left alone.
        rows(RowFactory.create("ranker_a", "2026-11-25", 300L), RowFactory.create("ranker_c", "2026-11-25", 500L))
                .write()
                .format("delta")
                .mode(SaveMode.Overwrite)
                .partitionBy("ds")
                .option("replaceWhere", "ds = '2026-11-25'")
                .save(TABLE);

        Dataset<Row> table = spark.read().format("delta").load(TABLE);
        assertThat(table.orderBy("ds", "model_id").collectAsList())
                .containsExactly(
                        RowFactory.create("ranker_a", "2026-11-24", 10L),
                        RowFactory.create("ranker_b", "2026-11-24", 20L),
                        RowFactory.create("ranker_a", "2026-11-25", 300L),
                        RowFactory.create("ranker_c", "2026-11-25", 500L));
        assertThat(spark.sql("DESCRIBE HISTORY delta.`" + TABLE + "`")
                        .orderBy("version")
                        .select("version", "operation")
                        .collectAsList())
                .containsExactly(RowFactory.create(0L, "WRITE"), RowFactory.create(1L, "WRITE"));

        // Through S3A itself: the commit files and the warehouse listing.
        FileSystem fs =
                FileSystem.get(URI.create(WAREHOUSE), spark.sparkContext().hadoopConfiguration());
        assertThat(fs.getScheme()).isEqualTo("s3a");
        assertThat(fs.exists(new Path(TABLE + "/_delta_log/00000000000000000000.json")))
                .isTrue();
        assertThat(fs.exists(new Path(TABLE + "/_delta_log/00000000000000000001.json")))
                .isTrue();
        FileStatus[] warehouse = fs.listStatus(new Path(WAREHOUSE));
        assertThat(Arrays.stream(warehouse).map(s -> s.getPath().getName())).containsExactly("t");
        assertThat(warehouse[0].isDirectory()).isTrue();
        assertThat(Arrays.stream(fs.listStatus(new Path(TABLE)))
                        .map(s -> s.getPath().getName()))
                .containsExactlyInAnyOrder("_delta_log", "ds=2026-11-24", "ds=2026-11-25");

        // And the objects are in the store's folder, so they went through the server and nowhere else.
        assertThat(Files.isRegularFile(
                        s3.bucketFolder(BUCKET).resolve("warehouse/t/_delta_log/00000000000000000000.json")))
                .as("the first commit in %s", s3.bucketFolder(BUCKET))
                .isTrue();
    }

    private static Dataset<Row> rows(Row... rows) {
        return spark.createDataFrame(List.of(rows), SCHEMA);
    }
}
