package io.modelfleet.launch;

import static java.util.Objects.requireNonNull;

import io.modelfleet.core.Hour;
import io.modelfleet.core.ModelfleetErrors;
import io.modelfleet.core.slo.HourMetrics;
import io.modelfleet.core.slo.HourSums;
import io.modelfleet.launch.replay.ReplayJob;
import io.modelfleet.launch.replay.ReplayResult;
import io.modelfleet.launch.replay.StageSpec;
import io.modelfleet.launch.replay.Variant;
import io.modelfleet.launch.traffic.TrafficSet;
import io.modelfleet.registry.FunnelStage;
import io.modelfleet.registry.LaunchFunnel;
import io.modelfleet.registry.Model;
import io.modelfleet.registry.PoolFit;
import io.modelfleet.registry.Registry;
import io.modelfleet.registry.Resources;
import io.modelfleet.sim.hardware.HardwareProfile;
import io.modelfleet.sim.sizing.CapacitySizer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.spark.sql.SparkSession;

/**
 * Estimates what launching a candidate version of a registered model costs: replays recorded
 * traffic through the surface's funnel with production and with the candidate, sizes each stage
 * for the peak hour, and checks the increase against the owning team's pool.
 *
 * <p>Stages are sized from modelled service times: each timed request's counted FLOPs and
 * candidates on the request's {@link HardwareProfile}. Those depend only on the traffic, the seed
 * and the profile, so the replica counts and the verdict do not move with the load of the machine
 * that runs the estimate; the CPU times the replay measured are reported beside them.
 *
 * <p>The funnel ({@link LaunchFunnel}), the sizing ({@link CapacitySizer}) and the pool's verdict
 * ({@link PoolFit}) are shared with the plan of a pull request, which sizes the same stages from a
 * surface's traffic profile instead of a replay ({@code launch profile} writes it from the same
 * requests this replay times).
 */
public final class LaunchEstimator {
    /** Latency objectives (p99 time in system) for entries that do not set {@code latency_p99_ms}. */
    public static final double DEFAULT_ESR_OBJECTIVE_MS = LaunchFunnel.DEFAULT_ESR_OBJECTIVE_MS;

    public static final double DEFAULT_LSR_OBJECTIVE_MS = LaunchFunnel.DEFAULT_LSR_OBJECTIVE_MS;
    /** Simulated arrivals per replica count tried: the same as the plan's profile-based estimate. */
    static final long SIMULATED_REQUESTS = CapacitySizer.SIMULATED_REQUESTS;

    private final SparkSession spark;
    private final Registry registry;
    private final TrafficSet traffic;
    private final Consumer<String> progress;

    public LaunchEstimator(SparkSession spark, Registry registry, TrafficSet traffic) {
        this(spark, registry, traffic, line -> {});
    }

    /** @param progress receives a line as each pass of the estimate starts */
    public LaunchEstimator(SparkSession spark, Registry registry, TrafficSet traffic, Consumer<String> progress) {
        this.spark = requireNonNull(spark, "spark is null");
        this.registry = requireNonNull(registry, "registry is null");
        this.traffic = requireNonNull(traffic, "traffic is null");
        this.progress = requireNonNull(progress, "progress is null");
    }

    /** What to replay, and the hardware whose per-core throughput turns counted FLOPs into service times. */
    public record Request(Model candidate, List<Hour> hours, int samplesPerHour, long seed, HardwareProfile hardware) {
        public Request {
            requireNonNull(candidate, "candidate is null");
            requireNonNull(hardware, "hardware is null");
            hours = List.copyOf(hours);
            if (hours.isEmpty()) {
                throw ModelfleetErrors.noHours("estimate");
            }
            if (samplesPerHour < 10) {
                throw ModelfleetErrors.tooFewSamples(samplesPerHour, 10);
            }
        }
    }

    public LaunchEstimate estimate(Request request) {
        Model candidate = request.candidate();
        Model production = registry.model(candidate.id())
                .orElseThrow(() -> ModelfleetErrors.unknownModelForLaunch(candidate.id(), registry.root()));
        checkCandidate(production, candidate);
        LaunchFunnel funnel = LaunchFunnel.of(registry, production, candidate, traffic.pairWidth());
        List<StageSpec> productionStages =
                funnel.stages().stream().map(s -> StageSpec.of(s.production())).toList();
        List<StageSpec> candidateStages =
                funnel.stages().stream().map(s -> StageSpec.of(s.candidate())).toList();
        int changed = funnel.changed();

        ReplayResult replay = new ReplayJob(spark, traffic, progress)
                .run(
                        production.surface(),
                        request.hours(),
                        productionStages,
                        candidateStages,
                        changed,
                        request.samplesPerHour(),
                        request.seed());
        ReplayResult.HourRate peak = replay.rates().stream()
                .max(Comparator.comparingDouble(ReplayResult.HourRate::productionRps))
                .orElseThrow();

        progress.accept(String.format(
                Locale.ROOT, "sizing each stage for the peak hour %s by discrete-event replay...", peak.hour()));
        List<LaunchEstimate.StagePlan> plans = new ArrayList<>();
        for (int s = 0; s < funnel.stages().size(); s++) {
            LaunchFunnel.Stage stage = funnel.stages().get(s);
            double objective = LaunchFunnel.objectiveMs(stage.candidate());
            double sizedRps = peak.productionRps() * (1 + stage.headroom());
            LaunchEstimate.Side productionSide = side(
                    replay,
                    s,
                    Variant.PRODUCTION,
                    stage.production(),
                    sizedRps,
                    LaunchFunnel.objectiveMs(stage.production()),
                    request);
            LaunchEstimate.Side candidateSide =
                    side(replay, s, Variant.CANDIDATE, stage.candidate(), sizedRps, objective, request);
            plans.add(new LaunchEstimate.StagePlan(
                    productionStages.get(s).stage(),
                    stage.production().id(),
                    productionStages.get(s).scorerSpec().toString(),
                    candidateStages.get(s).scorerSpec().toString(),
                    candidateStages.get(s).keepTop(),
                    objective,
                    stage.headroom(),
                    peak.hour(),
                    peak.productionRps(),
                    sizedRps,
                    stage.production().serving().replicas(),
                    productionSide,
                    candidateSide));
        }
        HourSums productionSums = HourSums.EMPTY;
        HourSums candidateSums = HourSums.EMPTY;
        for (ReplayResult.Quality sums : replay.quality().values()) {
            productionSums = productionSums.plus(sums.production());
            candidateSums = candidateSums.plus(sums.candidate());
        }
        long recorded = replay.rates().stream()
                .mapToLong(ReplayResult.HourRate::recorded)
                .sum();
        List<Hour> replayed =
                replay.rates().stream().map(ReplayResult.HourRate::hour).toList();
        LaunchEstimate.Inputs inputs = new LaunchEstimate.Inputs(
                traffic.root().toString(),
                traffic.manifest().seed(),
                replayed.get(0),
                replayed.get(replayed.size() - 1),
                replayed.size(),
                recorded,
                request.samplesPerHour(),
                request.seed(),
                registry.contentHash(),
                request.hardware());
        return new LaunchEstimate(
                UUID.randomUUID().toString(),
                Instant.now(),
                candidate.id(),
                production.serving().version(),
                candidate.serving().version(),
                production.surface(),
                productionStages.get(changed).stage(),
                inputs,
                plans,
                poolCheck(candidate, plans),
                HourMetrics.of(productionSums),
                HourMetrics.of(candidateSums),
                productionSums.events(),
                hourStats(replay, productionStages, request.hardware()));
    }

    private static List<LaunchEstimate.HourStat> hourStats(
            ReplayResult replay, List<StageSpec> stages, HardwareProfile hardware) {
        List<LaunchEstimate.HourStat> stats = new ArrayList<>();
        for (ReplayResult.HourRate rate : replay.rates()) {
            ReplayResult.Quality quality = replay.quality().getOrDefault(rate.hour(), ReplayResult.Quality.EMPTY);
            for (int s = 0; s < stages.size(); s++) {
                for (Variant variant : Variant.values()) {
                    int stage = s;
                    List<ReplayResult.Sample> samples = replay.samples().stream()
                            .filter(x -> x.epochHour() == rate.hour().epochHour()
                                    && x.stage() == stage
                                    && x.variant() == variant)
                            .toList();
                    stats.add(new LaunchEstimate.HourStat(
                            rate.hour(),
                            stages.get(s).stage(),
                            variant,
                            rate.recorded(),
                            rate.productionRps(),
                            samples.size(),
                            LaunchEstimate.ServiceTime.ofSeconds(modelledSeconds(samples, hardware)),
                            LaunchEstimate.ServiceTime.ofSeconds(measuredSeconds(samples)),
                            HourMetrics.of(quality.of(variant))));
                }
            }
        }
        return stats;
    }

    private void checkCandidate(Model production, Model candidate) {
        if (production.funnelStage() == FunnelStage.SOURCING) {
            throw ModelfleetErrors.sourcingLaunch(production.id());
        }
        if (!candidate.surface().equals(production.surface()) || candidate.funnelStage() != production.funnelStage()) {
            throw ModelfleetErrors.candidateServesElsewhere(
                    candidate.id(),
                    candidate.surface() + "/" + lower(candidate.funnelStage()),
                    production.surface() + "/" + lower(production.funnelStage()));
        }
        for (Model model : List.of(production, candidate)) {
            int width = model.serving().scorer().inputWidth();
            if (width > traffic.pairWidth()) {
                String who = model == candidate ? "candidate" : "production";
                throw ModelfleetErrors.scorerWidthMismatch(
                        who,
                        model.id(),
                        width,
                        traffic.root(),
                        traffic.manifest().userWidth(),
                        traffic.manifest().itemWidth(),
                        model.file());
            }
        }
    }

    private LaunchEstimate.Side side(
            ReplayResult replay,
            int stage,
            Variant variant,
            Model model,
            double sizedRps,
            double objectiveMs,
            Request request) {
        List<ReplayResult.Sample> samples = replay.samples().stream()
                .filter(x -> x.stage() == stage && x.variant() == variant)
                .toList();
        double[] modelled = modelledSeconds(samples, request.hardware());
        Resources resources = model.serving().resources();
        CapacitySizer.Plan plan;
        try {
            plan = CapacitySizer.size(
                    sizedRps,
                    modelled,
                    LaunchFunnel.coresPerReplica(model),
                    objectiveMs,
                    SIMULATED_REQUESTS,
                    request.seed());
        } catch (CapacitySizer.ObjectiveOutOfReach e) {
            throw ModelfleetErrors.unmeetableObjective(
                    lower(model.funnelStage()),
                    model.id(),
                    objectiveMs,
                    e.floorMs(),
                    request.hardware().name(),
                    model.file());
        }
        return new LaunchEstimate.Side(
                samples.size(),
                LaunchEstimate.ServiceTime.ofSeconds(modelled),
                LaunchEstimate.ServiceTime.ofSeconds(measuredSeconds(samples)),
                samples.stream().mapToLong(ReplayResult.Sample::flops).average().orElse(0),
                samples.stream()
                        .mapToInt(ReplayResult.Sample::candidates)
                        .average()
                        .orElse(0),
                resources.cpu(),
                resources.memoryGb(),
                resources.gpus(),
                plan);
    }

    private PoolFit poolCheck(Model candidate, List<LaunchEstimate.StagePlan> plans) {
        double cpu = 0;
        double memory = 0;
        long gpus = 0;
        for (LaunchEstimate.StagePlan plan : plans) {
            LaunchEstimate.Side now = plan.production();
            LaunchEstimate.Side next = plan.candidate();
            cpu += next.plan().replicas() * next.cpuPerReplica() - now.plan().replicas() * now.cpuPerReplica();
            memory += next.plan().replicas() * next.memoryGbPerReplica()
                    - now.plan().replicas() * now.memoryGbPerReplica();
            gpus += next.plan().replicas() * next.gpusPerReplica() - now.plan().replicas() * now.gpusPerReplica();
        }
        return PoolFit.check(registry, candidate.pool(), candidate.owner().team(), cpu, memory, gpus);
    }

    /** Each sample's service time on {@code hardware}, from what it counted; in the samples' (deterministic) order. */
    private static double[] modelledSeconds(List<ReplayResult.Sample> samples, HardwareProfile hardware) {
        return samples.stream()
                .mapToDouble(x -> hardware.serviceSeconds(x.flops(), x.candidates()))
                .toArray();
    }

    private static double[] measuredSeconds(List<ReplayResult.Sample> samples) {
        return samples.stream().mapToDouble(x -> x.cpuNanos() / 1e9).toArray();
    }

    private static String lower(FunnelStage stage) {
        return stage.name().toLowerCase(Locale.ROOT);
    }
}
