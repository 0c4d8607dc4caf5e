package io.modelfleet.registry;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The fleet's tier defaults (tiers.yaml).
 *
 * @param platformApprovers the platform team's people who approve TIER0 launches and launch-freeze exemptions
 */
public record TierPolicies(String platformTeam, List<String> platformApprovers, Map<Tier, TierPolicy> tiers) {
    public TierPolicies {
        requireNonNull(platformTeam, "platformTeam is null");
        platformApprovers = List.copyOf(platformApprovers);
        EnumMap<Tier, TierPolicy> copy = new EnumMap<>(Tier.class);
        copy.putAll(tiers);
        for (Tier tier : Tier.values()) {
            if (!copy.containsKey(tier)) {
                throw new IllegalArgumentException("Cannot create tier policies: missing " + tier);
            }
        }
        tiers = Collections.unmodifiableMap(copy);
    }

    public TierPolicy of(Tier tier) {
        return tiers.get(tier);
    }
}
