package io.modelfleet.core.slo;

import static java.util.Objects.requireNonNull;

import io.modelfleet.core.Hour;
import java.time.LocalDate;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One model's newest judged hour with its newest error budget: what {@code slo export} publishes
 * for monitoring. Read from a row of {@code slo_hourly} and one of {@code slo_daily}; a metric the
 * table holds as null (undefined for the hour) is empty here.
 *
 * @param tier the tier's name, e.g. {@code TIER0}
 * @param events the valid labeled rows the metrics were computed from
 * @param calibration empty when the hour leaves it undefined (no events, or no positives)
 * @param ne normalized entropy; empty when undefined (no events, no positives or no negatives)
 * @param budget the model's newest day in {@code slo_daily}; empty before its first rollup
 */
public record LatestSlo(
        String modelId,
        String team,
        String tier,
        Hour hour,
        SloStatus status,
        long events,
        Optional<Estimate> calibration,
        Optional<Estimate> ne,
        Optional<Budget> budget) {
    public LatestSlo {
        requireNonNull(modelId, "modelId is null");
        requireNonNull(team, "team is null");
        requireNonNull(tier, "tier is null");
        requireNonNull(hour, "hour is null");
        requireNonNull(status, "status is null");
        if (events < 0) {
            throw new IllegalArgumentException("events of " + modelId + " must not be negative: " + events);
        }
        requireNonNull(calibration, "calibration is null");
        requireNonNull(ne, "ne is null");
        requireNonNull(budget, "budget is null");
    }

    /** A metric of the hour with the ends of its 95% confidence interval. */
    public record Estimate(double value, double low, double high) {}

    /**
     * A model's error budget as {@code slo_daily} computed it through the end of {@code day}; each
     * figure is empty where the table holds null (no evaluated hour in its window).
     *
     * @param remaining share of the 28-day budget left; negative when overspent
     * @param burnRate6h budget burn over the day's last 6 hours; 1 spends the budget in exactly 28 days
     */
    public record Budget(
            LocalDate day,
            OptionalDouble remaining,
            OptionalDouble burnRate6h,
            OptionalDouble burnRate24h,
            OptionalDouble burnRate72h) {
        public Budget {
            requireNonNull(day, "day is null");
            requireNonNull(remaining, "remaining is null");
            requireNonNull(burnRate6h, "burnRate6h is null");
            requireNonNull(burnRate24h, "burnRate24h is null");
            requireNonNull(burnRate72h, "burnRate72h is null");
        }
    }
}
