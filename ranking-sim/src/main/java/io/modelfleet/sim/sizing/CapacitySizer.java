package io.modelfleet.sim.sizing;

import io.modelfleet.sim.queue.ErlangC;
import io.modelfleet.sim.queue.QueueSimulation;
import io.modelfleet.sim.queue.QueueStats;
import io.modelfleet.sim.queue.ServiceTimes;
import java.util.Arrays;

/**
 * Sizes one stage: the fewest replicas whose p99 time in system meets the latency objective at a
 * given arrival rate, by discrete-event replay of Poisson arrivals against the given service
 * times (the launch estimate and the plan model them from counted FLOPs, see {@code HardwareProfile}), then two
 * more for N+2 redundancy (the objective still holds with two replicas down).
 *
 * <p>A replica serves one request per CPU core at a time. The search starts where Allen–Cunneen
 * (wait) plus the p99 service time says the objective is met, then walks to the exact
 * minimum by simulation; every simulation uses the same random streams, so the replica counts are
 * compared on the same arrivals.
 */
public final class CapacitySizer {
    /** N+2: replicas beyond the minimum, so that two can be down at peak. */
    public static final int SPARE_REPLICAS = 2;

    /** Simulated arrivals per replica count tried, for a launch's stages: enough for a p99 within a few percent. */
    public static final long SIMULATED_REQUESTS = 200_000;

    private static final int MAX_STEPS = 200;

    private CapacitySizer() {}

    /**
     * @param minimumReplicas the fewest replicas meeting the objective
     * @param replicas the replicas to run: the minimum plus {@link #SPARE_REPLICAS}
     * @param p99Ms simulated p99 time in system at the minimum
     * @param p99MsOneFewer simulated p99 time in system with one replica fewer (NaN at one replica)
     * @param analyticReplicas where the closed form put the minimum
     */
    public record Plan(
            int minimumReplicas,
            int replicas,
            int coresPerReplica,
            double arrivalRate,
            double p99Ms,
            double p99MsOneFewer,
            int analyticReplicas,
            long simulatedRequests) {}

    /** No replica count meets the objective: the service time alone exceeds it. */
    public static final class ObjectiveOutOfReach extends Exception {
        private final double floorMs;

        ObjectiveOutOfReach(double floorMs) {
            super("p99 service time " + floorMs + " ms");
            this.floorMs = floorMs;
        }

        /** The lowest p99 time in system any replica count gives: the p99 service time itself. */
        public double floorMs() {
            return floorMs;
        }
    }

    /**
     * @param serviceSeconds service times of single requests, resampled in this order (so the same
     *     times in the same order give the same plan)
     * @param requests arrivals to simulate per replica count
     */
    public static Plan size(
            double arrivalRate,
            double[] serviceSeconds,
            int coresPerReplica,
            double objectiveMs,
            long requests,
            long seed)
            throws ObjectiveOutOfReach {
        if (!(arrivalRate > 0) || coresPerReplica < 1 || !(objectiveMs > 0) || serviceSeconds.length == 0) {
            throw new IllegalArgumentException(
                    "Cannot size: need a positive arrival rate, cores, objective and service times");
        }
        double[] sorted = serviceSeconds.clone();
        Arrays.sort(sorted);
        double p99Service = 1000 * sorted[Math.min(sorted.length - 1, (int) Math.ceil(0.99 * sorted.length) - 1)];
        if (p99Service >= objectiveMs) {
            throw new ObjectiveOutOfReach(p99Service);
        }
        ServiceTimes service = ServiceTimes.empirical(serviceSeconds);
        double mean = Arrays.stream(serviceSeconds).average().orElseThrow();
        int analytic = analyticReplicas(arrivalRate, mean, service.cv(), p99Service, coresPerReplica, objectiveMs);
        int replicas = analytic;
        double p99 = simulate(arrivalRate, service, mean, replicas, coresPerReplica, requests, seed);
        for (int step = 0; p99 > objectiveMs; step++) {
            if (step == MAX_STEPS) {
                throw new ObjectiveOutOfReach(p99Service);
            }
            replicas++;
            p99 = simulate(arrivalRate, service, mean, replicas, coresPerReplica, requests, seed);
        }
        double fewer = replicas > 1
                ? simulate(arrivalRate, service, mean, replicas - 1, coresPerReplica, requests, seed)
                : Double.NaN;
        while (replicas > 1 && fewer <= objectiveMs) {
            replicas--;
            p99 = fewer;
            fewer = replicas > 1
                    ? simulate(arrivalRate, service, mean, replicas - 1, coresPerReplica, requests, seed)
                    : Double.NaN;
        }
        return new Plan(
                replicas, replicas + SPARE_REPLICAS, coresPerReplica, arrivalRate, p99, fewer, analytic, requests);
    }

    /** p99 time in system, in milliseconds; unbounded (infinity) when the servers cannot keep up. */
    public static double simulate(
            double arrivalRate,
            ServiceTimes service,
            double serviceMean,
            int replicas,
            int coresPerReplica,
            long requests,
            long seed) {
        long servers = (long) replicas * coresPerReplica;
        if (servers > Integer.MAX_VALUE || arrivalRate * serviceMean >= servers) {
            return servers > Integer.MAX_VALUE ? 0 : Double.POSITIVE_INFINITY;
        }
        QueueStats stats = QueueSimulation.run(arrivalRate, service, (int) servers, requests, seed);
        return stats.p99SojournMs();
    }

    private static int analyticReplicas(
            double arrivalRate, double mean, double cv, double p99ServiceMs, int cores, double objectiveMs) {
        int servers = (int) Math.floor(arrivalRate * mean) + 1;
        for (int i = 0; i < 1_000_000; i++, servers++) {
            QueueStats wait = ErlangC.allenCunneen(arrivalRate, mean, servers, cv);
            if (wait.p99WaitMs() + p99ServiceMs <= objectiveMs) {
                break;
            }
        }
        return Math.max(1, (servers + cores - 1) / cores);
    }
}
