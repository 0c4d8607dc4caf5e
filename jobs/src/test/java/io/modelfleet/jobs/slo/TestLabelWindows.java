package io.modelfleet.jobs.slo;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelfleet.core.Hour;
import io.modelfleet.core.Location;
import io.modelfleet.jobs.SharedSpark;
import io.modelfleet.jobs.TestRegistries;
import io.modelfleet.jobs.predictions.LabelDelays;
import io.modelfleet.jobs.predictions.PredictionLogGenerator;
import io.modelfleet.registry.Registry;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Late labels: an hour judged before its label window closes is provisional, and final once computed after. */
class TestLabelWindows {
    private static final Hour H0 = Hour.parse("2026-11-20T10");
    private static final Duration DELAY = Duration.ofHours(3);

    @TempDir
    Path dir;

    @Test
    void anHourJudgedEarlyIsProvisionalThenFinalWithTheLateLabelsAndOnlyFinalHoursCountInBudgets() {
        SparkSession spark = SharedSpark.get();
        Registry registry = TestRegistries.fiveTiers(dir.resolve("registry"), 3);
        Path logs = dir.resolve("logs");
        Location warehouse = Location.of(dir.resolve("warehouse"));
        new PredictionLogGenerator(spark, registry, 5, 1.0, 1.0, List.of())
                .labelDelays(new LabelDelays(Duration.ofMinutes(10), Duration.ofMinutes(120)))
                .write(List.of(H0), Location.of(logs));
        Instant end = H0.plus(1).start();
        Instant early = end.plus(Duration.ofMinutes(30));
        Instant late = end.plus(DELAY);

        HourlySloJob.Result first =
                job(spark, registry, logs, warehouse).labelsAsOf(early).run(List.of(H0));

        assertThat(first.provisional()).isEqualTo(Map.of(H0, late));
        Map<String, Long> knownEarly = labelsKnownAt(spark, logs, early);
        assertThat(rows(spark, warehouse)).hasSize(TestRegistries.MODELS.length).allSatisfy(r -> {
            assertThat(r.<Boolean>getAs("final")).isFalse();
            assertThat(r.<Timestamp>getAs("final_at").toInstant()).isEqualTo(late);
            assertThat(r.<Long>getAs("events")).isEqualTo(knownEarly.get(r.<String>getAs("model_id")));
        });
        roll(spark, registry, warehouse);
        assertThat(daily(spark, warehouse)).allSatisfy(r -> {
            assertThat(r.<Long>getAs("provisional_hours")).isEqualTo(1);
            assertThat(r.<Long>getAs("evaluated_hours")).isZero();
            assertThat(r.<Long>getAs("unstable_hours")).isZero();
            assertThat(r.<Object>getAs("attainment_28d")).isNull();
        });

        HourlySloJob.Result second =
                job(spark, registry, logs, warehouse).labelsAsOf(late).run(List.of(H0));

        assertThat(second.provisional()).isEmpty();
        Map<String, Long> knownLate = labelsKnownAt(spark, logs, late);
        List<Row> finalRows = rows(spark, warehouse);
        assertThat(finalRows).hasSize(TestRegistries.MODELS.length).allSatisfy(r -> {
            String model = r.getAs("model_id");
            assertThat(r.<Boolean>getAs("final")).isTrue();
            assertThat(r.<Long>getAs("events")).isEqualTo(knownLate.get(model));
            // the late labels are in: more events than the early look had, and the rest still unlabeled
            assertThat(knownLate.get(model)).isGreaterThan(knownEarly.get(model));
            assertThat(r.<Long>getAs("events") + r.<Long>getAs("unlabeled_rows") + r.<Long>getAs("invalid_rows"))
                    .isEqualTo(r.<Long>getAs("rows"));
        });
        roll(spark, registry, warehouse);
        long judged = finalRows.stream()
                .filter(r -> List.of("STABLE", "UNSTABLE", "WATCH").contains(r.<String>getAs("status")))
                .count();
        assertThat(judged).isPositive();
        assertThat(daily(spark, warehouse).stream()
                        .mapToLong(r -> r.<Long>getAs("evaluated_hours"))
                        .sum())
                .isEqualTo(judged);
        assertThat(daily(spark, warehouse))
                .allSatisfy(r -> assertThat(r.<Long>getAs("provisional_hours")).isZero());
    }

    @Test
    void aLabelTimeThatIsNotATimestampFailsItsHourSayingSoAndTheOtherHoursAreWritten() {
        SparkSession spark = SharedSpark.get();
        Registry registry = TestRegistries.fiveTiers(dir.resolve("registry"), 3);
        Path logs = dir.resolve("logs");
        new PredictionLogGenerator(spark, registry, 5, 0.05, 1.0, List.of()).write(List.of(H0), Location.of(logs));
        Hour mistyped = H0.plus(1);
        spark.createDataFrame(
                        List.of(RowFactory.create(TestRegistries.MODELS[0], 0.5, 1, "2026-11-20 11:30:00")),
                        new StructType()
                                .add("model_id", DataTypes.StringType)
                                .add("prediction", DataTypes.DoubleType)
                                .add("label", DataTypes.IntegerType)
                                .add("label_time", DataTypes.StringType))
                .coalesce(1)
                .write()
                .parquet(logs.resolve("ds=" + mistyped.ds())
                        .resolve("hr=" + mistyped.hr())
                        .toString());
        Location warehouse = Location.of(dir.resolve("warehouse"));

        HourlySloJob.Result result = job(spark, registry, logs, warehouse).run(List.of(H0, mistyped));

        assertThat(result.computed()).containsExactly(H0);
        assertThat(result.failed())
                .singleElement()
                .satisfies(f -> assertThat(f.message()).contains("column 'label_time' is BINARY"));
    }

    private static HourlySloJob job(SparkSession spark, Registry registry, Path logs, Location warehouse) {
        return new HourlySloJob(spark, registry, "test", logs.toString(), warehouse);
    }

    /** Per model, the rows whose label is known at {@code asOf}, counted straight from the Parquet files. */
    private static Map<String, Long> labelsKnownAt(SparkSession spark, Path logs, Instant asOf) {
        Map<String, Long> known = new TreeMap<>();
        for (Row r : spark.read()
                .parquet(logs.toString())
                .where("label IS NOT NULL AND label_time <= timestamp_micros(" + asOf.toEpochMilli() * 1000 + "L)")
                .groupBy("model_id")
                .count()
                .collectAsList()) {
            known.put(r.getString(0), r.getLong(1));
        }
        return known;
    }

    private static void roll(SparkSession spark, Registry registry, Location warehouse) {
        new DailyRollupJob(spark, registry, warehouse).run(List.of(LocalDate.parse(H0.ds())));
    }

    private static List<Row> rows(SparkSession spark, Location warehouse) {
        return spark.read()
                .format("delta")
                .load(warehouse.resolve(HourlySloJob.TABLE).toString())
                .collectAsList();
    }

    private static List<Row> daily(SparkSession spark, Location warehouse) {
        return spark.read()
                .format("delta")
                .load(warehouse.resolve(DailyRollupJob.DAILY).toString())
                .collectAsList();
    }
}
