package io.modelfleet.scheduler;

import io.modelfleet.jobs.Hour;
import io.modelfleet.jobs.slo.HourlySloJob;
import io.modelfleet.registry.Registry;
import io.modelfleet.registry.RegistryLoader;
import io.modelfleet.registry.RegistrySnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * One firing of slo-hourly: queue every complete hour (its end plus the allowed lateness has
 * passed) since the last one known, then compute the due hours oldest first, one at a time, each
 * recorded in the ledger and in {@code job_runs}. A failing hour is retried later with backoff and
 * does not hold up the hours after it.
 */
final class SloHourlyWork {
    private SloHourlyWork() {}

    /** Returns the hours computed. */
    static int run(SchedulerRuntime runtime) {
        JobSettings job = runtime.settings().job(SchedulerSettings.SLO_HOURLY);
        WorkLedger ledger = runtime.ledger();
        int recovered = ledger.recoverAbandoned(job.name());
        if (recovered > 0) {
            runtime.progress(job.name() + ": " + recovered + " hour(s) left running by a stopped node will be redone whole");
        }
        queueCompleteHours(runtime, job);
        return compute(runtime, ledger.due(job.name(), runtime.clock().now(), job.maxAttempts()));
    }

    /** Computes the given hours, oldest first, recording each; returns how many succeeded. */
    static int compute(SchedulerRuntime runtime, List<String> due) {
        JobSettings job = runtime.settings().job(SchedulerSettings.SLO_HOURLY);
        WorkLedger ledger = runtime.ledger();
        if (due.isEmpty()) {
            return 0;
        }
        Registry registry = RegistryLoader.loadValid(runtime.registry());
        String version = RegistrySnapshot.version(registry);
        HourlySloJob slo = new HourlySloJob(runtime.spark(), registry, version, runtime.logs().toString(), runtime.warehouse());
        JobRunsTable runs = new JobRunsTable(runtime.spark(), runtime.warehouse());
        int computed = 0;
        for (String unit : due) {
            if (runtime.stopping()) {
                break;
            }
            Hour hour = Hour.parse(unit);
            Instant started = Instant.now();
            ledger.start(job.name(), unit, runtime.node(), runtime.clock().now());
            int attempt = ledger.units(job.name()).stream().filter(u -> u.unit().equals(unit)).findFirst().orElseThrow().attempts();
            String error;
            long rows = 0;
            try {
                HourlySloJob.Result result = slo.run(List.of(hour));
                error = result.failed().isEmpty() ? null : result.failed().get(0).message();
                rows = result.written().stream().filter(r -> r.hour().equals(hour.start())).count();
            } catch (RuntimeException e) {
                if (runtime.stopping()) {
                    ledger.release(job.name(), unit);
                    runtime.progress(job.name() + ": " + unit + " interrupted by shutdown; it will be redone whole");
                    break;
                }
                error = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
            Instant finished = Instant.now();
            Instant now = runtime.clock().now();
            String status;
            if (error == null) {
                ledger.finish(job.name(), unit, rows, now);
                status = "SUCCEEDED";
                computed++;
            } else {
                Instant retry = job.nextAttempt(now, attempt);
                ledger.fail(job.name(), unit, error, now, retry);
                status = "FAILED";
            }
            runs.append(new JobRunsTable.Run(UUID.randomUUID().toString(), job.name(), unit, hour.start(), null, status, attempt, started,
                    finished, rows, error, runtime.node(), now));
            runtime.progress(String.format(Locale.ROOT, "%s: %s %s (attempt %d, %d rows, %.1f s)%s", job.name(), unit,
                    status.toLowerCase(Locale.ROOT), attempt, rows, (finished.toEpochMilli() - started.toEpochMilli()) / 1000.0,
                    error == null ? "" : attempt >= job.maxAttempts() ? " - giving up: " + error
                            : " - retry after " + job.nextAttempt(now, attempt) + ": " + error));
        }
        return computed;
    }

    /** Adds the complete hours after the newest one the ledger knows (or from the start) as PENDING. */
    static void queueCompleteHours(SchedulerRuntime runtime, JobSettings job) {
        Instant now = runtime.clock().now();
        Hour lastComplete = Hour.of(now.minus(job.lateness())).plus(-1);
        Hour first = runtime.ledger().latest(job.name()).map(h -> Hour.parse(h).plus(1))
                .or(() -> runtime.settings().start())
                .or(runtime::firstLogHour)
                .orElse(lastComplete);
        if (first.compareTo(lastComplete) > 0) {
            return;
        }
        List<String> hours = new ArrayList<>();
        for (Hour h = first; h.compareTo(lastComplete) <= 0; h = h.plus(1)) {
            hours.add(h.toString());
        }
        runtime.ledger().ensure(job.name(), hours);
    }
}
