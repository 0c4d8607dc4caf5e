package io.modelfleet.jobs.predictions;

import static java.util.Objects.requireNonNull;

import io.modelfleet.core.Hour;
import io.modelfleet.core.gate.CandidateQuality;
import java.util.Map;

/**
 * A candidate version served beside production during a launch: which model, which version, how
 * good it is, and its share of the model's rows hour by hour (the fleet's traffic weights). Rows
 * of both versions are logged, {@code model_version} telling them apart.
 *
 * @param defaultShare the share in hours {@code shares} does not name, in [0, 1]
 */
public record CandidateTraffic(
        String modelId, String version, CandidateQuality quality, double defaultShare, Map<Hour, Double> shares) {
    public CandidateTraffic {
        requireNonNull(modelId, "modelId is null");
        requireNonNull(version, "version is null");
        requireNonNull(quality, "quality is null");
        shares = Map.copyOf(shares);
        checkShare(defaultShare);
        shares.values().forEach(CandidateTraffic::checkShare);
    }

    /** The candidate's share of the model's rows in {@code hour}. */
    public double share(Hour hour) {
        return shares.getOrDefault(hour, defaultShare);
    }

    private static void checkShare(double share) {
        if (!(share >= 0 && share <= 1)) {
            throw new IllegalArgumentException("Cannot log a candidate: its share must be in [0, 1], got " + share);
        }
    }
}
