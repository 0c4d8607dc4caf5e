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

    /**
     * |ln calibration|, candidate against production. Not a difference of two folded estimates: the
     * fold biases |ln C| upward by about 0.8 of its standard error, more for the smaller candidate, so
     * a candidate as good as production would look worse. Instead each version's ln C gets its own
     * interval (half the metric's alpha each; delta method, se(ln C) = se(C) / C), folded exactly —
     * |ln C| lies within [0 if the interval holds 0 else its nearer end, its farther end] — and the
     * difference's interval is the candidate's bounds less production's. A candidate with no
     * predicted clicks (C = 0) is infinitely miscalibrated: FAIL.
     */
    static MetricVerdict calibration(
            HourMetrics prod, HourMetrics cand, double margin, double alpha, GateTest.Policy policy) {
        double prodLog = Math.log(prod.calibration());
        double candLog = Math.log(cand.calibration());
        double estimate = Math.abs(candLog) - Math.abs(prodLog);
        if (!Double.isFinite(candLog)) {
            return new MetricVerdict(
                    "abs_log_calibration",
                    Math.abs(prodLog),
                    Double.POSITIVE_INFINITY,
                    new GateTest.Verdict(
                            policy,
                            GateTest.Decision.FAIL,
                            Double.POSITIVE_INFINITY,
                            Double.POSITIVE_INFINITY,
                            Double.POSITIVE_INFINITY,
                            margin,
                            alpha));
        }
        if (!Double.isFinite(prodLog)) {
            return new MetricVerdict(
                    "abs_log_calibration",
                    Double.POSITIVE_INFINITY,
                    Math.abs(candLog),
                    new GateTest.Verdict(
                            policy,
                            GateTest.Decision.INCONCLUSIVE,
                            Double.NEGATIVE_INFINITY,
                            Double.NEGATIVE_INFINITY,
                            Double.NEGATIVE_INFINITY,
                            margin,
                            alpha));
        }
        double candHalf =
                GateTest.halfWidth(policy, Math.pow(cand.calibrationSe() / cand.calibration(), 2), margin, alpha / 2);
        double prodHalf =
                GateTest.halfWidth(policy, Math.pow(prod.calibrationSe() / prod.calibration(), 2), margin, alpha / 2);
        double lower = foldedLower(candLog, candHalf) - foldedUpper(prodLog, prodHalf);
        double upper = foldedUpper(candLog, candHalf) - foldedLower(prodLog, prodHalf);
        return new MetricVerdict(
                "abs_log_calibration",
                Math.abs(prodLog),
                Math.abs(candLog),
                GateTest.decide(policy, estimate, lower, upper, margin, alpha));
    }

    private static double foldedLower(double centre, double half) {
        return centre - half <= 0 && centre + half >= 0
                ? 0
                : Math.min(Math.abs(centre - half), Math.abs(centre + half));
    }

    private static double foldedUpper(double centre, double half) {
        return Math.max(Math.abs(centre - half), Math.abs(centre + half));
    }

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
        double neDifference = cand.ne() - prod.ne();
        double neVariance = cand.neSe() * cand.neSe() + prod.neSe() * prod.neSe();
        metrics.add(new MetricVerdict(
                "ne",
                prod.ne(),
                cand.ne(),
                Double.isFinite(neDifference) && Double.isFinite(neVariance)
                        ? GateTest.decide(policy, neDifference, neVariance, margins.neRelative() * prod.ne(), alpha)
                        // Nothing to judge on (a degenerate hour): the step waits for more.
                        : new GateTest.Verdict(
                                policy,
                                GateTest.Decision.INCONCLUSIVE,
                                neDifference,
                                Double.NaN,
                                Double.NaN,
                                margins.neRelative() * prod.ne(),
                                alpha)));
        metrics.add(calibration(prod, cand, margins.logCalibration(), alpha, policy));
        GateTest.Decision decision = metrics.stream().anyMatch(m -> m.verdict().decision() == GateTest.Decision.FAIL)
                ? GateTest.Decision.FAIL
                : metrics.stream().allMatch(m -> m.verdict().decision() == GateTest.Decision.PASS)
                        ? GateTest.Decision.PASS
                        : GateTest.Decision.INCONCLUSIVE;
        return new Decision(decision, metrics, production.events(), candidate.events(), alpha);
    }
}
