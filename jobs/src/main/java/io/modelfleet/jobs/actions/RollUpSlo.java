package io.modelfleet.jobs.actions;

import io.modelfleet.core.Action;
import io.modelfleet.core.Location;
import io.modelfleet.jobs.slo.DailyRollupJob;
import java.time.LocalDate;
import java.util.List;

/**
 * Rolls up {@code slo_hourly} into {@code slo_daily} (attainment, error budget, burn rates, alert)
 * and {@code slo_daily_rollup} for whole days. Options: {@code days} and {@code warehouse}, both
 * required.
 */
public interface RollUpSlo extends Action<DailyRollupJob.Result> {
    RollUpSlo days(List<LocalDate> days);

    RollUpSlo warehouse(Location warehouse);
}
