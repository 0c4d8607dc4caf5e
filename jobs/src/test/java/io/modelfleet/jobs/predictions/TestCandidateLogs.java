package io.modelfleet.jobs.predictions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.modelfleet.core.Hour;
import io.modelfleet.core.Location;
import io.modelfleet.core.ModelfleetException;
import io.modelfleet.core.gate.CandidateQuality;
import io.modelfleet.jobs.SharedSpark;
import io.modelfleet.jobs.TestRegistries;
import io.modelfleet.registry.Registry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Logs of a launch: production and a candidate version at the fleet's share, and labels that arrive late. */
class TestCandidateLogs {
    static final Hour HOUR = Hour.parse("2026-11-25T10");
    static final String MODEL = "feed_t0_lsr";

    @TempDir
    static Path dir;

    static SparkSession spark;
    static Registry registry;

    @BeforeAll
    static void setUp() {
        spark = SharedSpark.get();
        registry = TestRegistries.fiveTiers(dir.resolve("registry"));
    }

    private Dataset<Row> write(String name, List<CandidateTraffic> candidates, boolean lateLabels) {
        PredictionLogGenerator generator =
                new PredictionLogGenerator(spark, registry, 7, 5.0, 1.0, List.of()).candidates(candidates);
        if (lateLabels) {
            // Read 40 minutes into the hour with a 20-minute attribution window: events after 10:20 have no label yet.
            generator.labelsAsOf(HOUR.start().plus(Duration.ofMinutes(40)), Duration.ofMinutes(20));
        }
        generator.write(List.of(HOUR), Location.of(dir.resolve(name)));
        return spark.read().parquet(dir.resolve(name).toString()).where("model_id = '" + MODEL + "'");
    }

    @Test
    void bothVersionsAreLoggedAtTheFleetsShareAndTheCandidatesQualityShows() {
        Dataset<Row> alone = write("alone", List.of(), false);
        Dataset<Row> both = write(
                "both",
                List.of(new CandidateTraffic(MODEL, "v2", CandidateQuality.parse("miscalibrated:1.5"), 0.3, Map.of())),
                false);
        long total = alone.count();
        assertThat(both.count()).isEqualTo(total);
        long candidate = both.where("model_version = 'v2'").count();
        assertThat((double) candidate / total).isCloseTo(0.3, within(0.001));
        // Production's rows are the first of the hour's events, unchanged by the candidate beside them.
        assertThat(both.where("model_version = 'v1'")
                        .select("request_id", "prediction")
                        .except(alone.select("request_id", "prediction"))
                        .count())
                .isZero();
        assertThat(both.select("request_id").distinct().count()).isEqualTo(total);
        assertThat(both.where(
                                "event_time < timestamp'2026-11-25 10:00:00' OR event_time >= timestamp'2026-11-25 11:00:00'")
                        .count())
                .isZero();
        // Calibration = sum of predictions / sum of labels: the candidate over-predicts by the factor, production does
        // not.
        Row p = both.where("model_version = 'v1' AND label IS NOT NULL")
                .selectExpr("sum(prediction) / sum(label)")
                .first();
        Row c = both.where("model_version = 'v2' AND label IS NOT NULL")
                .selectExpr("sum(prediction) / sum(label)")
                .first();
        assertThat(p.getDouble(0)).isCloseTo(1.0, within(0.08));
        assertThat(c.getDouble(0) / p.getDouble(0)).isCloseTo(1.5, within(0.1));
    }

    @Test
    void labelsStayNullUntilTheirAttributionWindowHasPassed() {
        Dataset<Row> logs = write("late", List.of(), true);
        assertThat(logs.where("event_time > timestamp'2026-11-25 10:20:00' AND label IS NOT NULL")
                        .count())
                .isZero();
        long early = logs.where("event_time <= timestamp'2026-11-25 10:20:00'").count();
        long earlyLabeled = logs.where("event_time <= timestamp'2026-11-25 10:20:00' AND label IS NOT NULL")
                .count();
        // Only the generator's usual 0.5% of never-labeled rows lack a label among events whose window has passed.
        assertThat((double) earlyLabeled / early).isGreaterThan(0.98);
        assertThat(early).isGreaterThan(0);
    }

    @Test
    void aCandidateMustBeAnotherVersionOfARegisteredModel() {
        PredictionLogGenerator generator = new PredictionLogGenerator(spark, registry, 7, 0.5, 1.0, List.of());
        assertThatThrownBy(() -> generator.candidates(
                        List.of(new CandidateTraffic(MODEL, "v1", CandidateQuality.GOOD, 0.5, Map.of()))))
                .isInstanceOf(ModelfleetException.class)
                .hasMessageContaining("it is the version in production");
        assertThatThrownBy(() -> CandidateQuality.parse("miscalibrated"))
                .isInstanceOf(ModelfleetException.class)
                .hasMessageContaining("Cannot read candidate quality 'miscalibrated'");
    }
}
