package io.modelfleet.registry;

import static java.util.Objects.requireNonNull;

import io.modelfleet.core.slo.SloPolicy;

/** Defaults and rules of one tier, from tiers.yaml. */
public record TierPolicy(Tier tier, SloPolicy slo, boolean requiresOncall, double headroom, Gate gate) {
    public TierPolicy {
        requireNonNull(tier, "tier is null");
        requireNonNull(slo, "slo is null");
        requireNonNull(gate, "gate is null");
    }

    /**
     * The launch gate of the tier's models.
     *
     * @param neMargin allowed NE increase over production, relative (0.01 = 1%)
     * @param calibrationMargin allowed increase of |ln calibration|
     * @param alpha the chance, over all of a launch's looks, of rolling back a candidate as good as production
     */
    public record Gate(double neMargin, double calibrationMargin, double alpha) {
        public static final double DEFAULT_ALPHA = 0.05;

        /**
         * The gate of a registry without tiers.yaml: 1% relative NE, and |ln calibration| within
         * ln 1.25 (calibration between 0.8 and 1.25), the band the sample tiers give TIER2.
         */
        public static final Gate FALLBACK = new Gate(0.01, Math.log(1.25), DEFAULT_ALPHA);
    }
}
