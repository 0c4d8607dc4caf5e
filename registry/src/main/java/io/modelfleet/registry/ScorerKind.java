package io.modelfleet.registry;

import java.util.Locale;

/** What a model's scorer is, as {@code serving.scorer.kind} names it (the schema lists the same two). */
public enum ScorerKind {
    /** One linear layer over the pair's features. */
    LOGISTIC,
    /** Hidden ReLU layers, then a linear output. */
    DENSE;

    /** The value in registry files: {@code logistic} or {@code dense}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Reads a kind the schema has already checked. */
    public static ScorerKind fromId(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        return id();
    }
}
