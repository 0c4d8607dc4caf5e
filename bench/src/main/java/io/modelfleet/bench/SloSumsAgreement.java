package io.modelfleet.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Checks that the SLO job computed what DuckDB did: the per model-hour sums both wrote as CSV
 * ({@link SparkSloWarm}, {@link DuckDbSloQuery}) are joined on hour and model; every count must be
 * equal and each weighted sum's day total must agree to {@link #MAX_RELATIVE_DIFFERENCE} (sums in
 * another order differ in the last bits; all their terms are non-negative, so nothing cancels).
 * Model-hours only DuckDB has are the unregistered models', which the job keeps out of
 * {@code slo_hourly}. Exits 1 when they disagree.
 *
 * <p>Usage: SloSumsAgreement SPARK_CSV DUCKDB_CSV
 */
public final class SloSumsAgreement {
    private SloSumsAgreement() {}

    static final double MAX_RELATIVE_DIFFERENCE = 1e-12;

    private static final List<String> COUNTS =
            List.of("rows", "invalid", "unlabeled", "events", "positives", "misplaced");
    private static final List<String> SUMS =
            List.of("w", "wy", "wp", "wl", "ww", "wwy", "wwpp", "wwpy", "wwll", "wwly", "wwl");

    public static void main(String[] args) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE spark AS FROM read_csv('" + args[0] + "', header = true)");
            statement.execute("CREATE TABLE duck AS FROM read_csv('" + args[1] + "', header = true)");
            String countMismatch =
                    COUNTS.stream().map(c -> "s." + c + " <> d." + c).collect(Collectors.joining(" OR "));
            String totals = SUMS.stream()
                    .map(c -> "abs(sum(s." + c + ") - sum(d." + c + ")) / greatest(abs(sum(d." + c + ")), 1e-300)")
                    .collect(Collectors.joining(", "));
            String perModelHour = SUMS.stream()
                    .map(c -> "abs(s." + c + " - d." + c + ") / greatest(abs(d." + c + "), 1e-300)")
                    .collect(Collectors.joining(", "));
            String sql = "SELECT count(*), count_if(" + countMismatch + "), greatest(" + totals + "), max(greatest("
                    + perModelHour + ")),"
                    + " (SELECT count(*) FROM spark ANTI JOIN duck USING (epoch_hour, model_id)),"
                    + " (SELECT count(*) FROM duck ANTI JOIN spark USING (epoch_hour, model_id))"
                    + " FROM spark s JOIN duck d USING (epoch_hour, model_id)";
            try (ResultSet r = statement.executeQuery(sql)) {
                r.next();
                long joined = r.getLong(1);
                long countMismatches = r.getLong(2);
                double totalDifference = r.getDouble(3);
                double modelHourDifference = r.getDouble(4);
                long onlySpark = r.getLong(5);
                long onlyDuck = r.getLong(6);
                boolean agree = joined > 0
                        && countMismatches == 0
                        && onlySpark == 0
                        && totalDifference <= MAX_RELATIVE_DIFFERENCE;
                System.out.printf(
                        Locale.ROOT,
                        "agreement: %s — %d model-hours in both, %d with different counts, %d only in slo_hourly,"
                                + " %d only in DuckDB (unregistered); relative difference of day totals %.1e,"
                                + " of single model-hours at most %.1e (sums %s)%n",
                        agree ? "OK" : "FAILED",
                        joined,
                        countMismatches,
                        onlySpark,
                        onlyDuck,
                        totalDifference,
                        modelHourDifference,
                        Arrays.toString(SUMS.toArray()));
                if (!agree) {
                    System.exit(1);
                }
            }
        }
    }
}
