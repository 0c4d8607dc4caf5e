package io.modelfleet.scheduler;

import io.modelfleet.core.Hour;
import io.modelfleet.core.ModelfleetException;
import io.modelfleet.jobs.actions.ComputeSlo;
import io.modelfleet.jobs.slo.HourlySloJob;
import io.modelfleet.jobs.spark.SparkActions;
import io.modelfleet.registry.Registry;
import io.modelfleet.registry.RegistryLoader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One firing of slo-hourly: queue every complete hour (its end plus the allowed lateness has
 * passed) since the last one known, then compute the due hours oldest first, one at a time, each
 * recorded in the ledger and in {@code job_runs}. A failing hour is retried later with backoff and
 * does not hold up the hours after it. After each hour the alert step runs (when alerts are
 * configured); a firing that computes no hour still delivers alerts earlier runs could not.
 *
 * <p>Late labels: each hour is computed with the labels known at the scheduler clock's time. An
 * hour that leaves provisional model-hours gets one more unit, its final pass ({@code
 * 2026-11-24T13/final}), due when the last of their label windows closes; it computes the hour
 * again, with the late labels, and makes it final. With
 * its final pass done, the day is rolled up again, so budgets count the hours that became final.
 */
final class SloHourlyWork {
    private SloHourlyWork() {}

    /** Returns the hours computed. */
    static int run(SchedulerRuntime runtime) {
        JobSettings job = runtime.settings().job(JobName.SLO_HOURLY);
        WorkLedger ledger = runtime.ledger();
        int recovered = ledger.recoverAbandoned(job.job());
        if (recovered > 0) {
            runtime.progress(
                    job.job() + ": " + recovered + " hour(s) left running by a stopped node will be redone whole");
        }
        queueCompleteHours(runtime, job);
        int computed = compute(runtime, ledger.due(job.job(), runtime.clock().now(), job.maxAttempts()));
        if (computed == 0) {
            runtime.alerts()
                    .flatMap(SloAlerts::deliverPending)
                    .ifPresent(report -> runtime.progress(job.job() + ": " + report.summary()));
        }
        return computed;
    }

    /**
     * Computes the given hours, oldest first, recording each, then refreshes the OpenMetrics export
     * if any succeeded; returns how many did.
     */
    static int compute(SchedulerRuntime runtime, List<WorkUnit> due) {
        if (due.isEmpty()) {
            return 0;
        }
        Registry registry = RegistryLoader.loadValid(runtime.registry());
        SparkActions actions = SparkActions.get(runtime.spark());
        int succeeded = UnitWork.runUnits(
                runtime,
                runtime.settings().job(JobName.SLO_HOURLY),
                due,
                unit -> {
                    WorkUnit.HourUnit hourUnit = (WorkUnit.HourUnit) unit;
                    Hour hour = hourUnit.hour();
                    ComputeSlo slo;
                    try {
                        // Per hour: a logs folder that is missing now may be there at the retry.
                        slo = actions.computeSlo(registry)
                                .logs(runtime.logs())
                                .warehouse(runtime.warehouse())
                                .incidents(runtime.incidents())
                                .labelsAsOf(runtime.clock().now())
                                .rollUp(false);
                    } catch (ModelfleetException e) {
                        throw new UnitWork.UnitFailed(e.getMessage());
                    }
                    HourlySloJob.Result result =
                            slo.hours(List.of(hour)).execute().hourly();
                    if (!result.failed().isEmpty()) {
                        throw new UnitWork.UnitFailed(result.failed().get(0).message());
                    }
                    // Queued before this unit is marked done, so a day never looks complete without it.
                    Instant windowCloses = result.provisional().get(hour);
                    if (windowCloses != null && !hourUnit.finalPass()) {
                        runtime.ledger().schedule(JobName.SLO_HOURLY, hourUnit.finalized(), windowCloses);
                    }
                    if (hourUnit.finalPass()) {
                        rollUpAgain(runtime, hour);
                    }
                    return result.written().stream()
                            .filter(r -> r.hour().equals(hour.start()))
                            .count();
                },
                unit -> UnitWork.alertsAfter(runtime));
        OpenMetricsRefresh.after(runtime, JobName.SLO_HOURLY, succeeded);
        return succeeded;
    }

    /** Queues the hour's day to be rolled up again if it was rolled up (or queued) already. */
    private static void rollUpAgain(SchedulerRuntime runtime, Hour hour) {
        WorkUnit.DayUnit day = new WorkUnit.DayUnit(hour.day());
        boolean known = runtime.ledger().units(JobName.SLO_DAILY).stream()
                .anyMatch(u -> u.unit().equals(day));
        if (known) {
            runtime.ledger().requeue(JobName.SLO_DAILY, List.of(day));
        }
    }

    /** Adds the complete hours after the newest one the ledger knows (or from the start) as PENDING. */
    static void queueCompleteHours(SchedulerRuntime runtime, JobSettings job) {
        Instant now = runtime.clock().now();
        Hour lastComplete = Hour.of(now.minus(job.lateness())).plus(-1);
        Hour first = runtime.ledger()
                .latest(job.job())
                .map(unit -> ((WorkUnit.HourUnit) unit).hour().plus(1))
                .or(() -> runtime.settings().start())
                .or(runtime::firstLogHour)
                .orElse(lastComplete);
        if (first.compareTo(lastComplete) > 0) {
            return;
        }
        List<WorkUnit.HourUnit> hours = new ArrayList<>();
        for (Hour h = first; h.compareTo(lastComplete) <= 0; h = h.plus(1)) {
            hours.add(new WorkUnit.HourUnit(h));
        }
        runtime.ledger().ensure(job.job(), hours);
    }
}
