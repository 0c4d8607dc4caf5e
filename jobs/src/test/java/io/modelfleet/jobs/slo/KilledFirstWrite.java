package io.modelfleet.jobs.slo;

import io.modelfleet.core.Location;
import io.modelfleet.jobs.SparkSessions;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;

/**
 * Run in a child JVM by {@link TestHalfMadeTables}: the first write of a new table, whose second
 * task stalls after the first has written its data file, so that the test can kill -9 this JVM
 * between the table's first data file and its first commit.
 */
public final class KilledFirstWrite {
    private KilledFirstWrite() {}

    public static void main(String[] args) {
        SparkSession spark = SparkSessions.create("local[2]", "killed-first-write");
        spark.udf()
                .register(
                        "stall",
                        (UDF1<Long, Long>) id -> {
                            if (id == 1) {
                                Thread.sleep(120_000);
                            }
                            return id;
                        },
                        DataTypes.LongType);
        DeltaTables.replace(
                spark.range(0, 2, 1, 2).selectExpr("stall(id) AS id", "'2026-11-24' AS ds"),
                Location.of(Path.of(args[0])),
                "ds = '2026-11-24'",
                "ds");
        spark.stop();
    }
}
