package io.modelfleet.jobs.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.modelfleet.core.Hour;
import io.modelfleet.core.Location;
import io.modelfleet.core.gate.CandidateQuality;
import io.modelfleet.core.gate.GateTest;
import io.modelfleet.core.slo.HourMetrics;
import io.modelfleet.core.slo.HourSums;
import io.modelfleet.jobs.SharedSpark;
import io.modelfleet.jobs.TestRegistries;
import io.modelfleet.jobs.predictions.CandidateTraffic;
import io.modelfleet.jobs.predictions.PredictionLogGenerator;
import io.modelfleet.registry.Registry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gate's sums per version over the hours whose labels are complete, against a second computation. */
class TestGateSums {
    static final String MODEL = "feed_t0_lsr";
    static final Hour H0 = Hour.parse("2026-11-25T10");
    static final Duration WINDOW = Duration.ofMinutes(30);
    /** 12:40: 10h and 11h have their labels (their ends plus 30 minutes have passed); 12h does not. */
    static final Instant NOW = H0.plus(2).start().plus(Duration.ofMinutes(40));

    @TempDir
    static Path dir;

    static SparkSession spark;
    static Path logs;

    @BeforeAll
    static void launchLogs() {
        spark = SharedSpark.get();
        Registry registry = TestRegistries.fiveTiers(dir.resolve("registry"));
        logs = dir.resolve("logs");
        new PredictionLogGenerator(spark, registry, 11, 2.0, 1.0, List.of())
                .candidates(List.of(
                        new CandidateTraffic(MODEL, "v2", CandidateQuality.parse("miscalibrated:1.5"), 0.25, Map.of())))
                .labelsAsOf(NOW, WINDOW)
                .write(List.of(H0, H0.plus(1), H0.plus(2)), Location.of(logs));
    }

    @Test
    void onlyHoursWhoseLabelsAreCompleteCountAndTheSumsMatchASecondQuery() {
        GateSums.Result result =
                GateSums.compute(spark, Location.of(logs), MODEL, List.of(H0, H0.plus(1), H0.plus(2)), NOW, WINDOW);
        assertThat(result.hours()).containsExactly(H0, H0.plus(1));
        for (String version : List.of("v1", "v2")) {
            HourSums sums = result.of(version);
            // A second computation, written another way: FILTER clauses over the two complete hours.
            Row check = spark.read()
                    .parquet(logs.toString())
                    .where("model_id = '" + MODEL + "' AND model_version = '" + version
                            + "' AND ((ds = '2026-11-25' AND hr IN (10, 11)))")
                    .selectExpr(
                            "count(*) FILTER (WHERE label IS NOT NULL AND prediction BETWEEN 0 AND 1)",
                            "sum(weight) FILTER (WHERE label IS NOT NULL AND prediction BETWEEN 0 AND 1)",
                            "sum(weight * label) FILTER (WHERE label IS NOT NULL AND prediction BETWEEN 0 AND 1)",
                            "sum(weight * prediction) FILTER (WHERE label IS NOT NULL AND prediction BETWEEN 0 AND 1)")
                    .first();
            assertThat(sums.events()).isEqualTo(check.getLong(0));
            assertThat(sums.w()).isCloseTo(check.getDouble(1), within(1e-6));
            assertThat(sums.wy()).isCloseTo(check.getDouble(2), within(1e-9));
            assertThat(sums.wp()).isCloseTo(check.getDouble(3), within(1e-6));
        }
        // The candidate over-predicts by half: its |ln calibration| is worse by about ln 1.5, a clear FAIL at a 0.05
        // margin.
        HourMetrics production = HourMetrics.of(result.of("v1")).orElseThrow();
        HourMetrics candidate = HourMetrics.of(result.of("v2")).orElseThrow();
        double estimate = Math.abs(Math.log(candidate.calibration())) - Math.abs(Math.log(production.calibration()));
        double variance = Math.pow(candidate.calibrationSe() / candidate.calibration(), 2)
                + Math.pow(production.calibrationSe() / production.calibration(), 2);
        assertThat(estimate).isCloseTo(Math.log(1.5), within(0.15));
        assertThat(GateTest.decide(GateTest.Policy.SEQUENTIAL, estimate, variance, 0.05, 0.05)
                        .decision())
                .isEqualTo(GateTest.Decision.FAIL);
    }

    @Test
    void beforeAnyHourIsCompleteThereIsNothingToJudge() {
        GateSums.Result early = GateSums.compute(
                spark, Location.of(logs), MODEL, List.of(H0), H0.plus(1).start(), WINDOW);
        assertThat(early.hours()).isEmpty();
        assertThat(early.of("v2")).isEqualTo(HourSums.EMPTY);
    }
}
