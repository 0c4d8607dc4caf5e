package io.modelfleet.launcher;

import static java.util.Objects.requireNonNull;

import io.modelfleet.core.gate.GateTest;
import io.modelfleet.core.slo.HourMetrics;
import io.modelfleet.core.slo.HourSums;
import io.modelfleet.registry.TierPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A launch step's quality gate: the candidate against production on the same hours, from the sums
 * the SLO job keeps per version (pooled over the hours whose labels are complete). Two metrics,
 * higher worse for both: NE, judged relative to production's (a margin of 0.01 allows the candidate
 * 1% more NE), and |ln calibration|, so that over- and under-prediction count alike. Each goes
 * through {@link GateTest}; the step fails if either fails, passes if both pass.
 */
public final class QualityGate {
    /**
     * How much worse the candidate may be.
     *
     * @param neRelative allowed NE increase, as a share of production's NE
     * @param logCalibration allowed increase of |ln calibration|
     */
    public record Margins(double neRelative, double logCalibration) {
        /** The margins tiers.yaml gives the model's tier. */
        public static Margins of(TierPolicy.Gate gate) {
            return new Margins(gate.neMargin(), gate.calibrationMargin());
        }

        public Margins {
            if (!(neRelative > 0) || !(logCalibration > 0)) {
                throw new IllegalArgumentException(
                        "Cannot gate a launch: margins must be above 0, got " + neRelative + ", " + logCalibration);
            }
        }
    }

    /** One metric's look: both versions' values and the test's verdict on their difference. */
    public record MetricVerdict(String metric, double production, double candidate, GateTest.Verdict verdict) {}

    /**
     * The step's decision.
     *
     * @param metrics empty when either version has no events, or no positives or negatives, to judge
     */
    public record Decision(
            GateTest.Decision decision,
            List<MetricVerdict> metrics,
            long productionEvents,
            long candidateEvents,
            double alpha) {}

    private QualityGate() {}

    public static Decision judge(
            HourSums production, HourSums candidate, Margins margins, double alpha, GateTest.Policy policy) {
        requireNonNull(production, "production is null");
        requireNonNull(candidate, "candidate is null");
        Optional<HourMetrics> p = HourMetrics.of(production);
        Optional<HourMetrics> c = HourMetrics.of(candidate);
        if (p.isEmpty() || c.isEmpty()) {
            return new Decision(
                    GateTest.Decision.INCONCLUSIVE, List.of(), production.events(), candidate.events(), alpha);
        }
        List<MetricVerdict> metrics = new ArrayList<>();
        HourMetrics prod = p.get();
        HourMetrics cand = c.get();
        metrics.add(new MetricVerdict(
                "ne",
                prod.ne(),
                cand.ne(),
                GateTest.decide(
                        policy,
                        cand.ne() - prod.ne(),
                        cand.neSe() * cand.neSe() + prod.neSe() * prod.neSe(),
                        margins.neRelative() * prod.ne(),
                        alpha)));
        // Delta method: se(|ln C|) = se(C) / C.
        double prodLog = Math.abs(Math.log(prod.calibration()));
        double candLog = Math.abs(Math.log(cand.calibration()));
        double prodLogSe = prod.calibrationSe() / prod.calibration();
        double candLogSe = cand.calibrationSe() / cand.calibration();
        metrics.add(new MetricVerdict(
                "abs_log_calibration",
                prodLog,
                candLog,
                GateTest.decide(
                        policy,
                        candLog - prodLog,
                        candLogSe * candLogSe + prodLogSe * prodLogSe,
                        margins.logCalibration(),
                        alpha)));
        GateTest.Decision decision = metrics.stream().anyMatch(m -> m.verdict().decision() == GateTest.Decision.FAIL)
                ? GateTest.Decision.FAIL
                : metrics.stream().allMatch(m -> m.verdict().decision() == GateTest.Decision.PASS)
                        ? GateTest.Decision.PASS
                        : GateTest.Decision.INCONCLUSIVE;
        return new Decision(decision, metrics, production.events(), candidate.events(), alpha);
    }
}
