package io.modelfleet.cli.sim;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.modelfleet.cli.BaseCommand;
import io.modelfleet.cli.ExitCodes;
import io.modelfleet.cli.options.FormatOption;
import io.modelfleet.cli.options.Formats;
import io.modelfleet.cli.options.OutputFormat;
import io.modelfleet.cli.options.SeedOption;
import io.modelfleet.cli.render.Json;
import io.modelfleet.cli.render.TextTable;
import io.modelfleet.core.ModelfleetErrors;
import io.modelfleet.core.ModelfleetException.Input;
import io.modelfleet.sim.queue.ErlangC;
import io.modelfleet.sim.queue.QueueSimulation;
import io.modelfleet.sim.queue.QueueStats;
import io.modelfleet.sim.queue.ServiceTimes;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "queue",
        mixinStandardHelpOptions = true,
        description =
                "Waiting and time in system of c servers with Poisson arrivals: simulated, and analytic where a formula applies.",
        footer = {
            "",
            "Service distributions: exp (M/M/c, compared with Erlang C), const, lognormal:CV, trace:FILE (service",
            "times in ms, one per line, rescaled to --service-mean-ms); the last three are compared with the",
            "Allen-Cunneen approximation.",
            "",
            "Examples:",
            "  modelfleet sim queue --arrival-rate 20.4 --service-mean-ms 1000 --servers 24 --requests 3000000",
            "  modelfleet sim queue --arrival-rate 900 --service-mean-ms 8 --servers 10 \\",
            "      --service-dist lognormal:1.5 --format json"
        })
@Formats({OutputFormat.TEXT, OutputFormat.JSON})
public final class SimQueueCommand extends BaseCommand {
    @Option(names = "--arrival-rate", required = true, paramLabel = "L", description = "Arrivals per second.")
    double arrivalRate;

    @Option(
            names = "--service-mean-ms",
            required = true,
            paramLabel = "S",
            description = "Mean service time, milliseconds.")
    double serviceMeanMs;

    @Option(names = "--servers", required = true, paramLabel = "C", description = "Number of servers (replicas).")
    int servers;

    @Option(
            names = "--service-dist",
            defaultValue = "exp",
            paramLabel = "DIST",
            description = "exp, const, lognormal:CV or trace:FILE (default: ${DEFAULT-VALUE}).")
    String serviceDist;

    @Option(
            names = "--requests",
            defaultValue = "1000000",
            paramLabel = "N",
            description = "Simulated requests (default: ${DEFAULT-VALUE}).")
    long requests;

    @Mixin
    SeedOption seed;

    @Mixin
    FormatOption format;

    @Override
    public Integer call() {
        checkBounds();
        double mean = serviceMeanMs / 1000;
        ServiceTimes service = service(mean);
        QueueStats analytic;
        QueueStats simulated;
        try {
            analytic = serviceDist.equals("exp")
                    ? ErlangC.mmc(arrivalRate, mean, servers)
                    : ErlangC.allenCunneen(arrivalRate, mean, servers, service.cv());
            simulated = QueueSimulation.run(arrivalRate, service, servers, requests, seed.get());
        } catch (IllegalArgumentException e) {
            throw ModelfleetErrors.overloaded(e.getMessage());
        }
        if (format.get() == OutputFormat.JSON) {
            Json.print(out(), new Queue(arrivalRate * mean / servers, Stats.of(simulated), Stats.of(analytic)));
            return ExitCodes.OK;
        }
        out().printf(
                        Locale.ROOT,
                        "%d servers, %.3f arrivals/s, service mean %.3f ms (%s, CV %.2f), utilization %.3f%n",
                        servers,
                        arrivalRate,
                        serviceMeanMs,
                        serviceDist,
                        service.cv(),
                        arrivalRate * mean / servers);
        TextTable table = new TextTable(List.of(
                "",
                "simulated ("
                        + String.format(Locale.ROOT, "%,d", simulated.requests().orElse(0L)) + " counted)",
                analytic.method()));
        row(table, "P(wait > 0)", simulated, analytic, QueueStats::pWait, "%.4f");
        row(table, "mean wait ms", simulated, analytic, QueueStats::meanWaitMs, "%.3f");
        row(table, "p50 wait ms", simulated, analytic, QueueStats::p50WaitMs, "%.3f");
        row(table, "p90 wait ms", simulated, analytic, QueueStats::p90WaitMs, "%.3f");
        row(table, "p99 wait ms", simulated, analytic, QueueStats::p99WaitMs, "%.3f");
        row(table, "p99.9 wait ms", simulated, analytic, QueueStats::p999WaitMs, "%.3f");
        row(table, "mean sojourn ms", simulated, analytic, QueueStats::meanSojournMs, "%.3f");
        row(table, "p50 sojourn ms", simulated, analytic, QueueStats::p50SojournMs, "%.3f");
        row(table, "p90 sojourn ms", simulated, analytic, QueueStats::p90SojournMs, "%.3f");
        row(table, "p99 sojourn ms", simulated, analytic, QueueStats::p99SojournMs, "%.3f");
        row(table, "p99.9 sojourn ms", simulated, analytic, QueueStats::p999SojournMs, "%.3f");
        table.print(out());
        out().flush();
        return ExitCodes.OK;
    }

    private static void row(
            TextTable table, String label, QueueStats a, QueueStats b, ToDoubleFunction<QueueStats> f, String pattern) {
        List<String> cells = new ArrayList<>();
        cells.add(label);
        cells.add(String.format(Locale.ROOT, pattern, f.applyAsDouble(a)));
        cells.add(String.format(Locale.ROOT, pattern, f.applyAsDouble(b)));
        table.row(cells);
    }

    /** What --format json writes. */
    record Queue(double utilization, Stats simulated, Stats analytic) {}

    /** One side; {@code requests} only for the simulation. */
    record Stats(
            String method,
            @JsonInclude(JsonInclude.Include.NON_NULL) Long requests,
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
            double p999SojournMs) {
        static Stats of(QueueStats s) {
            return new Stats(
                    s.method(),
                    s.requests().orElse(null),
                    s.pWait(),
                    s.meanWaitMs(),
                    s.p50WaitMs(),
                    s.p90WaitMs(),
                    s.p99WaitMs(),
                    s.p999WaitMs(),
                    s.meanSojournMs(),
                    s.p50SojournMs(),
                    s.p90SojournMs(),
                    s.p99SojournMs(),
                    s.p999SojournMs());
        }
    }

    /** The most requests one run simulates: two arrays of doubles per request stay under 400 MB. */
    static final long MAX_REQUESTS = 20_000_000;
    /** The most servers: far beyond any one stage, small enough for the servers' priority queue. */
    static final int MAX_SERVERS = 100_000;

    /** Refuses values the simulator cannot honour before it allocates or loops on them. */
    private void checkBounds() {
        if (!(arrivalRate > 0) || !Double.isFinite(arrivalRate)) {
            throw ModelfleetErrors.notPositive(
                    "simulate", "arrival rate", Input.ARRIVAL_RATE, arrivalRate, "e.g. 20.4 arrivals per second");
        }
        if (!(serviceMeanMs > 0) || !Double.isFinite(serviceMeanMs)) {
            throw ModelfleetErrors.notPositive(
                    "simulate", "mean service time", Input.SERVICE_TIME, serviceMeanMs, "e.g. 1000 ms");
        }
        if (servers < 1 || servers > MAX_SERVERS) {
            throw ModelfleetErrors.outOfRange(
                    "simulate", "number of servers", Input.SERVERS, "[1, " + MAX_SERVERS + "]", servers, "e.g. 24");
        }
        if (requests < 100 || requests > MAX_REQUESTS) {
            throw ModelfleetErrors.outOfRange(
                    "simulate",
                    "number of requests",
                    Input.REQUESTS,
                    "[100, " + MAX_REQUESTS + "]",
                    requests,
                    "the default, 1000000, gives p99.9 within a few percent; 5000000 is plenty");
        }
    }

    private ServiceTimes service(double mean) {
        if (serviceDist.equals("exp")) {
            return ServiceTimes.exponential(mean);
        }
        if (serviceDist.equals("const")) {
            return ServiceTimes.constant(mean);
        }
        try {
            if (serviceDist.startsWith("lognormal:")) {
                double cv = Double.parseDouble(serviceDist.substring("lognormal:".length()));
                if (!(cv > 0)) {
                    throw new NumberFormatException();
                }
                return ServiceTimes.lognormal(mean, cv);
            }
            if (serviceDist.startsWith("trace:")) {
                return ServiceTimes.trace(context().resolve(Path.of(serviceDist.substring("trace:".length()))), mean);
            }
        } catch (NumberFormatException e) {
            throw ModelfleetErrors.unreadableServiceDistribution(
                    serviceDist, ": CV must be a positive number", "e.g. lognormal:1.5");
        } catch (IOException | IllegalArgumentException e) {
            throw ModelfleetErrors.unreadableServiceDistribution(
                    serviceDist, ": " + e.getMessage(), "a trace file holds one service time in milliseconds per line");
        }
        throw ModelfleetErrors.unreadableServiceDistribution(
                serviceDist, "", "use exp, const, lognormal:CV or trace:FILE");
    }
}
