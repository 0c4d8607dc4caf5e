package io.modelfleet.core.gate;

/** Intervals for a rate counted over trials, such as the share of launches a gate rolled back. */
public final class Proportions {
    private Proportions() {}

    /**
     * Upper end of the Wilson score 95% interval of {@code successes} in {@code n} trials: unlike the
     * normal approximation, it stays above zero when nothing was seen, as a rate of 0 in 30 launches
     * must.
     */
    public static double wilsonUpper95(long successes, long n) {
        if (n <= 0 || successes < 0 || successes > n) {
            throw new IllegalArgumentException("need 0 <= successes <= n and n > 0, got " + successes + " of " + n);
        }
        double z = Normal.quantile(0.975);
        double p = (double) successes / n;
        double centre = p + z * z / (2 * n);
        double spread = z * Math.sqrt(p * (1 - p) / n + z * z / (4.0 * n * n));
        return (centre + spread) / (1 + z * z / n);
    }
}
