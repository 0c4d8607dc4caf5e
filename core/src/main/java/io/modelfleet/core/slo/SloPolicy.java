package io.modelfleet.core.slo;

import java.util.ArrayList;
import java.util.List;

/**
 * The SLO a model is held to: its tier's defaults, tightened (or, with an exception, loosened) by
 * the model's overrides.
 */
public record SloPolicy(
        double calibrationMin,
        double calibrationMax,
        double neRegressionLimit,
        long minEventsPerHour,
        double objective) {
    public SloPolicy {
        if (!(calibrationMin > 0) || !(calibrationMax > calibrationMin)) {
            throw new IllegalArgumentException(
                    "Cannot create SLO policy: calibration band must satisfy 0 < min < max, got [" + calibrationMin
                            + ", " + calibrationMax + "]");
        }
    }

    /** Returns the names of the fields in which {@code candidate} is looser than this policy. */
    public List<String> loosenedBy(SloPolicy candidate) {
        List<String> loosened = new ArrayList<>();
        if (candidate.calibrationMin < calibrationMin) {
            loosened.add("calibration_min");
        }
        if (candidate.calibrationMax > calibrationMax) {
            loosened.add("calibration_max");
        }
        if (candidate.neRegressionLimit > neRegressionLimit) {
            loosened.add("ne_regression_limit");
        }
        if (candidate.minEventsPerHour < minEventsPerHour) {
            loosened.add("min_events_per_hour");
        }
        if (candidate.objective < objective) {
            loosened.add("objective");
        }
        return loosened;
    }
}
