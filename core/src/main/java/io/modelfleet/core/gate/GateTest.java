package io.modelfleet.core.gate;

/**
 * The quality gate's decision for one look at a launch: is the candidate non-inferior to
 * production, by a margin, on a metric where higher is worse (NE, or |log calibration|)? The
 * estimate is the candidate's value minus production's on the same hours, with its variance (the
 * two delta-method variances added: the versions serve different requests).
 *
 * <p>Every policy decides the same way from an interval {@code [lower, upper]} around the estimate:
 * {@code PASS} when {@code upper < margin} (worse by less than the margin, or better), else {@code
 * FAIL} when {@code lower > 0} (surely worse, and not surely within the margin), else {@code
 * INCONCLUSIVE}. They differ in the interval:
 *
 * <ul>
 *   <li>{@link Policy#SEQUENTIAL}: a time-uniform confidence sequence, the normal-mixture boundary
 *       of Robbins (1970) as used for always-valid inference by Johari et al. ("Peeking at A/B
 *       tests", KDD 2017) and Howard et al. ("Time-uniform, nonparametric, nonasymptotic confidence
 *       sequences", Ann. Statist. 2021). With {@code V} the estimate's variance and {@code τ²} the
 *       mixture's spread, the half-width {@code sqrt(V (V + τ²) / τ² · (ln((V + τ²) / V) + 2 ln(1/α)))}
 *       covers the true difference at every look at once with probability at least {@code 1 − α},
 *       so looking every hour of every step spends {@code α} once for the whole launch.
 *   <li>{@link Policy#FIXED_REPEATED}: a fixed-sample one-sided interval ({@code z₁₋α · sqrt(V)})
 *       recomputed at every look, as a fixed-horizon test is when peeked at: each look spends
 *       {@code α} again.
 *   <li>{@link Policy#RAW_THRESHOLD}: no interval, the point estimate against the margin, as
 *       threshold-based canary tools judge.
 * </ul>
 */
public final class GateTest {
    /** What a look decides. */
    public enum Decision {
        PASS,
        FAIL,
        INCONCLUSIVE
    }

    /** How the interval around the estimate is drawn. */
    public enum Policy {
        SEQUENTIAL,
        FIXED_REPEATED,
        RAW_THRESHOLD
    }

    /** One look's outcome with what it was decided on. */
    public record Verdict(
            Policy policy,
            Decision decision,
            double estimate,
            double lower,
            double upper,
            double margin,
            double alpha) {}

    private GateTest() {}

    /**
     * The mixture's spread, as a multiple of the margin: the confidence sequence is tightest around
     * samples where the difference's standard error is near this (Howard et al. §3.5); a margin-sized
     * spread aims it at the looks where the decision is made.
     */
    public static double tau2(double margin) {
        return margin * margin;
    }

    /** The confidence sequence's half-width at a look whose estimate has variance {@code variance}. */
    public static double sequentialHalfWidth(double variance, double alpha, double tau2) {
        check(variance, alpha);
        if (variance == 0) {
            return 0;
        }
        return Math.sqrt(variance
                * (variance + tau2)
                / tau2
                * (Math.log((variance + tau2) / variance) + 2 * Math.log(1 / alpha)));
    }

    public static Verdict decide(Policy policy, double estimate, double variance, double margin, double alpha) {
        double halfWidth = halfWidth(policy, variance, margin, alpha);
        return decide(policy, estimate, estimate - halfWidth, estimate + halfWidth, margin, alpha);
    }

    /** The half-width of the policy's interval around an estimate of variance {@code variance}. */
    public static double halfWidth(Policy policy, double variance, double margin, double alpha) {
        if (!(margin > 0)) {
            throw new IllegalArgumentException("Cannot judge a launch: the margin must be above 0, got " + margin);
        }
        check(variance, alpha);
        return switch (policy) {
            case SEQUENTIAL -> sequentialHalfWidth(variance, alpha, tau2(margin));
            case FIXED_REPEATED -> Normal.quantile(1 - alpha) * Math.sqrt(variance);
            case RAW_THRESHOLD -> 0;
        };
    }

    /**
     * The decision from an interval built elsewhere (as the gate builds one for |ln calibration| from
     * each version's own interval).
     */
    public static Verdict decide(
            Policy policy, double estimate, double lower, double upper, double margin, double alpha) {
        Decision decision = policy == Policy.RAW_THRESHOLD
                ? (estimate > margin ? Decision.FAIL : Decision.PASS)
                : upper < margin ? Decision.PASS : lower > 0 ? Decision.FAIL : Decision.INCONCLUSIVE;
        return new Verdict(policy, decision, estimate, lower, upper, margin, alpha);
    }

    private static void check(double variance, double alpha) {
        if (!(variance >= 0) || Double.isInfinite(variance)) {
            throw new IllegalArgumentException(
                    "Cannot judge a launch: the variance must be finite and at least 0, got " + variance);
        }
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("Cannot judge a launch: alpha must be in (0, 1), got " + alpha);
        }
    }
}
