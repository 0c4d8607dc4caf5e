package io.modelfleet.core.slo;

/** The judgement of one model-hour. */
public enum SloStatus {
    /** Judged, and within its SLO. */
    STABLE,
    /** Judged, and outside its SLO; {@code reasons} says how. */
    UNSTABLE,
    /** Rows arrived, but too few events (or no positives, or no negatives) to judge. */
    INSUFFICIENT_DATA,
    /** No rows at all for a serving model. */
    NO_DATA,
    /**
     * Judged, past a limit but not conclusively: not counted against the budget; {@code reasons}
     * says by how much and what a breach would need. (Last, so the other statuses keep their order.)
     */
    WATCH
}
