package io.modelfleet.registry;

import java.util.Locale;

/** Stage of the ranking funnel: retrieval, early-stage ranking, late-stage ranking. */
public enum FunnelStage {
    SOURCING,
    ESR,
    LSR;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static FunnelStage fromId(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }
}
