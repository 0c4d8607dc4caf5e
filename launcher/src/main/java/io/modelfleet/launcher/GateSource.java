package io.modelfleet.launcher;

import io.modelfleet.core.slo.HourSums;
import java.time.Instant;

/**
 * Where the quality gate reads a launch step's traffic: the sums the SLO job keeps, per version,
 * over whole hours whose labels are all in. The scheduler reads them from the prediction logs with
 * Spark; the backtest draws them from simulated traffic at the fleet's weights.
 */
public interface GateSource {
    /**
     * The end of the last whole hour whose attribution window has closed at {@code now}: rows of
     * later hours may still get labels, so the gate does not count them yet.
     */
    Instant labelledThrough(Instant now);

    /** Both versions' sums over the whole hours in {@code [from, to)}. */
    Sums sums(LaunchRecord launch, Instant from, Instant to);

    /** Production's and the candidate's sums over the same hours. */
    record Sums(HourSums production, HourSums candidate) {}
}
