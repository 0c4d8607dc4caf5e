package io.modelfleet.jobs.gate;

import static org.apache.spark.sql.functions.expr;

import io.modelfleet.core.Hour;
import io.modelfleet.core.Location;
import io.modelfleet.core.slo.HourSums;
import io.modelfleet.jobs.StorageFiles;
import io.modelfleet.jobs.slo.HourlySloJob;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A launch gate's data: per version of one model, the sums the SLO job keeps, pooled over the
 * hours whose labels are complete — an hour counts once its end plus the attribution window has
 * passed, so the gate never judges on the fastest clickers alone; a label whose {@code label_time}
 * is after {@code now} is not in yet. The per-row quantities and sums
 * are the SLO job's own ({@link HourlySloJob#QUANTITIES}, {@link HourlySloJob#sums()}).
 */
public final class GateSums {
    private static final StructType SCHEMA = new StructType()
            .add("model_id", DataTypes.StringType)
            .add("model_version", DataTypes.StringType)
            .add("prediction", DataTypes.DoubleType)
            .add("label", DataTypes.IntegerType)
            .add("label_time", DataTypes.TimestampType)
            .add("weight", DataTypes.DoubleType);

    /** The sums per version, and which of the asked hours they cover. */
    public record Result(Map<String, HourSums> byVersion, List<Hour> hours) {
        public HourSums of(String version) {
            return byVersion.getOrDefault(version, HourSums.EMPTY);
        }
    }

    private GateSums() {}

    /** The hours of {@code hours} whose labels are complete at {@code now}. */
    public static List<Hour> complete(List<Hour> hours, Instant now, Duration attributionWindow) {
        return hours.stream()
                .filter(h -> !h.plus(1).start().plus(attributionWindow).isAfter(now))
                .toList();
    }

    private static long micros(Instant time) {
        return time.getEpochSecond() * 1_000_000L + time.getNano() / 1000;
    }

    private static boolean isFolder(Location hour) {
        try {
            return StorageFiles.isFolder(hour);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Result compute(
            SparkSession spark,
            Location logs,
            String modelId,
            List<Hour> hours,
            Instant now,
            Duration attributionWindow) {
        List<Hour> complete = complete(hours, now, attributionWindow);
        String[] folders = complete.stream()
                .map(h -> logs.resolve("ds=" + h.ds()).resolve("hr=" + h.hr()))
                .filter(GateSums::isFolder)
                .map(Location::toString)
                .toArray(String[]::new);
        Map<String, HourSums> byVersion = new TreeMap<>();
        if (folders.length == 0) {
            return new Result(byVersion, complete);
        }
        Dataset<Row> rows = spark.read()
                .schema(SCHEMA)
                .parquet(folders)
                .where(new Column("model_id").equalTo(modelId))
                .selectExpr(
                        "model_version",
                        "prediction",
                        "if(label_time > timestamp_micros(" + micros(now) + "L), CAST(NULL AS INT), label) AS label",
                        "coalesce(weight, 1.0D) AS w")
                .selectExpr("model_version", HourlySloJob.VALID_ROW + " AS valid", "prediction", "label", "w")
                .selectExpr(
                        "model_version",
                        "valid",
                        "valid AND label IS NULL AS unlabeled",
                        "valid AND label IS NOT NULL AS labeled",
                        "prediction",
                        "label",
                        "w",
                        HourlySloJob.CLIPPED_PREDICTION)
                .selectExpr(Stream.concat(
                                Stream.of("model_version", "valid", "unlabeled", "labeled"),
                                Arrays.stream(HourlySloJob.QUANTITIES))
                        .toArray(String[]::new));
        Column[] aggregates = Stream.of(
                        new Column[] {expr("count_if(NOT valid)").alias("invalid")},
                        HourlySloJob.counts(),
                        HourlySloJob.sums())
                .flatMap(Arrays::stream)
                .toArray(Column[]::new);
        for (Row r : rows.groupBy("model_version")
                .agg(expr("count(*)").alias("rows"), aggregates)
                .collectAsList()) {
            byVersion.put(
                    r.getString(0),
                    new HourSums(
                            r.getLong(1),
                            r.getLong(2),
                            r.getLong(3),
                            r.getLong(4),
                            r.getLong(5),
                            r.getDouble(6),
                            r.getDouble(7),
                            r.getDouble(8),
                            r.getDouble(9),
                            r.getDouble(10),
                            r.getDouble(11),
                            r.getDouble(12),
                            r.getDouble(13),
                            r.getDouble(14),
                            r.getDouble(15),
                            r.getDouble(16)));
        }
        return new Result(byVersion, complete);
    }
}
