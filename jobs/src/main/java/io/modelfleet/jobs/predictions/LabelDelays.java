package io.modelfleet.jobs.predictions;

import static java.util.Objects.requireNonNull;

import io.modelfleet.core.ModelfleetErrors;
import io.modelfleet.core.ModelfleetException.Input;
import java.time.Duration;

/**
 * How late labels arrive after their impression: log-normal, fixed by its median and 99th
 * percentile (clicks: minutes, with a long tail). Each label's delay is drawn independently of
 * its value, so an early look at an hour sees a smaller sample, not a biased one; real pipelines
 * where conversions lag clicks are biased early, which is why budgets wait for final hours.
 */
public record LabelDelays(Duration median, Duration p99) {
    /** The standard normal's 99th percentile. */
    private static final double Z99 = 2.3263478740408408;
    /** Labels later than a month are not a delay but a different pipeline. */
    static final Duration MAX = Duration.ofDays(30);

    public LabelDelays {
        requireNonNull(median, "median is null");
        requireNonNull(p99, "p99 is null");
        if (median.isNegative() || median.isZero() || median.compareTo(MAX) > 0) {
            throw ModelfleetErrors.outOfRange(
                    "generate predictions",
                    "label delay median",
                    Input.LABEL_DELAY,
                    "(0, " + MAX.toMinutes() + "] minutes",
                    median.toSeconds() / 60.0,
                    "use e.g. 10 (minutes) for clicks, 360 for conversions");
        }
        if (p99.compareTo(median) < 0 || p99.compareTo(MAX) > 0) {
            throw ModelfleetErrors.outOfRange(
                    "generate predictions",
                    "label delay p99",
                    Input.LABEL_DELAY,
                    "[" + median.toSeconds() / 60.0 + ", " + MAX.toMinutes() + "] minutes (from the median up)",
                    p99.toSeconds() / 60.0,
                    "the 99th percentile of the delays cannot be below their median");
        }
    }

    /** The spread of the delays' logarithm. */
    double sigma() {
        return Math.log((double) p99.toMillis() / median.toMillis()) / Z99;
    }

    /**
     * A Spark SQL expression of one delay in seconds from a standard normal draw {@code z}; the
     * log-normal's tail is cut at {@link #MAX}, where a wide spread would overflow a timestamp.
     */
    String secondsExpr(String z) {
        return "least(" + median.toMillis() / 1000.0 + "D * exp(" + sigma() + "D * " + z + "), " + MAX.toSeconds()
                + "D)";
    }
}
