package io.modelfleet.alerts;

import static java.util.Objects.requireNonNull;

import io.modelfleet.core.Hour;
import io.modelfleet.core.slo.Alert;
import io.modelfleet.core.slo.SloStatus;
import io.modelfleet.registry.Tier;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * What the alert rules look at, read from the SLO tables: the fleet's latest judged hour with the
 * TIER0 and TIER1 model-hours of the {@value #HOURS} hours up to it ({@code slo_hourly}), and the
 * latest rolled-up day with every model-day of the {@value #DAYS} days up to it ({@code slo_daily}).
 * Alerts describe the latest hour and day, whichever hours a run computed: rerunning an old hour
 * changes nothing that fires, and a model missing from the latest hour (removed from the registry)
 * has nothing firing.
 *
 * @param latestHour the newest hour in {@code slo_hourly}; empty when the table has none
 * @param hours rows of TIER0 and TIER1 models from the {@value #HOURS} hours up to {@code latestHour};
 *     the earlier ones only date the start of an UNSTABLE run
 * @param latestDay the newest day in {@code slo_daily}; empty when the table has none
 * @param days rows of the {@value #DAYS} days up to {@code latestDay}
 * @param incidents the correlated incidents of {@code latestHour} ({@code slo_incidents})
 */
public record SloState(
        Optional<Hour> latestHour,
        List<ModelHour> hours,
        Optional<LocalDate> latestDay,
        List<ModelDay> days,
        List<IncidentHour> incidents) {
    /** How many hours back an UNSTABLE run is followed to its start. */
    public static final int HOURS = 72;
    /** How many days back a burning budget's run of days is followed to its start. */
    public static final int DAYS = 28;

    public static final SloState EMPTY =
            new SloState(Optional.empty(), List.of(), Optional.empty(), List.of(), List.of());

    /** A state without correlated incidents (a warehouse written before they existed). */
    public SloState(
            Optional<Hour> latestHour, List<ModelHour> hours, Optional<LocalDate> latestDay, List<ModelDay> days) {
        this(latestHour, hours, latestDay, days, List.of());
    }

    public SloState {
        requireNonNull(latestHour, "latestHour is null");
        hours = List.copyOf(hours);
        requireNonNull(latestDay, "latestDay is null");
        days = List.copyOf(days);
        incidents = List.copyOf(incidents);
    }

    /**
     * One row of {@code slo_incidents}: the failing models of one surface, funnel stage or team in
     * one hour, one alert instead of one per model.
     *
     * @param tier the most critical tier among its models
     * @param provisional some of its model-hours were judged before their labels were complete
     */
    public record IncidentHour(
            Hour hour,
            String dimension,
            String value,
            Tier tier,
            List<String> models,
            Hour firstHour,
            String cause,
            boolean provisional) {
        public IncidentHour {
            requireNonNull(hour, "hour is null");
            requireNonNull(dimension, "dimension is null");
            requireNonNull(value, "value is null");
            requireNonNull(tier, "tier is null");
            models = List.copyOf(models);
            requireNonNull(firstHour, "firstHour is null");
            requireNonNull(cause, "cause is null");
        }
    }

    /**
     * One row of {@code slo_hourly}, as the rules need it.
     *
     * @param isFinal false while the hour's labels were still coming in when it was judged
     */
    public record ModelHour(
            String modelId,
            String team,
            Tier tier,
            Hour hour,
            SloStatus status,
            String reasons,
            String runId,
            boolean isFinal) {
        /** A final hour. */
        public ModelHour(
                String modelId, String team, Tier tier, Hour hour, SloStatus status, String reasons, String runId) {
            this(modelId, team, tier, hour, status, reasons, runId, true);
        }

        public ModelHour {
            requireNonNull(modelId, "modelId is null");
            requireNonNull(team, "team is null");
            requireNonNull(tier, "tier is null");
            requireNonNull(hour, "hour is null");
            requireNonNull(status, "status is null");
            requireNonNull(reasons, "reasons is null");
            requireNonNull(runId, "runId is null");
        }
    }

    /** One row of {@code slo_daily}, as the rules need it; a burn rate is empty where the table has null. */
    public record ModelDay(
            String modelId,
            String team,
            Tier tier,
            LocalDate day,
            Alert alert,
            Optional<Double> burnRate6h,
            Optional<Double> burnRate24h,
            Optional<Double> burnRate72h,
            Optional<Double> errorBudgetRemaining) {
        public ModelDay {
            requireNonNull(modelId, "modelId is null");
            requireNonNull(team, "team is null");
            requireNonNull(tier, "tier is null");
            requireNonNull(day, "day is null");
            requireNonNull(alert, "alert is null");
            requireNonNull(burnRate6h, "burnRate6h is null");
            requireNonNull(burnRate24h, "burnRate24h is null");
            requireNonNull(burnRate72h, "burnRate72h is null");
            requireNonNull(errorBudgetRemaining, "errorBudgetRemaining is null");
        }
    }
}
