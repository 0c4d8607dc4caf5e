package io.modelfleet.cli.render;

import io.modelfleet.registry.Model;
import io.modelfleet.sim.funnel.ScorerSpec;

/**
 * What a registry scorer shape costs per candidate, counted as the ranking simulator counts it
 * (one multiply and one add per weight of the head, every dense layer and the output layer), from
 * the shape alone: a launch's plan shows it without building the scorer, whose weights for the
 * widest shapes the schema allows would not fit in memory.
 */
public final class ScorerFlops {
    private ScorerFlops() {}

    /** FLOPs the scorer spends on one candidate; equals the simulator's {@code Scorer.flopsPerCandidate()}. */
    public static long perCandidate(Model.Scorer scorer) {
        long flops = 2L * scorer.inputWidth();
        long in = scorer.inputWidth();
        for (int out : scorer.hidden()) {
            flops += 2L * in * out;
            in = out;
        }
        return scorer.hidden().isEmpty() ? flops : flops + 2L * in;
    }

    /** The shape as the launch estimate's report writes it, e.g. {@code dense(128 -> [512, 128] -> 1)}. */
    public static String shape(Model.Scorer scorer) {
        return ScorerSpec.of(scorer.kind().id(), scorer.inputWidth(), scorer.hidden())
                .toString();
    }
}
