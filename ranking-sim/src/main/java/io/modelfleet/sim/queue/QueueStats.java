package io.modelfleet.sim.queue;

import java.util.Optional;

/**
 * Waiting and sojourn (wait + service) statistics of a multi-server queue, in milliseconds.
 * {@code method} says where they come from: a discrete-event simulation, Erlang C (exact for
 * M/M/c) or the Allen–Cunneen approximation (M/G/c).
 */
public record QueueStats(
        String method,
        double pWait,
        double meanWaitMs,
        double p50WaitMs,
        double p90WaitMs,
        double p99WaitMs,
        double p999WaitMs,
        double meanSojournMs,
        double p50SojournMs,
        double p90SojournMs,
        double p99SojournMs,
        double p999SojournMs,
        Optional<Long> requests) {}
