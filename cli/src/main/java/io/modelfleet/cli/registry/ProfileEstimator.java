package io.modelfleet.cli.registry;

import static java.util.Objects.requireNonNull;

import io.modelfleet.core.ModelfleetException;
import io.modelfleet.registry.FunnelStage;
import io.modelfleet.registry.Launch;
import io.modelfleet.registry.LaunchFunnel;
import io.modelfleet.registry.Model;
import io.modelfleet.registry.PoolFit;
import io.modelfleet.registry.Registry;
import io.modelfleet.registry.RegistryPlan;
import io.modelfleet.registry.TrafficProfile;
import io.modelfleet.sim.funnel.ScorerSpec;
import io.modelfleet.sim.hardware.HardwareProfile;
import io.modelfleet.sim.sizing.CapacitySizer;
import io.modelfleet.sim.sizing.StageLoad;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The launch estimate's verdict from the registry alone: each stage of the launch's funnel sized
 * for the peak hour of its surface's traffic profile ({@code traffic/<surface>.yaml}), the increase
 * judged against the pool, with the code the full estimate ({@code launch estimate}, Spark) uses:
 * {@link LaunchFunnel} for the stages, {@link StageLoad} for the modelled service times, {@link
 * CapacitySizer} for the replicas and {@link PoolFit} for the verdict. Only the service-time sample
 * differs: the profile's percentiles expanded, against the replayed requests themselves. Nothing
 * here depends on the machine's load: service times are modelled and the simulation is seeded.
 */
public final class ProfileEstimator {
    /** Service times drawn from the profile's percentiles, at most: more changes no p99 visibly. */
    static final int MAX_SAMPLE = 20_000;

    private ProfileEstimator() {}

    /** What the plan can say about one launch's estimate. */
    public sealed interface Outcome permits Sized, NoProfile, Unavailable {}

    /**
     * Sized from the profile.
     *
     * @param replicas the candidate's replicas at the launch's own stage, as {@code launch submit} records them
     */
    public record Sized(TrafficProfile profile, List<StagePlan> stages, PoolFit pool, long replicas)
            implements Outcome {
        public Sized {
            requireNonNull(profile, "profile is null");
            stages = List.copyOf(stages);
            requireNonNull(pool, "pool is null");
        }
    }

    /** The registry has no profile of the launch's surface. */
    public record NoProfile(String surface) implements Outcome {
        public NoProfile {
            requireNonNull(surface, "surface is null");
        }
    }

    /** A profile exists but this launch cannot be sized from it; {@code reason} says why and what to do. */
    public record Unavailable(String reason) implements Outcome {
        public Unavailable {
            requireNonNull(reason, "reason is null");
        }
    }

    /**
     * One stage, production against the candidate, on the same peak.
     *
     * @param sizedRps the peak rate times (1 + the tier's headroom)
     * @param registryReplicas the replicas production's entry runs today
     */
    public record StagePlan(
            String stage,
            String model,
            boolean changed,
            double objectiveMs,
            double sizedRps,
            long registryReplicas,
            CapacitySizer.Plan production,
            CapacitySizer.Plan candidate) {}

    public static Outcome estimate(Registry registry, RegistryPlan.LaunchRequest request) {
        Optional<Model> found = request.production();
        if (found.isEmpty()) {
            return new Unavailable("`" + request.launch().model() + "` is not a registered model at the head");
        }
        Model production = found.get();
        Optional<TrafficProfile> profile = registry.trafficProfile(production.surface());
        if (profile.isEmpty()) {
            String file = "traffic/" + production.surface() + ".yaml";
            if (Files.exists(registry.root().resolve(file))) {
                // the file is there but its errors kept it out of the registry
                return new Unavailable("the traffic profile " + file + " has errors (see the validation findings),"
                        + " so the plan cannot size from it: fix them, or write it again with `modelfleet launch"
                        + " profile --surface " + production.surface() + "` where the traffic is");
            }
            return new NoProfile(production.surface());
        }
        return estimate(registry, request.launch(), production, profile.get());
    }

    public static Outcome estimate(Registry registry, Launch launch, Model production, TrafficProfile profile) {
        if (production.funnelStage() == FunnelStage.SOURCING) {
            return new Unavailable("a sourcing model is not sized by the launch estimate: only ESR and LSR stages are");
        }
        Model candidate = launch.candidateEntry(production);
        int width = profile.recorded().featureWidth();
        for (Model model : List.of(production, candidate)) {
            if (model.serving().scorer().inputWidth() > width) {
                return new Unavailable(String.format(
                        Locale.ROOT,
                        "the %s scorer reads %d features per pair, but %s's traffic carries %d",
                        model == candidate ? "candidate's" : "production",
                        model.serving().scorer().inputWidth(),
                        profile.surface(),
                        width));
            }
        }
        TrafficProfile.Hardware h = profile.hardware();
        HardwareProfile hardware =
                new HardwareProfile(h.name(), h.gflopsPerCore(), h.candidateOverheadNs(), Optional.empty());
        long seed = profile.sourcedCandidates().seed();
        int[] sourced = StageLoad.sample(profile.sourcedCandidates().percentiles(), (int)
                Math.min(MAX_SAMPLE, profile.sourcedCandidates().sampledRequests()));
        LaunchFunnel funnel = LaunchFunnel.of(registry, production, candidate, width);
        List<StagePlan> stages = new ArrayList<>();
        int productionKept = Integer.MAX_VALUE;
        int candidateKept = Integer.MAX_VALUE;
        double cpu = 0;
        double memory = 0;
        long gpus = 0;
        for (LaunchFunnel.Stage stage : funnel.stages()) {
            double sizedRps = profile.peak().productionRps() * (1 + stage.headroom());
            double objective = LaunchFunnel.objectiveMs(stage.candidate());
            CapacitySizer.Plan now;
            CapacitySizer.Plan next;
            try {
                now = size(stage.production(), sourced, productionKept, sizedRps, hardware, seed);
                next = size(stage.candidate(), sourced, candidateKept, sizedRps, hardware, seed);
            } catch (CapacitySizer.ObjectiveOutOfReach e) {
                return new Unavailable(String.format(
                        Locale.ROOT,
                        "no replica count meets %s's %s objective: its p99 service time alone is %.1f ms on %s",
                        stage.candidate().id(),
                        stage.stage().name().toLowerCase(Locale.ROOT),
                        e.floorMs(),
                        hardware.name()));
            }
            stages.add(new StagePlan(
                    stage.stage().name().toLowerCase(Locale.ROOT),
                    stage.production().id(),
                    stage.changed(),
                    objective,
                    sizedRps,
                    stage.production().serving().replicas(),
                    now,
                    next));
            cpu += next.replicas() * stage.candidate().serving().resources().cpu()
                    - now.replicas() * stage.production().serving().resources().cpu();
            memory += next.replicas() * stage.candidate().serving().resources().memoryGb()
                    - now.replicas() * stage.production().serving().resources().memoryGb();
            gpus += next.replicas() * stage.candidate().serving().resources().gpus()
                    - now.replicas() * stage.production().serving().resources().gpus();
            productionKept = Math.min(productionKept, LaunchFunnel.keepTop(stage.production()));
            candidateKept = Math.min(candidateKept, LaunchFunnel.keepTop(stage.candidate()));
        }
        PoolFit pool;
        try {
            pool = PoolFit.check(registry, candidate.pool(), candidate.owner().team(), cpu, memory, gpus);
        } catch (ModelfleetException e) {
            return new Unavailable(e.getMessage());
        }
        long replicas = stages.get(funnel.changed()).candidate().replicas();
        return new Sized(profile, stages, pool, replicas);
    }

    private static CapacitySizer.Plan size(
            Model model, int[] sourced, int keptBefore, double sizedRps, HardwareProfile hardware, long seed)
            throws CapacitySizer.ObjectiveOutOfReach {
        Model.Scorer scorer = model.serving().scorer();
        ScorerSpec spec = ScorerSpec.of(scorer.kind().name(), scorer.inputWidth(), scorer.hidden());
        double[] service = StageLoad.serviceSeconds(sourced, keptBefore, spec, hardware);
        return CapacitySizer.size(
                sizedRps,
                service,
                LaunchFunnel.coresPerReplica(model),
                LaunchFunnel.objectiveMs(model),
                CapacitySizer.SIMULATED_REQUESTS,
                seed);
    }
}
