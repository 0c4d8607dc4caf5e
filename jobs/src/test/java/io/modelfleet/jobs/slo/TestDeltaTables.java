package io.modelfleet.jobs.slo;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelfleet.core.Location;
import io.modelfleet.jobs.SharedSpark;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A write that dies midway (as a killed job does) leaves the table exactly as it was. */
class TestDeltaTables {
    @TempDir
    Path dir;

    private static Dataset<Row> day(SparkSession spark, String ds, int rows, boolean failMidway) {
        Dataset<Row> frame = spark.range(rows)
                .withColumn("ds", expr("'" + ds + "'"))
                .withColumn("hour", expr("timestamp_seconds(1763596800 + (id % 24) * 3600)"));
        return failMidway
                ? frame.withColumn("v", expr("if(id = " + rows / 2 + ", raise_error('killed'), id)"))
                : frame.withColumn("v", expr("id"));
    }

    @Test
    void failedReplaceChangesNothing() {
        SparkSession spark = SharedSpark.get();
        Path table = dir.resolve("t");
        DeltaTables.replace(day(spark, "2025-11-20", 1000, false), Location.of(table), "ds = '2025-11-20'", "ds");
        List<Row> before = spark.read()
                .format("delta")
                .load(table.toString())
                .orderBy("id")
                .collectAsList();

        assertThatThrownBy(() -> DeltaTables.replace(
                        day(spark, "2025-11-20", 1000, true), Location.of(table), "ds = '2025-11-20'", "ds"))
                .hasMessageContaining("killed");
        assertThat(spark.read()
                        .format("delta")
                        .load(table.toString())
                        .orderBy("id")
                        .collectAsList())
                .isEqualTo(before);
        assertThat(spark.sql("DESCRIBE HISTORY delta.`" + table + "`").count()).isEqualTo(1);
    }

    @Test
    void aRewriteSetsTheCommentsTheTableLacksOrWordsDifferently() {
        SparkSession spark = SharedSpark.get();
        Path table = dir.resolve("t");
        DeltaTables.replace(day(spark, "2025-11-20", 10, false), Location.of(table), "ds = '2025-11-20'", "ds");
        Dataset<Row> commented = day(spark, "2025-11-21", 10, false)
                .withColumn("v", col("v").as("v", commentOf("what it's worth, with a \\ in it")))
                .withColumn("id", col("id").as("id", commentOf("the row")));

        DeltaTables.replace(commented, Location.of(table), "ds = '2025-11-21'", "ds");

        Dataset<Row> read = spark.read().format("delta").load(table.toString());
        assertThat(read.schema().apply("v").getComment().get()).isEqualTo("what it's worth, with a \\ in it");
        assertThat(read.schema().apply("id").getComment().get()).isEqualTo("the row");
        assertThat(read.schema().apply("ds").getComment().isEmpty()).isTrue();
        assertThat(read.count()).isEqualTo(20);
    }

    private static Metadata commentOf(String text) {
        return new MetadataBuilder().putString("comment", text).build();
    }
}
