package io.modelfleet.registry;

/** Model criticality; TIER0 is the most critical. */
public enum Tier {
    TIER0,
    TIER1,
    TIER2,
    TIER3,
    TIER4;

    /** True if this tier is more critical than {@code other}. */
    public boolean isMoreCriticalThan(Tier other) {
        return ordinal() < other.ordinal();
    }
}
