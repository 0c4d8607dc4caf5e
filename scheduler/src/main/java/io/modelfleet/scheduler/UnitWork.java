package io.modelfleet.scheduler;

import io.modelfleet.core.Hour;
import io.modelfleet.jobs.TableSchemas;
import io.modelfleet.jobs.slo.DailyRollupJob;
import io.modelfleet.jobs.slo.DeltaTables;
import io.modelfleet.jobs.spark.SparkActions;
import io.modelfleet.registry.Registry;
import io.modelfleet.registry.RegistryLoader;
import io.modelfleet.registry.RegistrySnapshot;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** The other two jobs: daily rollups of complete days, and a registry snapshot per registry version. */
final class UnitWork {
    public static final String SNAPSHOTS_TABLE = "registry_snapshots";

    private UnitWork() {}

    /**
     * Rolls up every day whose 24 hours slo-hourly has finished (done, or failed for good), once;
     * then refreshes the OpenMetrics export if a day was rolled up.
     */
    static int daily(SchedulerRuntime runtime) {
        JobSettings job = runtime.settings().job(JobName.SLO_DAILY);
        JobSettings hourly = runtime.settings().job(JobName.SLO_HOURLY);
        WorkLedger ledger = runtime.ledger();
        ledger.recoverAbandoned(job.job());
        // A day is complete once its last hour is finished and so is every hour of it the ledger knows
        // (hours before the scheduler's start were computed by hand and are not in the ledger).
        Map<LocalDate, boolean[]> days = new TreeMap<>();
        for (WorkLedger.Unit unit : ledger.units(hourly.job())) {
            if (((WorkUnit.HourUnit) unit.unit()).finalPass()) {
                // a final pass rolls its day up again when it is done (SloHourlyWork): one model's long
                // label window must not hold back the fleet's budgets
                continue;
            }
            boolean finished = unit.status() == WorkLedger.Status.DONE
                    || (unit.status() == WorkLedger.Status.FAILED && unit.attempts() >= hourly.maxAttempts());
            Hour hour = ((WorkUnit.HourUnit) unit.unit()).hour();
            boolean[] state = days.computeIfAbsent(hour.day(), d -> new boolean[] {true, false});
            state[0] &= finished;
            state[1] |= hour.hourOfDay() == 23 && finished;
        }
        List<WorkUnit.DayUnit> complete = days.entrySet().stream()
                .filter(e -> e.getValue()[0] && e.getValue()[1])
                .map(e -> new WorkUnit.DayUnit(e.getKey()))
                .toList();
        ledger.ensure(job.job(), complete);
        int rolledUp = runUnits(
                runtime,
                job,
                ledger.due(job.job(), runtime.clock().now(), job.maxAttempts()),
                unit -> {
                    Registry registry = RegistryLoader.loadValid(runtime.registry());
                    DailyRollupJob.Result result = SparkActions.get(runtime.spark())
                            .rollUpSlo(registry)
                            .warehouse(runtime.warehouse())
                            .days(List.of(((WorkUnit.DayUnit) unit).day()))
                            .execute();
                    return result.modelDays();
                },
                unit -> alertsAfter(runtime));
        OpenMetricsRefresh.after(runtime, JobName.SLO_DAILY, rolledUp);
        return rolledUp;
    }

    /**
     * The alert step after an hour or a day is written (burns and unstable hours may have changed):
     * its one-line summary becomes the run's note in {@code job_runs}. Never fails the unit.
     */
    static Optional<String> alertsAfter(SchedulerRuntime runtime) {
        return runtime.alerts()
                .map(alerts ->
                        alerts.evaluate(runtime.spark(), runtime.warehouse()).summary());
    }

    /** Records the registry in {@code registry_snapshots} whenever its version (git commit or content hash) is new. */
    static int snapshot(SchedulerRuntime runtime) {
        JobSettings job = runtime.settings().job(JobName.REGISTRY_SNAPSHOT);
        WorkLedger ledger = runtime.ledger();
        ledger.recoverAbandoned(job.job());
        Registry registry = RegistryLoader.loadValid(runtime.registry());
        String version = RegistrySnapshot.version(registry);
        WorkUnit.RegistryVersion current = new WorkUnit.RegistryVersion(version);
        ledger.ensure(job.job(), List.of(current));
        return runUnits(
                runtime,
                job,
                ledger.due(job.job(), runtime.clock().now(), job.maxAttempts()).stream()
                        .filter(current::equals)
                        .toList(),
                unit -> {
                    String json = RegistrySnapshot.toJson(registry, Optional.empty(), false, Instant.now())
                            .toString();
                    StructType schema = TableSchemas.commented(
                            SNAPSHOTS_TABLE,
                            new StructType()
                                    .add("registry_version", DataTypes.StringType, false)
                                    .add("taken_at", DataTypes.TimestampType, false)
                                    .add("models", DataTypes.IntegerType, false)
                                    .add("teams", DataTypes.IntegerType, false)
                                    .add("snapshot", DataTypes.StringType, false));
                    DeltaTables.append(
                            runtime.spark()
                                    .createDataFrame(
                                            List.of(RowFactory.create(
                                                    version,
                                                    Timestamp.from(
                                                            runtime.clock().now()),
                                                    registry.models().size(),
                                                    registry.teams().size(),
                                                    json)),
                                            schema),
                            runtime.warehouse().resolve(SNAPSHOTS_TABLE));
                    return 1;
                });
    }

    /** True while the JVM runs its shutdown hooks (Ctrl-C, SIGTERM), when Spark may already be stopping under us. */
    static boolean jvmShuttingDown() {
        Thread probe = new Thread(() -> {});
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException e) {
            return true;
        }
    }

    interface UnitTask {
        /** Does one unit and returns the rows it wrote; throws {@link UnitFailed} (or anything) when it fails. */
        long run(WorkUnit unit);
    }

    interface UnitNote {
        /** Runs after a unit succeeded; what it returns is the run's note in job_runs. Must not throw. */
        Optional<String> after(WorkUnit unit);
    }

    /** The unit's data is written whatever its note does: a note that fails says so instead. */
    private static Optional<String> noteSafely(UnitNote note, WorkUnit unit) {
        try {
            return note.after(unit);
        } catch (RuntimeException e) {
            return Optional.of("note failed: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** A unit that failed in an expected way (bad input), with the message to record. */
    static final class UnitFailed extends RuntimeException {
        UnitFailed(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Runs due units oldest first, one at a time, each recorded in the ledger and in job_runs; a
     * failed unit gets its retry time and the next unit goes ahead. On shutdown the unit in hand
     * finishes, or goes back to the queue if it was cut short.
     */
    static int runUnits(SchedulerRuntime runtime, JobSettings job, List<WorkUnit> due, UnitTask task) {
        return runUnits(runtime, job, due, task, unit -> Optional.empty());
    }

    /** As above; {@code note} runs after each unit that succeeded, and its text is kept with the run. */
    static int runUnits(SchedulerRuntime runtime, JobSettings job, List<WorkUnit> due, UnitTask task, UnitNote note) {
        if (due.isEmpty()) {
            return 0;
        }
        JobRunsTable runs = new JobRunsTable(runtime.spark(), runtime.warehouse());
        WorkLedger ledger = runtime.ledger();
        int done = 0;
        for (WorkUnit unit : due) {
            if (runtime.stopping()) {
                break;
            }
            Instant started = Instant.now();
            // Read back the one row: the ledger keeps every hour ever done, so listing them all per hour would grow
            // without end.
            int attempt = ledger.start(
                    job.job(), unit, runtime.node(), runtime.clock().now());
            String error = null;
            long rows = 0;
            Optional<String> noted = Optional.empty();
            try {
                rows = task.run(unit);
            } catch (UnitFailed e) {
                error = e.getMessage();
            } catch (Exception e) {
                // Exception, not RuntimeException: Spark's Scala code throws checked ones undeclared.
                if (runtime.stopping() || jvmShuttingDown()) {
                    ledger.release(job.job(), unit);
                    runtime.progress(
                            job.job() + ": " + unit.key() + " cut short by the shutdown; it will be redone whole");
                    break;
                }
                error = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
            if (error == null) {
                noted = noteSafely(note, unit);
            }
            Instant finished = Instant.now();
            Instant now = runtime.clock().now();
            Instant retry = job.nextAttempt(now, attempt);
            if (error == null) {
                ledger.finish(job.job(), unit, rows, now);
                done++;
            } else {
                ledger.fail(job.job(), unit, error, now, retry);
            }
            runs.append(new JobRunsTable.Run(
                    UUID.randomUUID().toString(),
                    job.job(),
                    unit,
                    error == null,
                    attempt,
                    started,
                    finished,
                    rows,
                    error,
                    runtime.node(),
                    now,
                    noted));
            runtime.progress(String.format(
                    Locale.ROOT,
                    "%s: %s %s (attempt %d, %d rows, %.1f s)%s%s",
                    job.job(),
                    unit.key(),
                    error == null ? "succeeded" : "failed",
                    attempt,
                    rows,
                    (finished.toEpochMilli() - started.toEpochMilli()) / 1000.0,
                    error == null
                            ? ""
                            : (attempt >= job.maxAttempts() ? " - giving up: " : " - retry after " + retry + ": ")
                                    + error,
                    noted.map(text -> "; " + text).orElse("")));
        }
        return done;
    }
}
