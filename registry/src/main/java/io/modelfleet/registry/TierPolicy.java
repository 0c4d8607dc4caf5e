package io.modelfleet.registry;

import io.modelfleet.core.slo.SloPolicy;
import static java.util.Objects.requireNonNull;

/** Defaults and rules of one tier, from tiers.yaml. */
public record TierPolicy(Tier tier, SloPolicy slo, boolean requiresOncall, double headroom) {
    public TierPolicy {
        requireNonNull(tier, "tier is null");
        requireNonNull(slo, "slo is null");
    }
}
