package io.modelfleet.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Baseline: the same per-model-hour aggregation the SLO job does (row counts, validity, and the
 * sums behind calibration, NE and their intervals), as one DuckDB query over the same Parquet
 * files. Prints the query time of each run; the first is cold, the rest warm.
 *
 * <p>Usage: DuckDbSloQuery LOGS_DIR DAY [RUNS]
 */
public final class DuckDbSloQuery {
    private DuckDbSloQuery() {}

    static String query(String logs, String day) {
        String files = logs + "/ds=" + day + "/*/*.parquet";
        return """
                WITH e AS (
                  SELECT ds, hr, model_id, prediction, label, coalesce(weight, 1.0) AS w,
                         prediction IS NOT NULL AND NOT isnan(prediction) AND prediction BETWEEN 0 AND 1
                           AND (label IS NULL OR label IN (0, 1)) AND coalesce(weight, 1.0) > 0 AS valid
                  FROM read_parquet('%s', hive_partitioning = true)
                ), l AS (
                  SELECT *, valid AND label IS NOT NULL AS labeled,
                         CASE WHEN label = 1 THEN -ln(greatest(least(prediction, 1 - 1e-7), 1e-7))
                              ELSE -ln(1 - greatest(least(prediction, 1 - 1e-7), 1e-7)) END AS loss
                  FROM e
                )
                SELECT ds, hr, model_id, count(*) AS rows,
                       count(*) FILTER (WHERE NOT valid) AS invalid,
                       count(*) FILTER (WHERE valid AND label IS NULL) AS unlabeled,
                       count(*) FILTER (WHERE labeled) AS events,
                       count(*) FILTER (WHERE labeled AND label = 1) AS positives,
                       sum(w) FILTER (WHERE labeled), sum(w * label) FILTER (WHERE labeled),
                       sum(w * prediction) FILTER (WHERE labeled), sum(w * loss) FILTER (WHERE labeled),
                       sum(w * w) FILTER (WHERE labeled), sum(w * w * label) FILTER (WHERE labeled),
                       sum(w * w * prediction * prediction) FILTER (WHERE labeled),
                       sum(w * w * prediction * label) FILTER (WHERE labeled),
                       sum(w * w * loss * loss) FILTER (WHERE labeled), sum(w * w * loss * label) FILTER (WHERE labeled),
                       sum(w * w * loss) FILTER (WHERE labeled)
                FROM l GROUP BY ds, hr, model_id
                """.formatted(files);
    }

    public static void main(String[] args) throws SQLException {
        String logs = args[0];
        String day = args[1];
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = connection.createStatement()) {
            for (int run = 0; run < runs; run++) {
                long start = System.nanoTime();
                long groups = 0;
                long rows = 0;
                try (ResultSet result = statement.executeQuery(query(logs, day))) {
                    while (result.next()) {
                        groups++;
                        rows += result.getLong(4);
                    }
                }
                System.out.printf(
                        "duckdb run %d: %.3f s, %d model-hours, %d rows%n",
                        run + 1, (System.nanoTime() - start) / 1e9, groups, rows);
            }
        }
    }
}
