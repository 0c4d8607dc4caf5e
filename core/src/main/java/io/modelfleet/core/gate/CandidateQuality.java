package io.modelfleet.core.gate;

import io.modelfleet.core.ModelfleetErrors;

/**
 * How a launch's candidate predicts, against the healthy model's calibrated predictions: what
 * {@code generate predictions --candidate} logs and what the launch backtest simulates.
 *
 * @param factor every prediction multiplied by it (1: calibrated)
 * @param noise spread of an extra error in logit space on every prediction (0: as sharp as production)
 * @param latencyFactor how much slower it serves than production (for the fleet; logs do not show it)
 */
public record CandidateQuality(String spec, double factor, double noise, double latencyFactor) {
    public static final CandidateQuality GOOD = new CandidateQuality("good", 1, 0, 1);

    /** Reads {@code good}, {@code miscalibrated:1.15}, {@code ne-worse:0.3} or {@code latency-worse:1.5}. */
    public static CandidateQuality parse(String spec) {
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
            case "miscalibrated" -> new CandidateQuality(spec, value, 0, 1);
            case "ne-worse" -> new CandidateQuality(spec, 1, value, 1);
            case "latency-worse" -> new CandidateQuality(spec, 1, 0, value);
            default -> throw ModelfleetErrors.unreadableCandidateQuality(spec);
        };
    }
}
