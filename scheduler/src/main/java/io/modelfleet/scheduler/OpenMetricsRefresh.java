package io.modelfleet.scheduler;

import io.modelfleet.jobs.spark.SparkActions;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Keeps the OpenMetrics file of {@code scheduler.export.openmetrics} current: rewritten, through
 * the same action as {@code slo export --out}, when a run of slo-hourly has written hours or one of
 * slo-daily days. Once per run rather than per hour: a run normally does one hour, and a catch-up
 * after downtime should spend its time on the hours (an export costs about a seventh of an hour's
 * SLOs), while a file rewritten for every caught-up hour would be replaced seconds later anyway. A
 * refresh that fails is a progress line, never a unit's failure: the hours are in the tables
 * either way, and the next refresh writes the whole file again.
 */
final class OpenMetricsRefresh {
    /**
     * One refresh at a time: slo-hourly and slo-daily run side by side, and each refresh reads the
     * tables after its own unit committed, so serialized, the last one to run writes a file that
     * holds both units. Unserialized, an earlier read could be renamed over a later one.
     */
    private static final Object ONE_AT_A_TIME = new Object();

    private OpenMetricsRefresh() {}

    /** Rewrites the file if one is set and {@code job} finished a unit in this run. */
    static void after(SchedulerRuntime runtime, JobName job, int unitsDone) {
        Optional<Path> file = runtime.settings().openMetricsFile();
        if (file.isEmpty() || unitsDone == 0) {
            return;
        }
        try {
            synchronized (ONE_AT_A_TIME) {
                SparkActions.get(runtime.spark())
                        .exportSlo()
                        .warehouse(runtime.warehouse())
                        .out(file.get())
                        .execute();
            }
        } catch (Exception e) {
            // Exception, not RuntimeException: Spark's Scala code throws checked ones undeclared.
            runtime.progress(
                    job.id() + ": could not refresh the OpenMetrics file " + file.get() + ": " + e.getMessage());
        }
    }
}
