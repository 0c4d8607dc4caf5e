package io.modelfleet.cli.spark.launch;

import io.modelfleet.cli.CliContext;
import io.modelfleet.cli.options.RegistryOption;
import io.modelfleet.cli.options.WarehouseOption;
import io.modelfleet.cli.spark.SparkOptions;
import io.modelfleet.core.Location;
import io.modelfleet.core.ModelfleetException.Input;
import io.modelfleet.core.gate.GateTest;
import io.modelfleet.launch.LaunchEstimate;
import io.modelfleet.launcher.FreezePolicy;
import io.modelfleet.launcher.LaunchRecord;
import io.modelfleet.launcher.Launches;
import io.modelfleet.launcher.SimulatedFleet;
import io.modelfleet.registry.PoolFit;
import io.modelfleet.registry.Registry;
import io.modelfleet.registry.RegistryLoader;
import io.modelfleet.scheduler.Database;
import io.modelfleet.scheduler.LaunchEventsTable;
import io.modelfleet.scheduler.LaunchGatesTable;
import io.modelfleet.scheduler.PredictionLogGate;
import io.modelfleet.scheduler.SchedulerSettings;
import io.modelfleet.scheduler.SpentBudgets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Locale;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What every launch command works on: the workflow in the scheduler's database (modelfleet.yaml's
 * {@code scheduler.database}, by default an H2 file under the state folder), the registry, the
 * warehouse (slo_daily for the launch freeze, launch_events) and Spark, started only if needed.
 */
public final class LaunchPlatform implements AutoCloseable {
    /** The options every launch command shares. */
    public static final class Options {
        @Mixin
        RegistryOption registry;

        @Mixin
        WarehouseOption warehouse;

        @Mixin
        SparkOptions spark;

        @Option(
                names = "--logs",
                paramLabel = "DIR",
                description = "Prediction logs the quality gate reads (default: from modelfleet.yaml).")
        String logs;

        public Path registry(CliContext context) {
            return registry.resolve(context);
        }

        public Location warehouse(CliContext context) {
            return warehouse.resolve(context);
        }

        public SparkSession spark(CliContext context) {
            return spark.start(context);
        }

        Location logs(CliContext context) {
            return logs != null
                    ? context.location(logs, Input.LOGS)
                    : context.config().logs();
        }
    }

    private final Database database;
    private final Location warehouse;
    private final Supplier<SparkSession> spark;
    private final Launches launches;
    private final Duration attributionWindow;

    public LaunchPlatform(
            SchedulerSettings settings,
            Supplier<Registry> registry,
            Location warehouse,
            Location logs,
            Supplier<SparkSession> spark,
            InstantSource clock) {
        this.database = new Database(settings.database(), settings.user(), settings.password());
        this.warehouse = warehouse;
        this.spark = spark;
        this.attributionWindow = settings.launches().attributionWindow();
        Launches.createTables(database);
        this.launches = new Launches(
                        database,
                        registry,
                        new SimulatedFleet(settings.launches().fleet()),
                        new SpentBudgets(spark, warehouse),
                        clock,
                        settings.launches())
                .gatedBy(
                        new PredictionLogGate(spark, logs, settings.launches().attributionWindow()),
                        GateTest.Policy.SEQUENTIAL);
    }

    /** The workflow over a registry already loaded (and validated) by the command. */
    public static LaunchPlatform open(CliContext context, Options options, Registry registry) {
        SparkSession[] session = new SparkSession[1];
        return new LaunchPlatform(
                SchedulerSettings.from(
                        context.config().scheduler(), context.config().state()),
                () -> registry,
                options.warehouse.resolve(context),
                options.logs(context),
                () -> {
                    if (session[0] == null) {
                        session[0] = options.spark.start(context);
                    }
                    return session[0];
                },
                InstantSource.system());
    }

    static LaunchPlatform open(CliContext context, Options options) {
        Path registryRoot = options.registry.resolve(context);
        Registry[] loaded = new Registry[1];
        SparkSession[] session = new SparkSession[1];
        return new LaunchPlatform(
                SchedulerSettings.from(
                        context.config().scheduler(), context.config().state()),
                () -> {
                    if (loaded[0] == null) {
                        loaded[0] = RegistryLoader.loadValidParts(registryRoot, warning -> {
                            context.err().println("warning: " + warning);
                            context.err().flush();
                        });
                    }
                    return loaded[0];
                },
                options.warehouse.resolve(context),
                options.logs(context),
                () -> {
                    if (session[0] == null) {
                        session[0] = options.spark.start(context);
                    }
                    return session[0];
                },
                InstantSource.system());
    }

    public Launches launches() {
        return launches;
    }

    /** How long labels take to arrive, as modelfleet.yaml says: the gate's first look waits for it. */
    public Duration attributionWindow() {
        return attributionWindow;
    }

    /** The command's one SparkSession, started on first use. */
    public SparkSession spark() {
        return spark.get();
    }

    /** Copies the events not yet in launch_events there; returns how many. Starts Spark only if there are some. */
    public int publish() {
        launches.publishGates(looks -> LaunchGatesTable.publish(spark.get(), warehouse, looks));
        return launches.publish(events -> LaunchEventsTable.publish(spark.get(), warehouse, events));
    }

    /**
     * Publishes the launch events waiting in the scheduler's database, if there is one, so that a
     * query of launch_events sees every step made so far (a person's approval waits there until the
     * next controller tick publishes it).
     */
    public static int publishPending(CliContext context, SparkSession spark, Location warehouse) {
        SchedulerSettings settings = SchedulerSettings.from(
                context.config().scheduler(), context.config().state());
        if (!settings.databaseExists()) {
            return 0;
        }
        Database database = new Database(settings.database(), settings.user(), settings.password());
        try {
            Launches.createTables(database);
            Launches launches = new Launches(
                    database,
                    () -> {
                        throw new IllegalStateException("publishing reads no registry");
                    },
                    new SimulatedFleet(settings.launches().fleet()),
                    FreezePolicy.NONE,
                    InstantSource.system(),
                    settings.launches());
            launches.publishGates(looks -> LaunchGatesTable.publish(spark, warehouse, looks));
            return launches.publish(events -> LaunchEventsTable.publish(spark, warehouse, events));
        } finally {
            database.shutdown();
        }
    }

    /** The estimate as the workflow keeps it: its verdict, and the replicas it sized for the model's stage. */
    public static LaunchRecord.Estimate estimate(LaunchEstimate estimate, String evidence) {
        long replicas = estimate.stages().stream()
                .filter(s -> s.stage().equals(estimate.stage()))
                .mapToLong(s -> s.candidate().plan().replicas())
                .findFirst()
                .orElseThrow(() ->
                        new IllegalStateException("the estimate has no plan for its own stage " + estimate.stage()));
        PoolFit pool = estimate.pool();
        return new LaunchRecord.Estimate(
                estimate.estimateId(),
                pool.verdict().name(),
                replicas,
                String.format(
                        Locale.ROOT,
                        "%s: %+.0f cpu, %+.0f GiB, %+d GPUs against %.0f cpu, %.0f GiB, %d GPUs free in %s",
                        pool.reason(),
                        pool.cpuIncrease(),
                        pool.memoryGbIncrease(),
                        pool.gpuIncrease(),
                        pool.cpuFree(),
                        pool.memoryGbFree(),
                        pool.gpusFree(),
                        pool.pool()),
                evidence);
    }

    @Override
    public void close() {
        database.shutdown();
    }
}
