package io.modelfleet.jobs.slo;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.row_number;

import io.modelfleet.core.Hour;
import io.modelfleet.core.Location;
import io.modelfleet.core.ModelfleetErrors;
import io.modelfleet.core.slo.LatestSlo;
import io.modelfleet.core.slo.SloStatus;
import io.modelfleet.jobs.TableSchemas;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;

/**
 * The Spark side of the SLO export: reads the newest hour of {@code slo_hourly} and each of its
 * models' newest day of {@code slo_daily} into {@link LatestSlo}s, and replaces the export file
 * atomically. Rendering is {@link io.modelfleet.core.slo.SloOpenMetrics}, which needs no Spark.
 */
public final class SloExportJob {
    /**
     * Who may read the file when it did not exist before: a temporary file is its owner's alone,
     * and node_exporter usually runs as another user.
     */
    private final SparkSession spark;

    private final Location warehouse;

    public SloExportJob(SparkSession spark, Location warehouse) {
        this.spark = requireNonNull(spark, "spark is null");
        this.warehouse = requireNonNull(warehouse, "warehouse is null");
    }

    /** Whether the warehouse holds {@code slo_hourly}, which an export reads. */
    public static boolean hasResults(Location warehouse) {
        return DeltaTables.exists(warehouse.resolve(HourlySloJob.TABLE));
    }

    /**
     * Every model of the newest hour in {@code slo_hourly}, each with its newest {@code slo_daily}
     * day if it has one; empty when the table holds no row. Each rewrite of {@code slo_hourly}
     * replaces whole hours, so the rows of one hour read from any version are all of that hour's.
     */
    public List<LatestSlo> read() {
        if (!hasResults(warehouse)) {
            throw ModelfleetErrors.sloResultsMissing(warehouse);
        }
        Dataset<Row> hourly = spark.read()
                .format("delta")
                .load(warehouse.resolve(HourlySloJob.TABLE).toString());
        // The day first: a partition value, so the newest hour is looked for in one day's files.
        Row newestDay = hourly.agg(max("ds")).first();
        if (newestDay.isNullAt(0)) {
            return List.of();
        }
        Dataset<Row> day = hourly.where(col("ds").equalTo(newestDay.get(0)));
        Timestamp newestHour = day.agg(max("hour")).first().getTimestamp(0);
        List<Row> rows = day.where(col("hour").equalTo(newestHour))
                .select(
                        "model_id",
                        "team",
                        "tier",
                        "hour",
                        "status",
                        "events",
                        "calibration",
                        "calibration_lo",
                        "calibration_hi",
                        "ne",
                        "ne_lo",
                        "ne_hi")
                .collectAsList();
        Map<String, LatestSlo.Budget> budgets = newestBudgets();
        List<LatestSlo> models = new ArrayList<>();
        for (Row r : rows) {
            String model = r.getString(0);
            models.add(new LatestSlo(
                    model,
                    r.getString(1),
                    r.getString(2),
                    Hour.of(r.getTimestamp(3).toInstant()),
                    SloStatus.valueOf(r.getString(4)),
                    r.getLong(5),
                    estimate(r, 6),
                    estimate(r, 9),
                    Optional.ofNullable(budgets.get(model))));
        }
        return models;
    }

    /** Each model's newest day in {@code slo_daily}, by model id; empty before the first rollup. */
    private Map<String, LatestSlo.Budget> newestBudgets() {
        Location table = warehouse.resolve(DailyRollupJob.DAILY);
        Map<String, LatestSlo.Budget> budgets = new HashMap<>();
        if (!DeltaTables.exists(table)) {
            return budgets;
        }
        for (Row r : spark.read()
                .format("delta")
                .load(table.toString())
                .withColumn(
                        "newest",
                        row_number()
                                .over(Window.partitionBy("model_id")
                                        .orderBy(col("ds").desc())))
                .where(col("newest").equalTo(1))
                .select("model_id", "ds", "error_budget_remaining", "burn_rate_6h", "burn_rate_24h", "burn_rate_72h")
                .collectAsList()) {
            budgets.put(
                    r.getString(0),
                    new LatestSlo.Budget(TableSchemas.day(r, 1), value(r, 2), value(r, 3), value(r, 4), value(r, 5)));
        }
        return budgets;
    }

    /** A metric and its interval from three columns; empty unless all three are set. */
    private static Optional<LatestSlo.Estimate> estimate(Row r, int first) {
        if (r.isNullAt(first) || r.isNullAt(first + 1) || r.isNullAt(first + 2)) {
            return Optional.empty();
        }
        return Optional.of(new LatestSlo.Estimate(r.getDouble(first), r.getDouble(first + 1), r.getDouble(first + 2)));
    }

    private static OptionalDouble value(Row r, int i) {
        return r.isNullAt(i) ? OptionalDouble.empty() : OptionalDouble.of(r.getDouble(i));
    }

    /** Replaces the export file whole (see {@link OutputFiles#replace}). */
    public static void write(Path file, String text) {
        OutputFiles.replace(file, text, "modelfleet.prom");
    }
}
