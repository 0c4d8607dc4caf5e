package io.modelfleet.jobs.slo;

import io.modelfleet.core.Hour;
import io.modelfleet.core.slo.HourSums;
import io.modelfleet.core.slo.SloJudge;
import io.modelfleet.core.slo.SloPolicy;
import io.modelfleet.core.slo.SloStatus;
import io.modelfleet.jobs.TableSchemas;
import io.modelfleet.registry.FunnelStage;
import io.modelfleet.registry.Tier;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * One row of {@code slo_hourly}, typed: status, tier and stage are enums, the metrics and the
 * thresholds judged against are records. Column names are a contract with analysts (see the
 * README) and appear only in {@link #SCHEMA}, {@link #toRow()} and {@link #fromRow(Row)}; metrics
 * that are undefined for an hour are null, never NaN or infinity.
 *
 * <p>{@code misplaced_rows} counts the rows of the hour's log folder whose {@code event_time} lies
 * outside the hour by more than {@link HourlySloJob#MISPLACED_TOLERANCE}. They are counted in
 * {@code rows} (every row the folder holds) but in none of {@code invalid_rows},
 * {@code unlabeled_rows}, {@code events} and {@code positives}, and every metric and sum leaves
 * them out: they belong to another hour, and judging this one with them would blend two hours
 * (the safer choice — a model-hour is never judged on traffic from elsewhere). So {@code rows =
 * misplaced_rows + invalid_rows + unlabeled_rows + events}. Rows written before the column existed
 * read as 0.
 *
 * <p>{@code final} is false while the hour's label window ({@code final_at}: its end plus the
 * model's label delay) had not closed when its labels were read: such an hour is provisional,
 * judged on the labels in so far and not counted in budgets. Rows written before the columns
 * existed read as final.
 *
 * @param misplacedRows rows of the hour's folder whose event_time lies outside the hour
 * @param isFinal whether the hour's label window had closed when its labels were read
 * @param finalAt when the hour's label window closes
 */
public record SloHourRecord(
        Instant hour,
        String modelId,
        String modelVersion,
        String team,
        Tier tier,
        String surface,
        FunnelStage funnelStage,
        SloStatus status,
        String reasons,
        HourSums sums,
        long misplacedRows,
        Metrics metrics,
        Thresholds thresholds,
        String registryVersion,
        String runId,
        Instant computedAt,
        boolean isFinal,
        Instant finalAt) {

    /**
     * The hour's metrics with their 95% intervals and the NE baseline, and the evidence accumulated
     * against each limit through this hour ({@link SloJudge.Evidence}); each null where undefined.
     */
    public record Metrics(
            Double ctr,
            Double calibration,
            Double calibrationLo,
            Double calibrationHi,
            Double logLoss,
            Double ne,
            Double neLo,
            Double neHi,
            Double neBaseline,
            Double neRegression,
            Double evidenceCalibrationHigh,
            Double evidenceCalibrationLow,
            Double evidenceNeRegression) {
        /** An hour not judged (yet): no metric. */
        public static final Metrics NONE =
                new Metrics(null, null, null, null, null, null, null, null, null, null, null, null, null);

        /** The evidence after this hour; none where the hour holds none (older rows, or never judged). */
        public SloJudge.Evidence evidence() {
            return new SloJudge.Evidence(
                    orZero(evidenceCalibrationHigh), orZero(evidenceCalibrationLow), orZero(evidenceNeRegression));
        }

        private static double orZero(Double value) {
            return value == null ? 0 : value;
        }
    }

    /** The thresholds the hour was judged against (its tier's SLO with the model's overrides). */
    public record Thresholds(double calibrationMin, double calibrationMax, double neRegressionLimit, long minEvents) {
        public static Thresholds of(SloPolicy slo) {
            return new Thresholds(
                    slo.calibrationMin(), slo.calibrationMax(), slo.neRegressionLimit(), slo.minEventsPerHour());
        }
    }

    /** The partition value: the hour's UTC day. */
    public LocalDate ds() {
        return Hour.of(hour).day();
    }

    /** This hour with its judgement. */
    public SloHourRecord judged(SloStatus newStatus, String newReasons, Metrics newMetrics, Thresholds newThresholds) {
        return new SloHourRecord(
                hour,
                modelId,
                modelVersion,
                team,
                tier,
                surface,
                funnelStage,
                newStatus,
                newReasons,
                sums,
                misplacedRows,
                newMetrics,
                newThresholds,
                registryVersion,
                runId,
                computedAt,
                isFinal,
                finalAt);
    }

    static final List<String> SUMS = List.of(
            "sum_w",
            "sum_wy",
            "sum_wp",
            "sum_wl",
            "sum_ww",
            "sum_wwy",
            "sum_wwpp",
            "sum_wwpy",
            "sum_wwll",
            "sum_wwly",
            "sum_wwl");

    public static final StructType SCHEMA = TableSchemas.commented(HourlySloJob.TABLE, schema());

    private static StructType schema() {
        StructType s = new StructType()
                .add("ds", DataTypes.DateType, false)
                .add("hour", DataTypes.TimestampType, false)
                .add("model_id", DataTypes.StringType, false)
                .add("model_version", DataTypes.StringType, true)
                .add("team", DataTypes.StringType, false)
                .add("tier", DataTypes.StringType, false)
                .add("surface", DataTypes.StringType, false)
                .add("funnel_stage", DataTypes.StringType, false)
                .add("status", DataTypes.StringType, false)
                .add("reasons", DataTypes.StringType, false)
                .add("rows", DataTypes.LongType, false)
                .add("invalid_rows", DataTypes.LongType, false)
                .add("unlabeled_rows", DataTypes.LongType, false)
                .add("events", DataTypes.LongType, false)
                .add("positives", DataTypes.LongType, false)
                // nullable: tables written before the column existed gain it holding nulls
                .add("misplaced_rows", DataTypes.LongType, true);
        for (String metric : List.of(
                "ctr",
                "calibration",
                "calibration_lo",
                "calibration_hi",
                "log_loss",
                "ne",
                "ne_lo",
                "ne_hi",
                "ne_baseline",
                "ne_regression",
                // nullable like every metric; tables written before they existed gain them holding nulls
                "evidence_calibration_high",
                "evidence_calibration_low",
                "evidence_ne_regression")) {
            s = s.add(metric, DataTypes.DoubleType, true);
        }
        s = s.add("calibration_min", DataTypes.DoubleType, false)
                .add("calibration_max", DataTypes.DoubleType, false)
                .add("ne_regression_limit", DataTypes.DoubleType, false)
                .add("min_events", DataTypes.LongType, false);
        for (String sum : SUMS) {
            s = s.add(sum, DataTypes.DoubleType, false);
        }
        return s.add("registry_version", DataTypes.StringType, false)
                .add("run_id", DataTypes.StringType, false)
                .add("computed_at", DataTypes.TimestampType, false)
                // nullable: tables written before label windows existed gain them holding nulls
                .add("final", DataTypes.BooleanType, true)
                .add("final_at", DataTypes.TimestampType, true);
    }

    public Row toRow() {
        return RowFactory.create(
                ds(),
                Timestamp.from(hour),
                modelId,
                modelVersion,
                team,
                tier.name(),
                surface,
                funnelStage.id(),
                status.name(),
                reasons,
                sums.rows(),
                sums.invalid(),
                sums.unlabeled(),
                sums.events(),
                sums.positives(),
                misplacedRows,
                metrics.ctr(),
                metrics.calibration(),
                metrics.calibrationLo(),
                metrics.calibrationHi(),
                metrics.logLoss(),
                metrics.ne(),
                metrics.neLo(),
                metrics.neHi(),
                metrics.neBaseline(),
                metrics.neRegression(),
                metrics.evidenceCalibrationHigh(),
                metrics.evidenceCalibrationLow(),
                metrics.evidenceNeRegression(),
                thresholds.calibrationMin(),
                thresholds.calibrationMax(),
                thresholds.neRegressionLimit(),
                thresholds.minEvents(),
                sums.w(),
                sums.wy(),
                sums.wp(),
                sums.wl(),
                sums.ww(),
                sums.wwy(),
                sums.wwpp(),
                sums.wwpy(),
                sums.wwll(),
                sums.wwly(),
                sums.wwl(),
                registryVersion,
                runId,
                Timestamp.from(computedAt),
                isFinal,
                Timestamp.from(finalAt));
    }

    public static SloHourRecord fromRow(Row row) {
        HourSums sums = new HourSums(
                row.getAs("rows"),
                row.getAs("invalid_rows"),
                row.getAs("unlabeled_rows"),
                row.getAs("events"),
                row.getAs("positives"),
                row.getAs("sum_w"),
                row.getAs("sum_wy"),
                row.getAs("sum_wp"),
                row.getAs("sum_wl"),
                row.getAs("sum_ww"),
                row.getAs("sum_wwy"),
                row.getAs("sum_wwpp"),
                row.getAs("sum_wwpy"),
                row.getAs("sum_wwll"),
                row.getAs("sum_wwly"),
                row.getAs("sum_wwl"));
        return new SloHourRecord(
                ((Timestamp) row.getAs("hour")).toInstant(),
                row.getAs("model_id"),
                row.getAs("model_version"),
                row.getAs("team"),
                Tier.valueOf(row.getAs("tier")),
                row.getAs("surface"),
                FunnelStage.fromId(row.getAs("funnel_stage")),
                SloStatus.valueOf(row.getAs("status")),
                row.getAs("reasons"),
                sums,
                misplacedRows(row),
                new Metrics(
                        row.getAs("ctr"),
                        row.getAs("calibration"),
                        row.getAs("calibration_lo"),
                        row.getAs("calibration_hi"),
                        row.getAs("log_loss"),
                        row.getAs("ne"),
                        row.getAs("ne_lo"),
                        row.getAs("ne_hi"),
                        row.getAs("ne_baseline"),
                        row.getAs("ne_regression"),
                        optional(row, "evidence_calibration_high"),
                        optional(row, "evidence_calibration_low"),
                        optional(row, "evidence_ne_regression")),
                new Thresholds(
                        row.getAs("calibration_min"),
                        row.getAs("calibration_max"),
                        row.getAs("ne_regression_limit"),
                        row.getAs("min_events")),
                row.getAs("registry_version"),
                row.getAs("run_id"),
                ((Timestamp) row.getAs("computed_at")).toInstant(),
                !Boolean.FALSE.equals(column(row, "final")),
                column(row, "final_at") instanceof Timestamp at
                        ? at.toInstant()
                        : ((Timestamp) row.getAs("hour")).toInstant().plus(Duration.ofHours(1)));
    }

    /** A nullable column that tables written before it existed lack. */
    private static Double optional(Row row, String column) {
        return (Double) column(row, column);
    }

    private static Object column(Row row, String column) {
        return Arrays.asList(row.schema().fieldNames()).contains(column) ? row.getAs(column) : null;
    }

    private static long misplacedRows(Row row) {
        if (!Arrays.asList(row.schema().fieldNames()).contains("misplaced_rows")) {
            return 0;
        }
        Long value = row.getAs("misplaced_rows");
        return value == null ? 0 : value;
    }

    /** The {@code final} column of a read of the table; true where a table written before it existed has none. */
    public static Column isFinal(Dataset<Row> table) {
        return Arrays.asList(table.columns()).contains("final")
                ? functions.coalesce(functions.col("final"), functions.lit(true))
                : functions.lit(true);
    }

    static DataType typeOf(String column) {
        return SCHEMA.apply(column).dataType();
    }
}
