package io.modelfleet.cli.render;

import io.modelfleet.registry.Model;
import io.modelfleet.sim.funnel.ScorerSpec;

/** A registry scorer's shape and its cost per candidate, as the ranking simulator states them. */
public final class ScorerFlops {
    private ScorerFlops() {}

    /** FLOPs the scorer spends on one candidate; equals the simulator's {@code Scorer.flopsPerCandidate()}. */
    public static long perCandidate(Model.Scorer scorer) {
        return spec(scorer).flopsPerCandidate();
    }

    /** The shape as the launch estimate's report writes it, e.g. {@code dense(128 -> [512, 128] -> 1)}. */
    public static String shape(Model.Scorer scorer) {
        return spec(scorer).toString();
    }

    private static ScorerSpec spec(Model.Scorer scorer) {
        return ScorerSpec.of(scorer.kind().id(), scorer.inputWidth(), scorer.hidden());
    }
}
