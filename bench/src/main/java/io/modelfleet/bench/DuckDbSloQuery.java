package io.modelfleet.bench;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Baseline: the same per-model-hour aggregation the SLO job does (row counts, validity, misplaced
 * rows, and the sums behind calibration, NE and their intervals), as one DuckDB query over the same
 * Parquet files, written two ways a DuckDB user might:
 *
 * <ul>
 *   <li>{@code filter}: conditional aggregates ({@code sum(...) FILTER (WHERE labeled)});
 *   <li>{@code per-row}: the SLO job's own formulation: per-row quantities that are zero outside
 *       valid labeled rows, then plain sums (branch-free, so it vectorizes well).
 * </ul>
 *
 * Both run in one process, one after the other, each {@code RUNS} times; the first run of the
 * first formulation is also the process's cold run. Prints each run's time as {@code duckdb
 * <formulation> run <i>: <seconds> s}, and with {@code SUMS_CSV} writes each formulation's last
 * run's per model-hour results there (the last formulation's stay), for {@link SloSumsAgreement} to compare with the job's.
 *
 * <p>Usage: DuckDbSloQuery LOGS_DIR DAY [RUNS] [FORMULATIONS (filter,per-row)] [SUMS_CSV]
 */
public final class DuckDbSloQuery {
    private DuckDbSloQuery() {}

    /** The columns every formulation returns, in {@code HourSums} order after the key. */
    static final String RESULT_COLUMNS = "epoch_hour, model_id, rows, invalid, unlabeled, events, positives,"
            + " w, wy, wp, wl, ww, wwy, wwpp, wwpy, wwll, wwly, wwl, misplaced";

    /**
     * The rows with their validity, as the job decides it: a row more than 15 minutes outside its
     * folder's hour is misplaced (and neither valid nor invalid); a valid row has a prediction in
     * [0, 1], a label that is 0, 1 or null, and a positive finite weight (null counts as 1).
     */
    private static String classified(String logs, String day) {
        String files = logs + "/ds=" + day + "/*/*.parquet";
        return """
                WITH r AS (
                  SELECT epoch(ds)::BIGINT // 3600 + hr AS epoch_hour, model_id, prediction, label,
                         coalesce(weight, 1.0) AS w,
                         coalesce(event_time < ds + to_hours(hr) - INTERVAL 15 MINUTE
                                  OR event_time >= ds + to_hours(hr) + INTERVAL 75 MINUTE, false) AS misplaced
                  FROM read_parquet('%s', hive_partitioning = true, hive_types = {'ds': DATE, 'hr': INTEGER})
                ), v AS (
                  SELECT *, NOT misplaced AND prediction IS NOT NULL AND NOT isnan(prediction)
                              AND prediction BETWEEN 0 AND 1 AND (label IS NULL OR label IN (0, 1))
                              AND w > 0 AND NOT isnan(w) AND w < 'Infinity'::DOUBLE AS valid
                  FROM r
                ), c AS (
                  SELECT *, valid AND label IS NOT NULL AS labeled, valid AND label IS NULL AS is_unlabeled,
                         greatest(least(prediction, 1 - 1e-7), 1e-7) AS pc
                  FROM v
                )
                """.formatted(files);
    }

    static String filterQuery(String logs, String day) {
        return classified(logs, day) + """
                , l AS (
                  SELECT *, CASE WHEN label = 1 THEN -ln(pc) ELSE -ln(1 - pc) END AS loss FROM c
                )
                SELECT epoch_hour, model_id, count(*) AS rows,
                       count(*) FILTER (WHERE NOT valid AND NOT misplaced) AS invalid,
                       count(*) FILTER (WHERE is_unlabeled) AS unlabeled,
                       count(*) FILTER (WHERE labeled) AS events,
                       count(*) FILTER (WHERE labeled AND label = 1) AS positives,
                       coalesce(sum(w) FILTER (WHERE labeled), 0) AS w,
                       coalesce(sum(w * label) FILTER (WHERE labeled), 0) AS wy,
                       coalesce(sum(w * prediction) FILTER (WHERE labeled), 0) AS wp,
                       coalesce(sum(w * loss) FILTER (WHERE labeled), 0) AS wl,
                       coalesce(sum(w * w) FILTER (WHERE labeled), 0) AS ww,
                       coalesce(sum(w * w * label) FILTER (WHERE labeled), 0) AS wwy,
                       coalesce(sum(w * w * prediction * prediction) FILTER (WHERE labeled), 0) AS wwpp,
                       coalesce(sum(w * w * prediction * label) FILTER (WHERE labeled), 0) AS wwpy,
                       coalesce(sum(w * w * loss * loss) FILTER (WHERE labeled), 0) AS wwll,
                       coalesce(sum(w * w * loss * label) FILTER (WHERE labeled), 0) AS wwly,
                       coalesce(sum(w * w * loss) FILTER (WHERE labeled), 0) AS wwl,
                       count(*) FILTER (WHERE misplaced) AS misplaced
                FROM l GROUP BY epoch_hour, model_id
                """;
    }

    static String perRowQuery(String logs, String day) {
        return classified(logs, day) + """
                , q AS (
                  SELECT epoch_hour, model_id, valid, misplaced, labeled, is_unlabeled,
                         CASE WHEN labeled THEN w ELSE 0 END AS lw,
                         CASE WHEN labeled THEN prediction ELSE 0 END AS p,
                         CASE WHEN labeled THEN label::DOUBLE ELSE 0 END AS y,
                         CASE WHEN labeled THEN (CASE WHEN label = 1 THEN -ln(pc) ELSE -ln(1 - pc) END)
                              ELSE 0 END AS l
                  FROM c
                )
                SELECT epoch_hour, model_id, count(*) AS rows,
                       count_if(NOT valid AND NOT misplaced) AS invalid, count_if(is_unlabeled) AS unlabeled,
                       count_if(labeled) AS events, count_if(labeled AND y = 1) AS positives,
                       sum(lw) AS w, sum(lw * y) AS wy, sum(lw * p) AS wp, sum(lw * l) AS wl,
                       sum(lw * lw) AS ww, sum(lw * lw * y) AS wwy, sum(lw * lw * p * p) AS wwpp,
                       sum(lw * lw * p * y) AS wwpy, sum(lw * lw * l * l) AS wwll, sum(lw * lw * l * y) AS wwly,
                       sum(lw * lw * l) AS wwl, count_if(misplaced) AS misplaced
                FROM q GROUP BY epoch_hour, model_id
                """;
    }

    static String query(String formulation, String logs, String day) {
        return switch (formulation) {
            case "filter" -> filterQuery(logs, day);
            case "per-row" -> perRowQuery(logs, day);
            default ->
                throw new IllegalArgumentException("unknown formulation '" + formulation + "': filter or per-row");
        };
    }

    public static void main(String[] args) throws SQLException, IOException {
        String logs = args[0];
        String day = args[1];
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        String[] formulations = (args.length > 3 ? args[3] : "filter,per-row").split(",");
        Path sumsCsv = args.length > 4 ? Path.of(args[4]) : null;
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = connection.createStatement()) {
            var os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            for (String formulation : formulations) {
                String sql = query(formulation, logs, day);
                for (int run = 0; run < runs; run++) {
                    long start = System.nanoTime();
                    long cpuStart = os.getProcessCpuTime();
                    List<String> lines = new ArrayList<>();
                    long rows = 0;
                    try (ResultSet result = statement.executeQuery(sql)) {
                        while (result.next()) {
                            rows += result.getLong("rows");
                            lines.add(csvLine(result));
                        }
                    }
                    System.out.printf(
                            Locale.ROOT,
                            "duckdb %s run %d: %.3f s, %d model-hours, %d rows, process CPU %.1f s%n",
                            formulation,
                            run + 1,
                            (System.nanoTime() - start) / 1e9,
                            lines.size(),
                            rows,
                            (os.getProcessCpuTime() - cpuStart) / 1e9);
                    if (sumsCsv != null && run == runs - 1) {
                        writeCsv(sumsCsv, lines);
                    }
                }
            }
        }
    }

    /** One model-hour as CSV in {@link #RESULT_COLUMNS} order, doubles in full precision. */
    private static String csvLine(ResultSet result) throws SQLException {
        StringBuilder line = new StringBuilder();
        line.append(result.getLong("epoch_hour")).append(',').append(result.getString("model_id"));
        for (String column : RESULT_COLUMNS.split(",\\s*")) {
            switch (column) {
                case "epoch_hour", "model_id" -> {}
                case "rows", "invalid", "unlabeled", "events", "positives", "misplaced" ->
                    line.append(',').append(result.getLong(column));
                default -> line.append(',').append(Double.toString(result.getDouble(column)));
            }
        }
        return line.toString();
    }

    static void writeCsv(Path file, List<String> lines) throws IOException {
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
            out.println(RESULT_COLUMNS.replace(" ", ""));
            lines.forEach(out::println);
        }
    }
}
