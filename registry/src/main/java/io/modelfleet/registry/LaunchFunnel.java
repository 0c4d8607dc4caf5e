package io.modelfleet.registry;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The ranking stages a launch is sized over, as the registry states them: the surface's ESR and LSR
 * models, the launching model at its stage (production, then the candidate) and the biggest active
 * model of the surface at the other, with each stage's latency objective, candidates kept and its
 * tier's headroom. The full launch estimate and the plan of a pull request both size these stages.
 *
 * @param changed the index of the stage the candidate replaces
 */
public record LaunchFunnel(List<Stage> stages, int changed) {
    /** Latency objectives (p99 time in system) for entries that do not set {@code latency_p99_ms}. */
    public static final double DEFAULT_ESR_OBJECTIVE_MS = 50;

    public static final double DEFAULT_LSR_OBJECTIVE_MS = 100;

    /** Candidates a stage passes on when its entry does not set {@code keep_top}. */
    public static final int DEFAULT_ESR_KEEP = 500;

    public static final int DEFAULT_LSR_KEEP = 50;

    public LaunchFunnel {
        stages = List.copyOf(stages);
        if (changed < 0 || changed >= stages.size()) {
            throw new IllegalArgumentException(
                    "Cannot create funnel: changed stage " + changed + " of " + stages.size());
        }
    }

    /**
     * One stage: the model serving it now and the one serving it after the launch (the same model
     * at a stage the launch does not touch).
     *
     * @param headroom the tier's headroom: the stage is sized for the peak rate times (1 + headroom)
     */
    public record Stage(FunnelStage stage, Model production, Model candidate, double headroom) {
        public Stage {
            requireNonNull(stage, "stage is null");
            requireNonNull(production, "production is null");
            requireNonNull(candidate, "candidate is null");
        }

        public boolean changed() {
            return production != candidate;
        }
    }

    /**
     * @param candidate production's entry with the candidate's serving block
     * @param featureWidth features per (user, candidate) pair the traffic carries: a model reading
     *     more cannot be replayed on it, so it is not picked for the other stage
     */
    public static LaunchFunnel of(Registry registry, Model production, Model candidate, int featureWidth) {
        List<Stage> stages = new ArrayList<>();
        int changed = -1;
        for (FunnelStage stage : List.of(FunnelStage.ESR, FunnelStage.LSR)) {
            if (production.funnelStage() == stage) {
                changed = stages.size();
                stages.add(new Stage(stage, production, candidate, headroom(registry, candidate)));
                continue;
            }
            registry.models().stream()
                    .filter(m -> m.surface().equals(production.surface())
                            && m.funnelStage() == stage
                            && m.lifecycle() == Lifecycle.ACTIVE)
                    .filter(m -> m.serving().scorer().inputWidth() <= featureWidth)
                    .max(Comparator.comparingLong((Model m) -> m.serving().replicas())
                            .thenComparing(Model::id, Comparator.reverseOrder()))
                    .ifPresent(m -> stages.add(new Stage(stage, m, m, headroom(registry, m))));
        }
        if (changed < 0) {
            throw new IllegalArgumentException(
                    "Cannot size a launch of " + production.id() + ": it ranks at no ESR or LSR stage");
        }
        return new LaunchFunnel(stages, changed);
    }

    /** The entry's {@code latency_p99_ms}, else its stage's default. */
    public static double objectiveMs(Model model) {
        return model.serving()
                .latencyP99Ms()
                .orElse(model.funnelStage() == FunnelStage.ESR ? DEFAULT_ESR_OBJECTIVE_MS : DEFAULT_LSR_OBJECTIVE_MS);
    }

    /** The entry's {@code keep_top}, else its stage's default. */
    public static int keepTop(Model model) {
        return (int) model.serving()
                .keepTop()
                .orElse(model.funnelStage() == FunnelStage.ESR ? DEFAULT_ESR_KEEP : DEFAULT_LSR_KEEP);
    }

    /** CPU cores of one replica, each serving one request at a time: at least one. */
    public static int coresPerReplica(Model model) {
        return Math.max(1, (int) Math.floor(model.serving().resources().cpu()));
    }

    private static double headroom(Registry registry, Model model) {
        return registry.tierPolicies()
                .flatMap(p -> Optional.ofNullable(p.tiers().get(model.tier())))
                .map(TierPolicy::headroom)
                .orElse(0.0);
    }
}
