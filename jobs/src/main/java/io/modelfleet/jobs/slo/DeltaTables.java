package io.modelfleet.jobs.slo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;

/** The two ways jobs write Delta tables, kept in one place. */
public final class DeltaTables {
    private DeltaTables() {}

    private static final DateTimeFormatter UTC =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    /** A predicate on the {@code hour} column, both ends included; sessions run in UTC. */
    public static String hourRange(Instant first, Instant last) {
        return "hour >= TIMESTAMP '" + UTC.format(first) + "' AND hour <= TIMESTAMP '" + UTC.format(last) + "'";
    }

    public static boolean exists(Path table) {
        return Files.isDirectory(table.resolve("_delta_log"));
    }

    /**
     * Replaces the rows matching {@code predicate} with {@code rows}, in one commit: readers see
     * the old rows or the new ones, never a mix, and a failure midway leaves the table unchanged.
     * Creates the table, partitioned by {@code partitionColumn}, on first write.
     */
    public static void replace(Dataset<Row> rows, Path table, String predicate, String partitionColumn) {
        if (!exists(table)) {
            rows.write()
                    .format("delta")
                    .mode(SaveMode.Overwrite)
                    .partitionBy(partitionColumn)
                    .save(table.toString());
            return;
        }
        rows.write()
                .format("delta")
                .mode(SaveMode.Overwrite)
                .option("replaceWhere", predicate)
                .save(table.toString());
    }
}
