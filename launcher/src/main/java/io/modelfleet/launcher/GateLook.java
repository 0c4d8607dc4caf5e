package io.modelfleet.launcher;

import java.time.Instant;

/**
 * One metric of one look of a launch step's quality gate, as {@code launch_gates} keeps it: what
 * both versions measured over which hours, the interval on their difference, and what it decided.
 *
 * @param look numbered per launch from 1
 * @param step index into the traffic plan
 * @param from first hour counted (inclusive)
 * @param through end of the last hour counted (exclusive): the hours whose labels were complete
 * @param metric {@code ne} (relative to production's) or {@code abs_log_calibration}
 * @param decision this metric's decision: PASS, FAIL or INCONCLUSIVE
 * @param stepDecision the step's decision from all its metrics
 * @param alpha the share of the launch's error budget this step's test spends
 */
public record GateLook(
        String launch,
        int look,
        int step,
        double percent,
        Instant at,
        Instant from,
        Instant through,
        String policy,
        String metric,
        double production,
        double candidate,
        double estimate,
        double lower,
        double upper,
        double margin,
        double alpha,
        String decision,
        String stepDecision,
        long productionEvents,
        long candidateEvents) {}
