package io.modelfleet.cli.spark.render;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.modelfleet.cli.render.Json;
import io.modelfleet.cli.render.Text;
import io.modelfleet.cli.render.TextTable;
import io.modelfleet.core.Location;
import io.modelfleet.core.slo.HourMetrics;
import io.modelfleet.launch.LaunchEstimate;
import io.modelfleet.launch.LaunchTables;
import io.modelfleet.registry.PoolFit;
import io.modelfleet.sim.hardware.HardwareProfile;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A {@link LaunchEstimate} as text and as JSON: what {@code launch estimate} prints, and the demo
 * too.
 */
public final class LaunchEstimateReport {
    private LaunchEstimateReport() {}

    /** The report for people: what each stage needs now and with the candidate, the cost, the verdict. */
    public static void text(PrintWriter out, LaunchEstimate e, Location warehouse, double seconds) {
        LaunchEstimate.Inputs in = e.inputs();
        LaunchEstimate.StagePlan any = e.stages().get(0);
        out.printf(
                Locale.ROOT,
                "launch estimate %s: %s %s -> %s (%s / %s)%n",
                e.estimateId().substring(0, 8),
                e.modelId(),
                e.productionVersion(),
                e.candidateVersion(),
                e.surface(),
                e.stage());
        out.printf(
                Locale.ROOT,
                "replayed %d hours (%s .. %s): %,d recorded requests, %d per hour timed through both funnels%n",
                in.hours(),
                in.from(),
                in.to(),
                in.recordedRequests(),
                in.samplesPerHour());
        out.printf(Locale.ROOT, "peak hour %s: %,.0f requests/s in production%n%n", any.peakHour(), any.peakRps());
        TextTable table = new TextTable(List.of(
                "stage",
                "scorer (production -> candidate)",
                "p99 objective",
                "sized for",
                "service p99 ms, modelled (measured)",
                "replicas now",
                "production",
                "candidate",
                "change"));
        for (LaunchEstimate.StagePlan s : e.stages()) {
            String scorer = s.changed()
                    ? s.productionScorer() + " -> " + s.candidateScorer()
                    : s.productionScorer() + " (unchanged)";
            int change = s.candidate().plan().replicas() - s.production().plan().replicas();
            table.row(List.of(
                    s.stage() + " " + s.productionModel(),
                    scorer,
                    String.format(Locale.ROOT, "%.0f ms", s.objectiveMs()),
                    String.format(Locale.ROOT, "%,.0f/s (+%.0f%%)", s.sizedRps(), 100 * s.headroom()),
                    String.format(
                            Locale.ROOT,
                            "%.2f -> %.2f (%.2f -> %.2f)",
                            s.production().modelled().p99Ms(),
                            s.candidate().modelled().p99Ms(),
                            s.production().measured().p99Ms(),
                            s.candidate().measured().p99Ms()),
                    String.valueOf(s.registryReplicas()),
                    String.valueOf(s.production().plan().replicas()),
                    String.valueOf(s.candidate().plan().replicas()),
                    String.format(Locale.ROOT, "%+d", change)));
        }
        table.print(out);
        HardwareProfile hardware = in.hardware();
        out.printf(
                Locale.ROOT,
                "replicas are sized from modelled service times: each request's counted FLOPs and candidates on"
                        + " hardware profile '%s'%n  (%.2f GFLOP/s per core, %.1f ns per candidate, %s); in parentheses"
                        + " the CPU time the replay measured on this machine%n%n",
                hardware.name(),
                hardware.gflopsPerCore(),
                hardware.candidateOverheadNs(),
                hardware.calibratedAt()
                        .map(at -> "calibrated " + at.truncatedTo(ChronoUnit.SECONDS))
                        .orElse("not calibrated"));
        for (LaunchEstimate.StagePlan s : e.stages()) {
            if (s.changed()) {
                out.printf(
                        Locale.ROOT,
                        "%s: service p99 %.2f -> %.2f ms modelled (measured %.2f -> %.2f ms), mean %.2f -> %.2f ms"
                                + " modelled (measured %.2f -> %.2f ms)%n",
                        s.stage(),
                        s.production().modelled().p99Ms(),
                        s.candidate().modelled().p99Ms(),
                        s.production().measured().p99Ms(),
                        s.candidate().measured().p99Ms(),
                        s.production().modelled().meanMs(),
                        s.candidate().modelled().meanMs(),
                        s.production().measured().meanMs(),
                        s.candidate().measured().meanMs());
                var plan = s.candidate().plan();
                out.printf(
                        Locale.ROOT,
                        "%s: %d replicas x %d cores meet p99 %.0f ms (simulated p99 %.1f ms; with %d: %s); +%d for N+2%n",
                        s.stage(),
                        plan.minimumReplicas(),
                        plan.coresPerReplica(),
                        s.objectiveMs(),
                        plan.p99Ms(),
                        plan.minimumReplicas() - 1,
                        Double.isNaN(plan.p99MsOneFewer())
                                ? "n/a"
                                : Double.isInfinite(plan.p99MsOneFewer())
                                        ? "overloaded"
                                        : String.format(Locale.ROOT, "%.1f ms", plan.p99MsOneFewer()),
                        plan.replicas() - plan.minimumReplicas());
                out.printf(
                        Locale.ROOT,
                        "%s: %.0f -> %.0f MFLOP per request (%.0f candidates)%n",
                        s.stage(),
                        s.production().flopsPerRequest() / 1e6,
                        s.candidate().flopsPerRequest() / 1e6,
                        s.candidate().candidatesPerRequest());
            }
        }
        PoolFit pool = e.pool();
        out.printf(
                Locale.ROOT,
                "cost: %+,.0f cores, %+,.0f GiB memory, %+d GPUs from pool %s%n",
                pool.cpuIncrease(),
                pool.memoryGbIncrease(),
                pool.gpuIncrease(),
                pool.pool());
        out.printf(Locale.ROOT, "verdict: %s (%s)%n", pool.verdict(), pool.reason());
        out.printf(
                Locale.ROOT,
                "offline quality on %,d logged impressions: NE %s -> %s, calibration %s -> %s%n",
                e.impressions(),
                metric(e.productionQuality(), true),
                metric(e.candidateQuality(), true),
                metric(e.productionQuality(), false),
                metric(e.candidateQuality(), false));
        out.printf(
                Locale.ROOT,
                "written to %s and %s (estimate_id %s) in %.1f s%n",
                warehouse.resolve(LaunchTables.ESTIMATES),
                LaunchTables.REPLAY,
                e.estimateId(),
                seconds);
        out.flush();
    }

    private static String metric(Optional<HourMetrics> metrics, boolean ne) {
        return metrics.map(m -> Text.decimals(ne ? m.ne() : m.calibration(), 4)).orElse("n/a");
    }

    /** The estimate as a JSON string: the evidence its launch keeps. */
    public static String evidence(LaunchEstimate e, Location warehouse, double seconds) {
        return Json.write(Estimate.of(e, warehouse, seconds));
    }

    /** The estimate as one JSON document. */
    public static void json(PrintWriter out, LaunchEstimate e, Location warehouse, double seconds) {
        Json.print(out, Estimate.of(e, warehouse, seconds));
    }

    /** What --format json writes: the estimate with every input that produced it. */
    record Estimate(
            String estimateId,
            String createdAt,
            String modelId,
            String productionVersion,
            String candidateVersion,
            String surface,
            String stage,
            Inputs inputs,
            List<Stage> stages,
            Pool pool,
            Quality offlineQuality,
            String table,
            double seconds) {
        static Estimate of(LaunchEstimate e, Location warehouse, double seconds) {
            LaunchEstimate.Inputs in = e.inputs();
            PoolFit pool = e.pool();
            return new Estimate(
                    e.estimateId(),
                    e.createdAt().toString(),
                    e.modelId(),
                    e.productionVersion(),
                    e.candidateVersion(),
                    e.surface(),
                    e.stage(),
                    new Inputs(
                            in.traffic(),
                            in.trafficSeed(),
                            in.from().toString(),
                            in.to().toString(),
                            in.hours(),
                            in.recordedRequests(),
                            in.samplesPerHour(),
                            in.seed(),
                            in.registryVersion(),
                            Hardware.of(in.hardware())),
                    e.stages().stream().map(Stage::of).toList(),
                    new Pool(
                            pool.pool(),
                            pool.team(),
                            pool.cpuIncrease(),
                            pool.memoryGbIncrease(),
                            pool.gpuIncrease(),
                            pool.cpuFree(),
                            pool.memoryGbFree(),
                            pool.gpusFree(),
                            pool.verdict().name(),
                            pool.reason()),
                    new Quality(
                            e.impressions(),
                            e.productionQuality().map(Metrics::of).orElse(null),
                            e.candidateQuality().map(Metrics::of).orElse(null)),
                    warehouse.resolve(LaunchTables.ESTIMATES).toString(),
                    seconds);
        }
    }

    record Inputs(
            String traffic,
            long trafficSeed,
            String hourFrom,
            String hourTo,
            int hours,
            long recordedRequests,
            int samplesPerHour,
            long seed,
            String registryVersion,
            Hardware hardware) {}

    /** The profile the modelled service times assume; {@code calibrated_at} null for one written by hand. */
    record Hardware(String name, double gflopsPerCore, double candidateOverheadNs, Instant calibratedAt) {
        static Hardware of(HardwareProfile profile) {
            return new Hardware(
                    profile.name(),
                    profile.gflopsPerCore(),
                    profile.candidateOverheadNs(),
                    profile.calibratedAt().orElse(null));
        }
    }

    record Stage(
            String stage,
            String modelId,
            boolean changed,
            int keepTop,
            double objectiveP99Ms,
            double headroom,
            String peakHour,
            double peakRps,
            double sizedRps,
            long registryReplicas,
            Side production,
            Side candidate) {
        static Stage of(LaunchEstimate.StagePlan s) {
            return new Stage(
                    s.stage(),
                    s.productionModel(),
                    s.changed(),
                    s.keepTop(),
                    s.objectiveMs(),
                    s.headroom(),
                    s.peakHour().toString(),
                    s.peakRps(),
                    s.sizedRps(),
                    s.registryReplicas(),
                    Side.of(s.productionScorer(), s.production()),
                    Side.of(s.candidateScorer(), s.candidate()));
        }
    }

    /**
     * One side of a stage. {@code modelled_service_*}: the service times the replicas were sized
     * from (counted FLOPs and candidates on the hardware profile); {@code service_*}: the CPU times
     * the replay measured. {@code simulated_p99_ms_one_fewer}: the p99 with one replica fewer, or
     * "overloaded" where that many cannot keep up, or null where it was not simulated.
     */
    record Side(
            String scorer,
            long samples,
            double modelledServiceMeanMs,
            double modelledServiceCv,
            double modelledServiceP50Ms,
            double modelledServiceP99Ms,
            double serviceMeanMs,
            double serviceCv,
            double serviceP50Ms,
            double serviceP99Ms,
            double flopsPerRequest,
            double candidatesPerRequest,
            int coresPerReplica,
            int minReplicas,
            int replicas,
            double simulatedP99Ms,
            Object simulatedP99MsOneFewer) {
        static Side of(String scorer, LaunchEstimate.Side side) {
            double fewer = side.plan().p99MsOneFewer();
            return new Side(
                    scorer,
                    side.samples(),
                    side.modelled().meanMs(),
                    side.modelled().cv(),
                    side.modelled().p50Ms(),
                    side.modelled().p99Ms(),
                    side.measured().meanMs(),
                    side.measured().cv(),
                    side.measured().p50Ms(),
                    side.measured().p99Ms(),
                    side.flopsPerRequest(),
                    side.candidatesPerRequest(),
                    side.plan().coresPerReplica(),
                    side.plan().minimumReplicas(),
                    side.plan().replicas(),
                    side.plan().p99Ms(),
                    Double.isNaN(fewer) ? null : Double.isInfinite(fewer) ? "overloaded" : (Object) fewer);
        }
    }

    record Pool(
            String pool,
            String team,
            double cpuIncrease,
            double memoryGbIncrease,
            long gpuIncrease,
            double cpuFree,
            double memoryGbFree,
            long gpusFree,
            String verdict,
            String reason) {}

    /** Offline quality on the logged impressions; a side without enough labels is left out. */
    record Quality(
            long impressions,
            @JsonInclude(JsonInclude.Include.NON_NULL) Metrics production,
            @JsonInclude(JsonInclude.Include.NON_NULL) Metrics candidate) {}

    record Metrics(double ne, double calibration) {
        static Metrics of(HourMetrics m) {
            return new Metrics(m.ne(), m.calibration());
        }
    }
}
