package io.modelfleet.sim.queue;

import java.util.Arrays;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * Discrete-event simulation of c identical first-come-first-served servers. Each arrival takes the
 * server that frees up first, which is exactly FCFS for a shared queue; the first 5% of requests
 * warm the system up and are not counted.
 */
public final class QueueSimulation {
    private QueueSimulation() {}

    public static QueueStats run(double arrivalRate, ServiceTimes service, int servers, long requests, long seed) {
        if (requests < 100) {
            throw new IllegalArgumentException("Cannot simulate: at least 100 requests are needed, got " + requests);
        }
        if (!(arrivalRate > 0)) {
            throw new IllegalArgumentException("Cannot simulate: arrival rate must be positive, got " + arrivalRate);
        }
        // Independent streams by split(): seeding the second stream with seed ^ (a constant) can alias
        // the first one shifted by a step, which correlates service times with arrival gaps.
        SplittableRandom root = new SplittableRandom(seed);
        SplittableRandom arrivals = root.split();
        SplittableRandom services = root.split();
        PriorityQueue<double[]> free = new PriorityQueue<>((a, b) -> Double.compare(a[0], b[0]));
        for (int s = 0; s < servers; s++) {
            free.add(new double[] {0});
        }
        long warmup = requests / 20;
        int counted = (int) (requests - warmup);
        double[] waits = new double[counted];
        double[] sojourns = new double[counted];
        double clock = 0;
        long waited = 0;
        for (long i = 0; i < requests; i++) {
            clock += -Math.log(1 - arrivals.nextDouble()) / arrivalRate;
            double[] server = free.poll();
            double start = Math.max(clock, server[0]);
            double serviceTime = service.next(services);
            server[0] = start + serviceTime;
            free.add(server);
            if (i >= warmup) {
                int k = (int) (i - warmup);
                waits[k] = start - clock;
                sojourns[k] = start - clock + serviceTime;
                if (start > clock) {
                    waited++;
                }
            }
        }
        double meanWait = Arrays.stream(waits).average().orElse(0);
        double meanSojourn = Arrays.stream(sojourns).average().orElse(0);
        Arrays.sort(waits);
        Arrays.sort(sojourns);
        return new QueueStats(
                "simulation",
                (double) waited / counted,
                1000 * meanWait,
                1000 * quantile(waits, 0.5),
                1000 * quantile(waits, 0.9),
                1000 * quantile(waits, 0.99),
                1000 * quantile(waits, 0.999),
                1000 * meanSojourn,
                1000 * quantile(sojourns, 0.5),
                1000 * quantile(sojourns, 0.9),
                1000 * quantile(sojourns, 0.99),
                1000 * quantile(sojourns, 0.999),
                Optional.of((long) counted));
    }

    static double quantile(double[] sorted, double q) {
        int index = (int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
        return sorted[Math.max(0, index)];
    }
}
