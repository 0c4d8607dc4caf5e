package io.modelfleet.registry;

import static java.util.Objects.requireNonNull;

import io.modelfleet.core.slo.SloPolicy;

/** Defaults and rules of one tier, from tiers.yaml. */
public record TierPolicy(Tier tier, SloPolicy slo, boolean requiresOncall, double headroom) {
    public TierPolicy {
        requireNonNull(tier, "tier is null");
        requireNonNull(slo, "slo is null");
    }
}
