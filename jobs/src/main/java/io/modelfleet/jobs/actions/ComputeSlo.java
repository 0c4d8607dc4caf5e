package io.modelfleet.jobs.actions;

import io.modelfleet.core.Action;
import io.modelfleet.core.Hour;
import io.modelfleet.core.Location;
import io.modelfleet.core.slo.CorrelatedIncidents;
import io.modelfleet.jobs.slo.DailyRollupJob;
import io.modelfleet.jobs.slo.HourlySloJob;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Judges every registered model's calibration and NE for some hours, writes {@code slo_hourly},
 * then rolls up the days those hours fall in. The one place that decides which days a run rolls
 * up: the days of the hours it computed (an hour that failed does not make its day complete).
 *
 * <p>Options and their defaults: {@code hours}, {@code logs} and {@code warehouse} are required;
 * {@code rollUp} is on (the scheduler turns it off and rolls up complete days itself);
 * {@code allowDataLoss} is off: an hour the table holds rows for is not replaced by a computation
 * that read under a tenth of them (it fails instead, saying both counts).
 */
public interface ComputeSlo extends Action<ComputeSlo.Result> {
    /** The hours to judge, in any order; each is replaced whole. */
    ComputeSlo hours(List<Hour> hours);

    /** The prediction-log folder ({@code ds=/hr=} partitions); must exist. */
    ComputeSlo logs(Location logs);

    /** The warehouse folder the tables live in. */
    ComputeSlo warehouse(Location warehouse);

    /** Where progress lines go while the logs are read (default: nowhere). */
    ComputeSlo progress(Consumer<String> progress);

    /** Whether to roll up the days of the computed hours afterwards (default: true). */
    ComputeSlo rollUp(boolean rollUp);

    /**
     * Whether an hour may be replaced although its logs now hold under a tenth of the rows
     * {@code slo_hourly} has for it, none included (default: false — such an hour fails with
     * {@link HourlySloJob.FailedHour.Reason#WOULD_LOSE_ROWS} and keeps its rows).
     */
    ComputeSlo allowDataLoss(boolean allowDataLoss);

    /** When breaches sharing a surface, stage or team are one incident (default: {@link CorrelatedIncidents.Settings#DEFAULT}). */
    ComputeSlo incidents(CorrelatedIncidents.Settings settings);

    /**
     * The time labels are read as of (default: when the run starts): hours whose label window
     * closes later are provisional ({@link HourlySloJob#labelsAsOf}).
     */
    ComputeSlo labelsAsOf(Instant asOf);

    /** What the run judged and wrote; {@code daily} is empty when nothing was rolled up. */
    record Result(HourlySloJob.Result hourly, Optional<DailyRollupJob.Result> daily) {
        /** The days a run over these hours rolls up. */
        public static List<LocalDate> daysOf(List<Hour> computed) {
            return computed.stream().map(Hour::day).distinct().sorted().toList();
        }
    }
}
