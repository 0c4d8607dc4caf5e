package io.modelfleet.scheduler;

import io.modelfleet.jobs.Hour;
import io.modelfleet.jobs.slo.DailyRollupJob;
import io.modelfleet.registry.Registry;
import io.modelfleet.registry.RegistryLoader;
import io.modelfleet.registry.RegistrySnapshot;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** The other two jobs: daily rollups of complete days, and a registry snapshot per registry version. */
final class UnitWork {
    public static final String SNAPSHOTS_TABLE = "registry_snapshots";

    private UnitWork() {}

    /** Rolls up every day whose 24 hours slo-hourly has finished (done, or failed for good), once. */
    static int daily(SchedulerRuntime runtime) {
        JobSettings job = runtime.settings().job(SchedulerSettings.SLO_DAILY);
        JobSettings hourly = runtime.settings().job(SchedulerSettings.SLO_HOURLY);
        WorkLedger ledger = runtime.ledger();
        ledger.recoverAbandoned(job.name());
        Map<LocalDate, Integer> finishedHours = new TreeMap<>();
        for (WorkLedger.Unit unit : ledger.units(hourly.name())) {
            boolean finished = unit.status() == WorkLedger.Status.DONE
                    || unit.status() == WorkLedger.Status.FAILED && unit.attempts() >= hourly.maxAttempts();
            if (finished) {
                finishedHours.merge(Hour.parse(unit.unit()).start().atOffset(ZoneOffset.UTC).toLocalDate(), 1, Integer::sum);
            }
        }
        List<String> complete = finishedHours.entrySet().stream().filter(e -> e.getValue() == 24).map(e -> e.getKey().toString()).toList();
        ledger.ensure(job.name(), complete);
        return runUnits(runtime, job, ledger.due(job.name(), runtime.clock().now(), job.maxAttempts()), day -> {
            Registry registry = RegistryLoader.loadValid(runtime.registry());
            DailyRollupJob.Result result = new DailyRollupJob(runtime.spark(), registry, runtime.warehouse()).run(List.of(LocalDate.parse(day)));
            return result.modelDays();
        });
    }

    /** Records the registry in {@code registry_snapshots} whenever its version (git commit or content hash) is new. */
    static int snapshot(SchedulerRuntime runtime) {
        JobSettings job = runtime.settings().job(SchedulerSettings.REGISTRY_SNAPSHOT);
        WorkLedger ledger = runtime.ledger();
        ledger.recoverAbandoned(job.name());
        Registry registry = RegistryLoader.loadValid(runtime.registry());
        String version = RegistrySnapshot.version(registry);
        ledger.ensure(job.name(), List.of(version));
        return runUnits(runtime, job, ledger.due(job.name(), runtime.clock().now(), job.maxAttempts()).stream()
                .filter(version::equals).toList(), unit -> {
                    String json = RegistrySnapshot.toJson(registry, java.util.Optional.empty(), false, Instant.now()).toString();
                    StructType schema = new StructType()
                            .add("registry_version", DataTypes.StringType, false)
                            .add("taken_at", DataTypes.TimestampType, false)
                            .add("models", DataTypes.IntegerType, false)
                            .add("teams", DataTypes.IntegerType, false)
                            .add("snapshot", DataTypes.StringType, false);
                    runtime.spark().createDataFrame(List.of(RowFactory.create(version, Timestamp.from(runtime.clock().now()),
                            registry.models().size(), registry.teams().size(), json)), schema)
                            .write().format("delta").mode(SaveMode.Append).save(runtime.warehouse().resolve(SNAPSHOTS_TABLE).toString());
                    return 1;
                });
    }

    interface UnitTask {
        long run(String unit);
    }

    private static int runUnits(SchedulerRuntime runtime, JobSettings job, List<String> due, UnitTask task) {
        JobRunsTable runs = new JobRunsTable(runtime.spark(), runtime.warehouse());
        WorkLedger ledger = runtime.ledger();
        int done = 0;
        for (String unit : due) {
            if (runtime.stopping()) {
                break;
            }
            Instant started = Instant.now();
            ledger.start(job.name(), unit, runtime.node(), runtime.clock().now());
            int attempt = ledger.units(job.name()).stream().filter(u -> u.unit().equals(unit)).findFirst().orElseThrow().attempts();
            String error = null;
            long rows = 0;
            try {
                rows = task.run(unit);
            } catch (RuntimeException e) {
                if (runtime.stopping()) {
                    ledger.release(job.name(), unit);
                    break;
                }
                error = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
            Instant now = runtime.clock().now();
            if (error == null) {
                ledger.finish(job.name(), unit, rows, now);
                done++;
            } else {
                ledger.fail(job.name(), unit, error, now, job.nextAttempt(now, attempt));
            }
            boolean isDay = unit.length() == 10 && unit.charAt(4) == '-';
            runs.append(new JobRunsTable.Run(UUID.randomUUID().toString(), job.name(), unit, null, isDay ? LocalDate.parse(unit) : null,
                    error == null ? "SUCCEEDED" : "FAILED", attempt, started, Instant.now(), rows, error, runtime.node(), now));
            runtime.progress(String.format(Locale.ROOT, "%s: %s %s (attempt %d, %d rows)%s", job.name(), unit,
                    error == null ? "succeeded" : "failed", attempt, rows, error == null ? "" : ": " + error));
        }
        return done;
    }
}
