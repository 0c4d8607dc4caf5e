package io.modelfleet.core;

import java.util.Map;

/**
 * Click-through rates of the synthetic world, per surface: the prediction-log generator and the
 * ranking simulator's ground-truth click model draw from the same ones, so logs and recorded
 * traffic describe one fleet.
 */
public final class SurfaceRates {
    private static final Map<String, Double> BASE_CTR = Map.of(
            "feed", 0.04,
            "stories_tray", 0.06,
            "reels", 0.05,
            "explore", 0.035,
            "notifications", 0.08,
            "comments", 0.03,
            "tag_suggestions", 0.10,
            "search", 0.12);

    /** For a surface the table does not name. */
    private static final double OTHER = 0.05;

    private SurfaceRates() {}

    /** The base click-through rate of a surface. */
    public static double baseCtr(String surface) {
        return BASE_CTR.getOrDefault(surface, OTHER);
    }
}
