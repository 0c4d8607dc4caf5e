package io.modelfleet.core.slo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The SLO a model is held to: its tier's defaults, tightened (or, with an exception, loosened) by
 * the model's overrides.
 *
 * @param labelDelay how long after an hour ends its labels are complete (clicks, conversions arrive
 *     late): until then the hour is provisional, and budgets do not count it
 */
public record SloPolicy(
        double calibrationMin,
        double calibrationMax,
        double neRegressionLimit,
        long minEventsPerHour,
        double objective,
        Duration labelDelay) {
    /** A policy whose hours are final as soon as they end. */
    public SloPolicy(
            double calibrationMin,
            double calibrationMax,
            double neRegressionLimit,
            long minEventsPerHour,
            double objective) {
        this(calibrationMin, calibrationMax, neRegressionLimit, minEventsPerHour, objective, Duration.ZERO);
    }

    public SloPolicy {
        if (labelDelay == null || labelDelay.isNegative()) {
            throw new IllegalArgumentException(
                    "Cannot create SLO policy: label delay must be zero or more, got " + labelDelay);
        }
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
        // a longer window keeps hours out of budgets longer
        if (candidate.labelDelay.compareTo(labelDelay) > 0) {
            loosened.add("label_delay_hours");
        }
        return loosened;
    }
}
