package io.modelfleet.sim.queue;

import java.util.Locale;
import java.util.Optional;
import java.util.function.DoubleUnaryOperator;

/**
 * Closed forms for c servers with Poisson arrivals: Erlang C for exponential service (exact), and
 * Allen–Cunneen for general service with a known coefficient of variation (approximate: Erlang C's
 * mean wait scaled by (1 + CV²) / 2, with an exponential waiting-time tail of that mean).
 */
public final class ErlangC {
    private ErlangC() {}

    /** Probability that an arrival waits, by the Erlang B recursion (stable for thousands of servers). */
    public static double probabilityOfWait(double arrivalRate, double serviceMeanSeconds, int servers) {
        double a = arrivalRate * serviceMeanSeconds;
        double rho = a / servers;
        requireStable(rho, servers);
        double b = 1.0;
        for (int k = 1; k <= servers; k++) {
            b = a * b / (k + a * b);
        }
        return b / (1 - rho * (1 - b));
    }

    public static QueueStats mmc(double arrivalRate, double serviceMeanSeconds, int servers) {
        return stats("erlang-c", arrivalRate, serviceMeanSeconds, servers, 1.0);
    }

    public static QueueStats allenCunneen(
            double arrivalRate, double serviceMeanSeconds, int servers, double serviceCv) {
        return stats("allen-cunneen", arrivalRate, serviceMeanSeconds, servers, serviceCv);
    }

    private static QueueStats stats(String method, double lambda, double s, int c, double cv) {
        double mu = 1 / s;
        double pWait = probabilityOfWait(lambda, s, c);
        double drain = c * mu - lambda;
        double meanWait = pWait / drain * (1 + cv * cv) / 2;
        // P(W > t) = pWait * exp(-t * pWait / meanWait): exact for M/M/c, where pWait / meanWait = c mu - lambda
        double rate = pWait / meanWait;
        DoubleUnaryOperator waitQuantile = q -> 1 - q >= pWait ? 0 : Math.log(pWait / (1 - q)) / rate;
        // sojourn = wait + service; for exponential service its tail has a closed form, for others it is taken
        // as wait + exponential service of the same mean (only used where the service is near-exponential)
        DoubleUnaryOperator sojournTail = t -> {
            double serviceTail = Math.exp(-mu * t);
            if (Math.abs(rate - mu) < 1e-12 * mu) {
                return (1 - pWait) * serviceTail + pWait * (1 + mu * t) * serviceTail;
            }
            return (1 - pWait) * serviceTail + pWait * (rate * serviceTail - mu * Math.exp(-rate * t)) / (rate - mu);
        };
        DoubleUnaryOperator sojournQuantile = q -> invert(sojournTail, 1 - q, 100 * (s + meanWait + 1 / rate));
        return new QueueStats(
                method,
                pWait,
                1000 * meanWait,
                1000 * waitQuantile.applyAsDouble(0.5),
                1000 * waitQuantile.applyAsDouble(0.9),
                1000 * waitQuantile.applyAsDouble(0.99),
                1000 * waitQuantile.applyAsDouble(0.999),
                1000 * (meanWait + s),
                1000 * sojournQuantile.applyAsDouble(0.5),
                1000 * sojournQuantile.applyAsDouble(0.9),
                1000 * sojournQuantile.applyAsDouble(0.99),
                1000 * sojournQuantile.applyAsDouble(0.999),
                Optional.empty());
    }

    /** The t where a decreasing tail function equals {@code target}, by bisection. */
    private static double invert(DoubleUnaryOperator tail, double target, double high) {
        double lo = 0;
        double hi = high;
        for (int i = 0; i < 200; i++) {
            double mid = (lo + hi) / 2;
            if (tail.applyAsDouble(mid) > target) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (lo + hi) / 2;
    }

    static void requireStable(double rho, int servers) {
        if (servers < 1) {
            throw new IllegalArgumentException("Cannot model a queue: servers must be at least 1, got " + servers);
        }
        if (!(rho < 1)) {
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT,
                    "Cannot model a queue: utilization %.3f >= 1, the queue grows without bound; add servers (at least %d)",
                    rho,
                    (int) Math.floor(rho * servers) + 1));
        }
    }
}
