package io.modelfleet.sim.funnel;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;

/**
 * The shape of a scorer: a logistic model (one linear layer) or a dense network with hidden
 * layers, reading {@code inputWidth} features per (user, candidate) pair.
 */
public record ScorerSpec(Kind kind, int inputWidth, List<Integer> hidden) {
    public enum Kind {
        LOGISTIC,
        DENSE
    }

    public ScorerSpec {
        requireNonNull(kind, "kind is null");
        hidden = List.copyOf(hidden);
        if (inputWidth < 1) {
            throw new IllegalArgumentException(
                    "Cannot create scorer: input width must be at least 1, got " + inputWidth);
        }
        if (kind == Kind.LOGISTIC && !hidden.isEmpty()) {
            throw new IllegalArgumentException(
                    "Cannot create scorer: a logistic scorer has no hidden layers, got " + hidden);
        }
        if (kind == Kind.DENSE && hidden.isEmpty()) {
            throw new IllegalArgumentException("Cannot create scorer: a dense scorer needs at least one hidden layer");
        }
        for (int width : hidden) {
            if (width < 1) {
                throw new IllegalArgumentException(
                        "Cannot create scorer: hidden widths must be at least 1, got " + hidden);
            }
        }
    }

    public static ScorerSpec of(String kind, int inputWidth, List<Integer> hidden) {
        return new ScorerSpec(Kind.valueOf(kind.toUpperCase(Locale.ROOT)), inputWidth, hidden);
    }

    /**
     * FLOPs a scorer of this shape spends on one candidate: one multiply and one add per weight of
     * the head, every dense layer and the output layer. From the shape alone, so a plan can show it
     * without building the weights (the widest shapes the schema allows would not fit in memory).
     */
    public long flopsPerCandidate() {
        long flops = 2L * inputWidth;
        long in = inputWidth;
        for (int out : hidden) {
            flops += 2L * in * out;
            in = out;
        }
        return hidden.isEmpty() ? flops : flops + 2L * in;
    }

    @Override
    public String toString() {
        return kind == Kind.LOGISTIC
                ? "logistic(" + inputWidth + ")"
                : "dense(" + inputWidth + " -> " + hidden + " -> 1)";
    }
}
