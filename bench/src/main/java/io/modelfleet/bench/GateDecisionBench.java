package io.modelfleet.bench;

import io.modelfleet.core.Hour;
import io.modelfleet.core.Location;
import io.modelfleet.core.gate.CandidateQuality;
import io.modelfleet.core.gate.GateTest;
import io.modelfleet.jobs.SparkSessions;
import io.modelfleet.jobs.gate.GateSums;
import io.modelfleet.jobs.predictions.CandidateTraffic;
import io.modelfleet.jobs.predictions.PredictionLogGenerator;
import io.modelfleet.launcher.QualityGate;
import io.modelfleet.registry.Model;
import io.modelfleet.registry.Registry;
import io.modelfleet.registry.RegistryLoader;
import io.modelfleet.registry.Tier;
import io.modelfleet.registry.TierPolicy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * One quality-gate decision over an hour of logs, in a running SparkSession: the per-version sums of
 * a TIER0 model with a candidate at 50% ({@link GateSums}) and the decision ({@link QualityGate}),
 * against DuckDB computing the same per-version sums over the same Parquet files in the same run
 * (per-row quantities zero outside valid labelled rows, then plain sums, as a DuckDB user writes
 * it). Prints each warm run and the medians.
 *
 * <p>Usage: GateDecisionBench REGISTRY WORKDIR [SCALE] [RUNS]
 */
public final class GateDecisionBench {
    private GateDecisionBench() {}

    public static void main(String[] args) throws SQLException {
        Registry registry = RegistryLoader.loadValid(Path.of(args[0]));
        Path logs = Path.of(args[1]).resolve("logs");
        double scale = args.length > 2 ? Double.parseDouble(args[2]) : 10;
        int runs = args.length > 3 ? Integer.parseInt(args[3]) : 7;
        Model model = registry.models().stream()
                .filter(m -> m.tier() == Tier.TIER0 && m.funnelStage().name().equals("LSR"))
                .min(Comparator.comparing(Model::id))
                .orElseThrow();
        String candidate = model.serving().version() + ".1";
        Hour hour = Hour.parse("2026-11-30T12");
        SparkSession spark = SparkSessions.create("local[*]", "modelfleet-bench");
        spark.sparkContext().setLogLevel("ERROR");
        PredictionLogGenerator.Summary written = new PredictionLogGenerator(spark, registry, 7, scale, 1.0, List.of())
                .candidates(List.of(new CandidateTraffic(model.id(), candidate, CandidateQuality.GOOD, 0.5, Map.of())))
                .write(List.of(hour), Location.of(logs));
        System.out.printf(
                "an hour of logs for %d models, %,d rows (scale %s); gate of %s %s vs %s at 50%%%n",
                written.models(),
                written.plannedRows(),
                scale,
                model.id(),
                model.serving().version(),
                candidate);
        TierPolicy.Gate gate =
                registry.tierPolicies().orElseThrow().of(Tier.TIER0).gate();
        double[] sparkSeconds = new double[runs];
        GateSums.Result last = null;
        for (int run = 0; run < runs + 1; run++) {
            long start = System.nanoTime();
            last = GateSums.compute(
                    spark,
                    Location.of(logs),
                    model.id(),
                    List.of(hour),
                    hour.plus(2).start(),
                    Duration.ofHours(1));
            QualityGate.Decision decision = QualityGate.judge(
                    last.of(model.serving().version()),
                    last.of(candidate),
                    QualityGate.Margins.of(gate),
                    gate.alpha() / 6,
                    GateTest.Policy.SEQUENTIAL);
            double seconds = (System.nanoTime() - start) / 1e9;
            if (run > 0) {
                sparkSeconds[run - 1] = seconds;
            }
            System.out.printf(
                    "spark %s %d: %.3f s, %s, %,d + %,d events%n",
                    run == 0 ? "cold" : "warm",
                    run,
                    seconds,
                    decision.decision(),
                    decision.productionEvents(),
                    decision.candidateEvents());
        }
        double[] duckSeconds = new double[runs];
        String files = logs.toAbsolutePath() + "/ds=" + hour.ds() + "/hr=" + hour.hr() + "/*.parquet";
        String query = """
                WITH r AS (
                  SELECT model_version, coalesce(weight, 1.0) AS w, label,
                         greatest(least(prediction, 1 - 1e-7), 1e-7) AS pc, prediction AS p,
                         prediction IS NOT NULL AND NOT isnan(prediction) AND prediction BETWEEN 0 AND 1
                           AND label IN (0, 1) AND coalesce(weight, 1.0) > 0 AS ok
                  FROM read_parquet('%s') WHERE model_id = '%s'
                ), q AS (
                  SELECT model_version, CASE WHEN ok THEN w ELSE 0 END AS w, CASE WHEN ok THEN label ELSE 0 END AS y,
                         CASE WHEN ok THEN p ELSE 0 END AS p,
                         CASE WHEN ok THEN -(label * ln(pc) + (1 - label) * ln(1 - pc)) ELSE 0 END AS l,
                         CASE WHEN ok THEN 1 ELSE 0 END AS e
                  FROM r
                )
                SELECT model_version, sum(e), sum(w), sum(w * y), sum(w * p), sum(w * l), sum(w * w), sum(w * w * y),
                       sum(w * w * p * p), sum(w * w * p * y), sum(w * w * l * l), sum(w * w * l * y), sum(w * w * l)
                FROM q GROUP BY model_version
                """.formatted(files, model.id());
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = connection.createStatement()) {
            for (int run = 0; run < runs + 1; run++) {
                long start = System.nanoTime();
                List<String> versions = new ArrayList<>();
                try (ResultSet result = statement.executeQuery(query)) {
                    while (result.next()) {
                        versions.add(
                                result.getString(1) + ": " + result.getLong(2) + " events, wl " + result.getDouble(6));
                    }
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                if (run > 0) {
                    duckSeconds[run - 1] = seconds;
                }
                System.out.printf("duckdb %s %d: %.3f s, %s%n", run == 0 ? "cold" : "warm", run, seconds, versions);
            }
        }
        System.out.printf(
                "spark sums per version: %s events, wl %s | %s events, wl %s%n",
                last.of(model.serving().version()).events(),
                last.of(model.serving().version()).wl(),
                last.of(candidate).events(),
                last.of(candidate).wl());
        double spark50 = median(sparkSeconds);
        double duck50 = median(duckSeconds);
        System.out.printf(
                "median warm: spark gate decision %.3f s, duckdb sums %.3f s: %.1fx the baseline%n",
                spark50, duck50, spark50 / duck50);
        spark.stop();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
