package io.modelfleet.jobs.spark;

import static java.util.Objects.requireNonNull;

import io.modelfleet.core.Hour;
import io.modelfleet.core.Location;
import io.modelfleet.core.ModelfleetErrors;
import io.modelfleet.core.slo.CorrelatedIncidents;
import io.modelfleet.core.slo.LatestSlo;
import io.modelfleet.core.slo.SloOpenMetrics;
import io.modelfleet.jobs.StorageFiles;
import io.modelfleet.jobs.actions.ComputeSlo;
import io.modelfleet.jobs.actions.ExportSlo;
import io.modelfleet.jobs.actions.RollUpSlo;
import io.modelfleet.jobs.slo.DailyRollupJob;
import io.modelfleet.jobs.slo.HourlySloJob;
import io.modelfleet.jobs.slo.SloExportJob;
import io.modelfleet.registry.Registry;
import io.modelfleet.registry.RegistrySnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;

/** The SLO actions on a Spark session: each runs under a named job group, so the Spark UI and logs say which action ran. */
public final class SparkActions {
    private final Supplier<SparkSession> sessions;
    private SparkSession spark;

    private SparkActions(Supplier<SparkSession> sessions) {
        this.sessions = requireNonNull(sessions, "sessions is null");
    }

    public static SparkActions get(SparkSession spark) {
        requireNonNull(spark, "spark is null");
        return new SparkActions(() -> spark);
    }

    /**
     * Actions whose session starts only when the first one executes, so that options are checked
     * (and bad ones refused) before Spark spends seconds starting.
     */
    public static SparkActions lazy(Supplier<SparkSession> sessions) {
        return new SparkActions(sessions);
    }

    private SparkSession spark() {
        if (spark == null) {
            spark = sessions.get();
        }
        return spark;
    }

    public ComputeSlo computeSlo(Registry registry) {
        return new ComputeSloAction(registry);
    }

    public RollUpSlo rollUpSlo(Registry registry) {
        return new RollUpSloAction(registry);
    }

    public ExportSlo exportSlo() {
        return new ExportSloAction();
    }

    /** Runs {@code body} under the job group {@code modelfleet-<name>}, restoring the session's group afterwards. */
    static <R> R inJobGroup(SparkSession spark, String name, String description, Supplier<R> body) {
        spark.sparkContext().setJobGroup("modelfleet-" + name, description, false);
        try {
            return body.get();
        } finally {
            spark.sparkContext().clearJobGroup();
        }
    }

    private void requireFolder(Location logs) {
        spark();
        try {
            if (!StorageFiles.isFolder(logs)) {
                throw ModelfleetErrors.logsMissing(logs);
            }
        } catch (IOException e) {
            throw ModelfleetErrors.logsUnreadable(logs, e);
        }
    }

    private static <T> T required(T value, String option) {
        if (value == null) {
            throw new IllegalStateException("action option '" + option + "' was not set");
        }
        return value;
    }

    private final class ComputeSloAction implements ComputeSlo {
        private final Registry registry;
        private List<Hour> hours;
        private Location logs;
        private Location warehouse;
        private boolean rollUp = true;
        private boolean allowDataLoss;
        private CorrelatedIncidents.Settings incidents = CorrelatedIncidents.Settings.DEFAULT;
        private Consumer<String> progress = line -> {};
        private Optional<Instant> labelsAsOf = Optional.empty();

        ComputeSloAction(Registry registry) {
            this.registry = requireNonNull(registry, "registry is null");
        }

        @Override
        public ComputeSlo hours(List<Hour> hours) {
            if (hours.isEmpty()) {
                throw ModelfleetErrors.noHours("run SLOs");
            }
            this.hours = List.copyOf(hours);
            return this;
        }

        @Override
        public ComputeSlo logs(Location logs) {
            // A local folder is checked before Spark starts; one on another file system once it has.
            if (logs.isLocal() && !Files.isDirectory(logs.localPath().orElseThrow())) {
                throw ModelfleetErrors.logsMissing(logs);
            }
            this.logs = logs;
            return this;
        }

        @Override
        public ComputeSlo warehouse(Location warehouse) {
            this.warehouse = requireNonNull(warehouse, "warehouse is null");
            return this;
        }

        @Override
        public ComputeSlo progress(Consumer<String> progress) {
            this.progress = requireNonNull(progress, "progress is null");
            return this;
        }

        @Override
        public ComputeSlo rollUp(boolean rollUp) {
            this.rollUp = rollUp;
            return this;
        }

        @Override
        public ComputeSlo allowDataLoss(boolean allowDataLoss) {
            this.allowDataLoss = allowDataLoss;
            return this;
        }

        @Override
        public ComputeSlo incidents(CorrelatedIncidents.Settings settings) {
            this.incidents = requireNonNull(settings, "settings is null");
            return this;
        }

        @Override
        public ComputeSlo labelsAsOf(Instant asOf) {
            this.labelsAsOf = Optional.of(requireNonNull(asOf, "asOf is null"));
            return this;
        }

        @Override
        public Result execute() {
            List<Hour> requested = required(hours, "hours");
            Location logsDir = required(logs, "logs");
            Location tables = required(warehouse, "warehouse");
            if (!logsDir.isLocal()) {
                requireFolder(logsDir);
            }
            return inJobGroup(
                    spark(),
                    "compute-slo",
                    "SLO " + requested.get(0) + ".." + requested.get(requested.size() - 1),
                    () -> {
                        HourlySloJob job = new HourlySloJob(
                                        spark(),
                                        registry,
                                        RegistrySnapshot.version(registry),
                                        logsDir.toString(),
                                        tables)
                                .progress(progress)
                                .allowDataLoss(allowDataLoss)
                                .incidents(incidents);
                        labelsAsOf.ifPresent(job::labelsAsOf);
                        HourlySloJob.Result hourly = job.run(requested);
                        List<LocalDate> days = Result.daysOf(hourly.computed());
                        Optional<DailyRollupJob.Result> daily = rollUp && !days.isEmpty()
                                ? Optional.of(new DailyRollupJob(spark(), registry, tables).run(days))
                                : Optional.empty();
                        return new Result(hourly, daily);
                    });
        }
    }

    private final class RollUpSloAction implements RollUpSlo {
        private final Registry registry;
        private List<LocalDate> days;
        private Location warehouse;

        RollUpSloAction(Registry registry) {
            this.registry = requireNonNull(registry, "registry is null");
        }

        @Override
        public RollUpSlo days(List<LocalDate> days) {
            this.days = List.copyOf(days);
            return this;
        }

        @Override
        public RollUpSlo warehouse(Location warehouse) {
            this.warehouse = requireNonNull(warehouse, "warehouse is null");
            return this;
        }

        @Override
        public DailyRollupJob.Result execute() {
            List<LocalDate> requested = required(days, "days");
            Location tables = required(warehouse, "warehouse");
            return inJobGroup(
                    spark(),
                    "roll-up-slo",
                    "SLO rollup " + requested,
                    () -> new DailyRollupJob(spark(), registry, tables).run(requested));
        }
    }

    private final class ExportSloAction implements ExportSlo {
        private Location warehouse;
        private Path out;

        @Override
        public ExportSlo warehouse(Location warehouse) {
            this.warehouse = requireNonNull(warehouse, "warehouse is null");
            return this;
        }

        @Override
        public ExportSlo out(Path file) {
            if (Files.isDirectory(file)) {
                throw ModelfleetErrors.outputIsAFolder(file, "modelfleet.prom");
            }
            this.out = file;
            return this;
        }

        @Override
        public Result execute() {
            Location tables = required(warehouse, "warehouse");
            // A local warehouse is checked before Spark starts (a mistyped one is refused in a
            // moment); one on another file system needs the session's settings to be looked at.
            if (!tables.isLocal()) {
                spark();
            }
            if (!SloExportJob.hasResults(tables)) {
                throw ModelfleetErrors.sloResultsMissing(tables);
            }
            return inJobGroup(spark(), "export-slo", "SLO export of " + tables, () -> {
                List<LatestSlo> models = new SloExportJob(spark(), tables).read();
                String text = SloOpenMetrics.render(models);
                Optional<Path> file = Optional.ofNullable(out);
                file.ifPresent(f -> SloExportJob.write(f, text));
                return new Result(models, text, file);
            });
        }
    }
}
