package io.modelfleet.bench;

import io.modelfleet.sim.queue.ErlangC;
import io.modelfleet.sim.queue.QueueSimulation;
import io.modelfleet.sim.queue.QueueStats;
import io.modelfleet.sim.queue.ServiceTimes;
import java.util.Locale;

/**
 * The benchmark-sized check of the queue simulator: M/M/c with 24 servers at utilization 0.70 to
 * 0.95, 3 million or more requests, against Erlang C. Tolerances: 4% on P(wait) and mean wait,
 * 6% on p99 wait. Exits 1 if any point is outside.
 *
 * <p>Run: {@code bench/queue-agreement.sh [REQUESTS]}
 */
public final class QueueAgreement {
    private QueueAgreement() {}

    public static void main(String[] args) {
        long requests = args.length > 0 ? Long.parseLong(args[0]) : 5_000_000L;
        int servers = 24;
        double serviceSeconds = 1.0;
        boolean ok = true;
        System.out.printf(
                Locale.ROOT,
                "%-6s %-22s %-22s %-22s %s%n",
                "rho",
                "P(wait) sim / exact",
                "mean wait ms",
                "p99 wait ms",
                "verdict");
        for (double rho : new double[] {0.70, 0.80, 0.85, 0.90, 0.95}) {
            double lambda = rho * servers / serviceSeconds;
            QueueStats exact = ErlangC.mmc(lambda, serviceSeconds, servers);
            QueueStats sim =
                    QueueSimulation.run(lambda, ServiceTimes.exponential(serviceSeconds), servers, requests, 20261125L);
            double e1 = Math.abs(sim.pWait() / exact.pWait() - 1);
            double e2 = Math.abs(sim.meanWaitMs() / exact.meanWaitMs() - 1);
            double e3 = Math.abs(sim.p99WaitMs() / exact.p99WaitMs() - 1);
            boolean pass = e1 <= 0.04 && e2 <= 0.04 && e3 <= 0.06;
            ok &= pass;
            System.out.printf(
                    Locale.ROOT,
                    "%-6.2f %.4f / %.4f (%.1f%%)  %.1f / %.1f (%.1f%%)  %.1f / %.1f (%.1f%%)  %s%n",
                    rho,
                    sim.pWait(),
                    exact.pWait(),
                    100 * e1,
                    sim.meanWaitMs(),
                    exact.meanWaitMs(),
                    100 * e2,
                    sim.p99WaitMs(),
                    exact.p99WaitMs(),
                    100 * e3,
                    pass ? "ok" : "OUTSIDE");
        }
        System.out.println(ok ? "all within 4% / 4% / 6%" : "some points outside the tolerances");
        System.exit(ok ? 0 : 1);
    }
}
