package io.modelfleet.jobs.predictions;

import static java.util.Objects.requireNonNull;

import io.modelfleet.core.Hour;
import io.modelfleet.core.ModelfleetErrors;
import java.util.Map;

/**
 * A candidate version served beside production during a launch: which model, which version, how
 * good it is, and its share of the model's rows hour by hour (the fleet's traffic weights). Rows
 * of both versions are logged, {@code model_version} telling them apart.
 *
 * @param defaultShare the share in hours {@code shares} does not name, in [0, 1]
 */
public record CandidateTraffic(
        String modelId, String version, Quality quality, double defaultShare, Map<Hour, Double> shares) {
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

    /**
     * How the candidate predicts, against the healthy model's calibrated predictions.
     *
     * @param factor every prediction multiplied by it (1: calibrated)
     * @param noise spread of an extra error in logit space on every prediction (0: as sharp as production)
     * @param latencyFactor how much slower it serves than production (for the fleet; logs do not show it)
     */
    public record Quality(String spec, double factor, double noise, double latencyFactor) {
        public static final Quality GOOD = new Quality("good", 1, 0, 1);

        /** Reads {@code good}, {@code miscalibrated:1.15}, {@code ne-worse:0.3} or {@code latency-worse:1.5}. */
        public static Quality parse(String spec) {
            if (spec.equals("good")) {
                return GOOD;
            }
            int colon = spec.indexOf(':');
            String kind = colon < 0 ? spec : spec.substring(0, colon);
            double value;
            try {
                value = colon < 0 ? Double.NaN : Double.parseDouble(spec.substring(colon + 1));
            } catch (NumberFormatException e) {
                value = Double.NaN;
            }
            if (!(value > 0) || !Double.isFinite(value)) {
                throw ModelfleetErrors.unreadableCandidateQuality(spec);
            }
            return switch (kind) {
                case "miscalibrated" -> new Quality(spec, value, 0, 1);
                case "ne-worse" -> new Quality(spec, 1, value, 1);
                case "latency-worse" -> new Quality(spec, 1, 0, value);
                default -> throw ModelfleetErrors.unreadableCandidateQuality(spec);
            };
        }
    }
}
