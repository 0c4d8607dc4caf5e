package io.modelfleet.scheduler;

import io.modelfleet.core.Location;
import io.modelfleet.jobs.slo.DeltaTables;
import java.util.ConcurrentModificationException;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * Copies rows the launch database keeps (its outbox) into a Delta table by a MERGE on their key:
 * rows already there are left alone, so a batch published twice (a crash between this table's
 * commit and the database's mark) adds nothing, and two publishers at once conflict in Delta and
 * retry.
 */
final class DeltaOutbox {
    private static final int MAX_ATTEMPTS = 8;

    private DeltaOutbox() {}

    static void merge(SparkSession spark, Location table, StructType schema, List<Row> rows, List<String> key) {
        if (rows.isEmpty()) {
            return;
        }
        String name = "delta.`" + table + "`";
        String view = "outbox_batch_" + Long.toUnsignedString(System.nanoTime());
        spark.createDataFrame(rows, schema).createOrReplaceTempView(view);
        String on = key.stream().map(k -> "t." + k + " = s." + k).collect(Collectors.joining(" AND "));
        try {
            for (int attempt = 1; ; attempt++) {
                try {
                    if (DeltaTables.exists(table)) {
                        DeltaTables.upgrade(spark, schema, table, null);
                    } else {
                        spark.sql("CREATE TABLE IF NOT EXISTS " + name + " (" + schema.toDDL() + ") USING delta");
                    }
                    spark.sql("MERGE INTO " + name + " t USING " + view + " s ON " + on
                            + " WHEN NOT MATCHED THEN INSERT *");
                    return;
                } catch (ConcurrentModificationException e) {
                    if (attempt == MAX_ATTEMPTS) {
                        throw e;
                    }
                    sleep(attempt);
                }
            }
        } finally {
            spark.catalog().dropTempView(view);
        }
    }

    private static void sleep(int attempt) {
        try {
            Thread.sleep(100L * attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
