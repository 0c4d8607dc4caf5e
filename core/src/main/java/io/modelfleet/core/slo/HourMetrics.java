package io.modelfleet.core.slo;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Calibration and normalized entropy of one model-hour with 95% confidence intervals, from its
 * {@link HourSums}. Intervals come from the delta method: each metric is a smooth function of
 * sums over events, so its variance is the sum over events of its linearized influence squared.
 * Both influences sum to zero over the hour (the metrics are ratios), which keeps the formulas to
 * second-moment sums.
 */
public record HourMetrics(
        double ctr, double calibration, double calibrationSe, double logLoss, double ne, double neSe) {
    public static final double Z95 = 1.959963984540054;

    public double calibrationLow() {
        return calibration - Z95 * calibrationSe;
    }

    public double calibrationHigh() {
        return calibration + Z95 * calibrationSe;
    }

    public double neLow() {
        return ne - Z95 * neSe;
    }

    public double neHigh() {
        return ne + Z95 * neSe;
    }

    /** Empty when the hour has no events, no positives or no negatives: NE is undefined there. */
    /**
     * Weighted log loss of the hour's labeled events; defined whenever there is one, also when every
     * label is the same (only calibration and NE then are not).
     */
    public static OptionalDouble logLoss(HourSums s) {
        return s.events() == 0 || s.w() <= 0 ? OptionalDouble.empty() : OptionalDouble.of(s.wl() / s.w());
    }

    /** Weighted click-through rate of the hour's labeled events (0 with no positives). */
    public static OptionalDouble ctr(HourSums s) {
        return s.events() == 0 || s.w() <= 0 ? OptionalDouble.empty() : OptionalDouble.of(s.wy() / s.w());
    }

    public static Optional<HourMetrics> of(HourSums s) {
        if (s.events() == 0 || s.wy() <= 0 || s.wy() >= s.w()) {
            return Optional.empty();
        }
        double c = s.wy() / s.w();
        double calibration = s.wp() / s.wy();
        // influence of event i on calibration: (w p - C w y) / Y
        double calibrationVar =
                (s.wwpp() - 2 * calibration * s.wwpy() + calibration * calibration * s.wwy()) / (s.wy() * s.wy());
        double logLoss = s.wl() / s.w();
        double entropy = -(c * Math.log(c) + (1 - c) * Math.log(1 - c));
        double ne = logLoss / entropy;
        // NE = f(L, Y, W) with L = Σwl, Y = Σwy, W = Σw; influence z_i = a wl_i + b wy_i + d w_i
        double dEntropy = Math.log((1 - c) / c);
        double a = 1 / (s.w() * entropy);
        double b = -logLoss * dEntropy / (entropy * entropy * s.w());
        double d = -logLoss / (s.w() * entropy) + logLoss * dEntropy * c / (s.w() * entropy * entropy);
        double neVar = a * a * s.wwll()
                + b * b * s.wwy()
                + d * d * s.ww()
                + 2 * a * b * s.wwly()
                + 2 * a * d * s.wwl()
                + 2 * b * d * s.wwy();
        return Optional.of(new HourMetrics(
                c, calibration, Math.sqrt(Math.max(calibrationVar, 0)), logLoss, ne, Math.sqrt(Math.max(neVar, 0))));
    }
}
