package io.modelfleet.sim.sizing;

import static java.util.Objects.requireNonNull;

import io.modelfleet.sim.funnel.ScorerSpec;
import io.modelfleet.sim.hardware.HardwareProfile;
import java.util.Arrays;
import java.util.List;

/**
 * The load a ranking stage sees, from what sourcing hands the funnel: how many candidates each
 * request brings, summarized as percentiles (what a traffic profile keeps) and expanded back into
 * a sample, and the modelled service time of a stage that scores them.
 *
 * <p>A stage scores {@code min(sourced, keep_top of every stage before it)} candidates and counts
 * {@code candidates × ScorerSpec.flopsPerCandidate()} FLOPs for them, exactly what the replay's
 * scorers count; {@link HardwareProfile#serviceSeconds} turns that into time. So a traffic profile
 * and a replay of the same requests model the same service times; only the sample differs (the
 * percentiles' expansion against the requests themselves).
 */
public final class StageLoad {
    /** Percentiles 0, 1, ..., 100. */
    public static final int PERCENTILES = 101;

    private StageLoad() {}

    /** Nearest-rank percentiles 0..100 of {@code counts}: percentile 0 is the fewest, 100 the most. */
    public static int[] percentiles(int[] counts) {
        if (counts.length == 0) {
            throw new IllegalArgumentException("Cannot take percentiles: no requests were sampled");
        }
        int[] sorted = counts.clone();
        Arrays.sort(sorted);
        int[] out = new int[PERCENTILES];
        for (int p = 0; p < PERCENTILES; p++) {
            int rank = (int) Math.ceil(p / 100.0 * sorted.length);
            out[p] = sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
        }
        return out;
    }

    /**
     * {@code size} candidate counts spread as {@code percentiles} say: the quantile at (i + 0.5) /
     * size for each i, interpolated linearly between neighbouring percentiles; in increasing order.
     */
    public static int[] sample(List<Integer> percentiles, int size) {
        requireNonNull(percentiles, "percentiles is null");
        if (percentiles.size() != PERCENTILES) {
            throw new IllegalArgumentException(
                    "Cannot expand percentiles: need " + PERCENTILES + ", got " + percentiles.size());
        }
        if (size < 1) {
            throw new IllegalArgumentException("Cannot expand percentiles: size must be at least 1, got " + size);
        }
        int[] out = new int[size];
        for (int i = 0; i < size; i++) {
            double position = 100.0 * (i + 0.5) / size;
            int below = Math.min(99, (int) Math.floor(position));
            double fraction = position - below;
            double value = percentiles.get(below) + fraction * (percentiles.get(below + 1) - percentiles.get(below));
            out[i] = (int) Math.round(value);
        }
        return out;
    }

    /**
     * Each request's modelled service time, in seconds, at a stage scoring with {@code scorer} after
     * earlier stages kept at most {@code keptBefore} candidates ({@link Integer#MAX_VALUE} at the
     * first stage).
     */
    public static double[] serviceSeconds(int[] sourced, int keptBefore, ScorerSpec scorer, HardwareProfile hardware) {
        requireNonNull(scorer, "scorer is null");
        requireNonNull(hardware, "hardware is null");
        long flopsPerCandidate = scorer.flopsPerCandidate();
        double[] seconds = new double[sourced.length];
        for (int i = 0; i < sourced.length; i++) {
            int candidates = Math.min(sourced[i], keptBefore);
            seconds[i] = hardware.serviceSeconds(candidates * flopsPerCandidate, candidates);
        }
        return seconds;
    }
}
