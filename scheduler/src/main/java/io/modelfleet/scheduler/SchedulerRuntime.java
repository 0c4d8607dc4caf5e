package io.modelfleet.scheduler;

import static java.util.Objects.requireNonNull;

import io.modelfleet.alerts.AlertSettings;
import io.modelfleet.core.Hour;
import io.modelfleet.core.Location;
import io.modelfleet.core.gate.GateTest;
import io.modelfleet.core.slo.CorrelatedIncidents;
import io.modelfleet.jobs.StorageFiles;
import io.modelfleet.launcher.Launches;
import io.modelfleet.launcher.SimulatedFleet;
import io.modelfleet.registry.RegistryLoader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;

/**
 * What the jobs of one scheduler node share: one SparkSession for all runs (started on first use),
 * the folders, the clock, the ledger and where progress lines go.
 */
public final class SchedulerRuntime {
    private final Supplier<SparkSession> sparkFactory;
    private SparkSession spark;
    private final Path registry;
    private final Location logs;
    private final Location warehouse;
    private final Clock clock;
    private final SchedulerSettings settings;
    private final WorkLedger ledger;
    private final String node;
    private final Consumer<String> progress;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final Optional<AlertSettings> alertSettings;
    private final CorrelatedIncidents.Settings incidents;
    private Launches launches;
    private SloAlerts alerts;

    /** A runtime that sends no alerts (modelfleet.yaml without 'alerts:'). */
    public SchedulerRuntime(
            Supplier<SparkSession> sparkFactory,
            Path registry,
            Location logs,
            Location warehouse,
            Clock clock,
            SchedulerSettings settings,
            WorkLedger ledger,
            String node,
            Consumer<String> progress) {
        this(
                sparkFactory,
                registry,
                logs,
                warehouse,
                clock,
                settings,
                ledger,
                node,
                progress,
                Optional.empty(),
                CorrelatedIncidents.Settings.DEFAULT);
    }

    /**
     * @param alertSettings where the SLO jobs send their alerts; empty: they send none
     * @param incidents when the hourly job groups breaches into one incident
     */
    public SchedulerRuntime(
            Supplier<SparkSession> sparkFactory,
            Path registry,
            Location logs,
            Location warehouse,
            Clock clock,
            SchedulerSettings settings,
            WorkLedger ledger,
            String node,
            Consumer<String> progress,
            Optional<AlertSettings> alertSettings,
            CorrelatedIncidents.Settings incidents) {
        this.sparkFactory = requireNonNull(sparkFactory, "sparkFactory is null");
        this.registry = requireNonNull(registry, "registry is null");
        this.logs = requireNonNull(logs, "logs is null");
        this.warehouse = requireNonNull(warehouse, "warehouse is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.ledger = requireNonNull(ledger, "ledger is null");
        this.node = requireNonNull(node, "node is null");
        this.progress = requireNonNull(progress, "progress is null");
        this.alertSettings = requireNonNull(alertSettings, "alertSettings is null");
        this.incidents = requireNonNull(incidents, "incidents is null");
    }

    public synchronized SparkSession spark() {
        if (spark == null) {
            spark = sparkFactory.get();
        }
        return spark;
    }

    public Path registry() {
        return registry;
    }

    public Location logs() {
        return logs;
    }

    public Location warehouse() {
        return warehouse;
    }

    /** When the hourly job groups breaches that share a surface, stage or team into one incident. */
    public CorrelatedIncidents.Settings incidents() {
        return incidents;
    }

    public Clock clock() {
        return clock;
    }

    public SchedulerSettings settings() {
        return settings;
    }

    public WorkLedger ledger() {
        return ledger;
    }

    /** The launch workflow on this node's database, registry, warehouse and clock. */
    public synchronized Launches launches() {
        if (launches == null) {
            launches = new Launches(
                            ledger.database(),
                            () -> RegistryLoader.loadValidParts(
                                    registry, warning -> progress("launch-controller: " + warning)),
                            new SimulatedFleet(settings.launches().fleet()),
                            new SpentBudgets(this::spark, warehouse),
                            () -> clock.now(),
                            settings.launches())
                    .gatedBy(
                            new PredictionLogGate(
                                    this::spark, logs, settings.launches().attributionWindow()),
                            GateTest.Policy.SEQUENTIAL);
        }
        return launches;
    }

    /** The SLO jobs' alert step, on this node's database; empty when alerts are not configured. */
    public synchronized Optional<SloAlerts> alerts() {
        if (alerts == null && alertSettings.isPresent()) {
            alerts = new SloAlerts(alertSettings.get(), ledger.database());
        }
        return Optional.ofNullable(alerts);
    }

    public String node() {
        return node;
    }

    public void progress(String line) {
        progress.accept(line);
    }

    /** Set when the node shuts down: jobs finish the unit in hand and take no other. */
    public boolean stopping() {
        return stopping.get();
    }

    void stop() {
        stopping.set(true);
    }

    /** The first hour with a folder of logs; empty when there is none or the logs cannot be listed. */
    Optional<Hour> firstLogHour() {
        try {
            for (StorageFiles.Entry day : StorageFiles.list(logs)) {
                if (!day.folder() || !day.name().startsWith("ds=")) {
                    continue;
                }
                Optional<String> first = StorageFiles.list(logs.resolve(day.name())).stream()
                        .filter(hour -> hour.folder() && hour.name().startsWith("hr="))
                        .map(StorageFiles.Entry::name)
                        .findFirst();
                if (first.isPresent()) {
                    return Optional.of(Hour.parse(
                            day.name().substring(3) + "T" + first.get().substring(3)));
                }
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
