package io.modelfleet.launcher;

import static java.util.Objects.requireNonNull;

import io.modelfleet.sim.queue.QueueSimulation;
import io.modelfleet.sim.queue.QueueStats;
import io.modelfleet.sim.queue.ServiceTimes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.ToDoubleFunction;

/**
 * A serving fleet simulated in the launch database ({@code MF_FLEET}): replicas of a new deployment
 * come up one after another at a set rate; each start fails with a set probability and is replaced
 * after a delay, up to a number of tries, after which that replica is given up. Whether replica
 * {@code i}'s try {@code k} fails is a hash of the deployment's seed, {@code i} and {@code k}, so
 * readiness is a pure function of the clock: the same on every node, after every restart, on a quiet
 * or a loaded machine.
 */
public final class SimulatedFleet implements ServingFleet {
    /**
     * How the simulated fleet behaves.
     *
     * @param replicasPerMinute how fast replicas start, one after another
     * @param failureRate the chance that one start fails
     * @param replaceAfter how long a failed start takes to be noticed and replaced
     * @param maxTries starts per replica before it is given up
     * @param readyDeadline how long a deployment has to become ready
     */
    public record Settings(
            double replicasPerMinute, double failureRate, Duration replaceAfter, int maxTries, Duration readyDeadline) {
        public static final Settings DEFAULTS =
                new Settings(20, 0.05, Duration.ofMinutes(2), 3, Duration.ofMinutes(30));

        public Settings {
            if (!(replicasPerMinute > 0) || !(failureRate >= 0 && failureRate <= 1) || maxTries < 1) {
                throw new IllegalArgumentException(
                        "Cannot create fleet settings: rate must be > 0, failure rate in [0, 1]," + " tries >= 1; got "
                                + replicasPerMinute + ", " + failureRate + ", " + maxTries);
            }
            requireNonNull(replaceAfter, "replaceAfter is null");
            requireNonNull(readyDeadline, "readyDeadline is null");
        }
    }

    /** Requests the served p99 is simulated over: its 99th percentile rests on 190 of them. */
    static final int LATENCY_REQUESTS = 20_000;

    private final Settings settings;
    private final ToDoubleFunction<LaunchRecord> slowness;

    public SimulatedFleet(Settings settings) {
        this(settings, launch -> 1.0);
    }

    /**
     * @param slowness how many times slower than its estimate each launch's candidate serves (1: as
     *     estimated; {@code latency-worse:1.5} candidates of the demo and the backtest: 1.5)
     */
    public SimulatedFleet(Settings settings, ToDoubleFunction<LaunchRecord> slowness) {
        this.settings = requireNonNull(settings, "settings is null");
        this.slowness = requireNonNull(slowness, "slowness is null");
    }

    /**
     * Simulates the candidate's replicas serving its share of the stage's peak rate (discrete-event,
     * first come first served, lognormal service times with the estimate's mean and spread), seeded
     * by the launch and share, so the same step gets the same answer on any machine.
     */
    @Override
    public OptionalDouble servedP99Ms(Connection tx, LaunchRecord launch, LatencyGate.Profile profile, double percent) {
        double arrivalRate = profile.peakRps() * percent / 100;
        double meanSeconds = profile.serviceMeanMs() * slowness.applyAsDouble(launch) / 1000;
        if (!(arrivalRate > 0)) {
            return OptionalDouble.empty();
        }
        if (arrivalRate * meanSeconds >= profile.servers()) {
            // More work arrives than the replicas can do: the queue grows without bound.
            return OptionalDouble.of(Double.POSITIVE_INFINITY);
        }
        QueueStats stats = QueueSimulation.run(
                arrivalRate,
                ServiceTimes.lognormal(meanSeconds, profile.serviceCv()),
                profile.servers(),
                LATENCY_REQUESTS,
                (launch.id() + "@" + percent).hashCode());
        return OptionalDouble.of(stats.p99SojournMs());
    }

    static void createTable(Connection connection) throws SQLException {
        if (!LaunchStore.tableExists(connection, "MF_FLEET")) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE MF_FLEET (MODEL VARCHAR(200) NOT NULL, VERSION VARCHAR(64) NOT NULL,"
                        + " STATUS VARCHAR(16) NOT NULL, REPLICAS BIGINT NOT NULL, STARTED TIMESTAMP NOT NULL,"
                        + " PERCENT DOUBLE PRECISION NOT NULL, SEED BIGINT NOT NULL, PRIMARY KEY (MODEL, VERSION))");
            }
        }
    }

    @Override
    public void deploy(Connection tx, String model, String version, long replicas, Instant now) throws SQLException {
        try (PreparedStatement delete = tx.prepareStatement("DELETE FROM MF_FLEET WHERE MODEL = ? AND VERSION = ?");
                PreparedStatement insert = tx.prepareStatement(
                        "INSERT INTO MF_FLEET (MODEL, VERSION, STATUS, REPLICAS, STARTED, PERCENT, SEED) VALUES (?, ?, 'DEPLOYING', ?, ?, 0, ?)")) {
            delete.setString(1, model);
            delete.setString(2, version);
            delete.executeUpdate();
            insert.setString(1, model);
            insert.setString(2, version);
            insert.setLong(3, replicas);
            LaunchStore.setTime(insert, 4, now);
            insert.setLong(5, (model + "@" + version).hashCode());
            insert.executeUpdate();
        }
    }

    @Override
    public void adopt(Connection tx, String model, String version, long replicas) throws SQLException {
        try (PreparedStatement insert =
                tx.prepareStatement("INSERT INTO MF_FLEET (MODEL, VERSION, STATUS, REPLICAS, STARTED, PERCENT, SEED)"
                        + " SELECT ?, ?, 'SERVING', ?, ?, 100, 0 FROM (VALUES (1)) AS ONE (X)"
                        + " WHERE NOT EXISTS (SELECT 1 FROM MF_FLEET WHERE MODEL = ? AND VERSION = ?)")) {
            insert.setString(1, model);
            insert.setString(2, version);
            insert.setLong(3, replicas);
            LaunchStore.setTime(insert, 4, Instant.EPOCH);
            insert.setString(5, model);
            insert.setString(6, version);
            insert.executeUpdate();
        }
    }

    @Override
    public Readiness readiness(Connection tx, String model, String version, Instant now) throws SQLException {
        Row row = row(tx, model, version);
        if (row == null) {
            // Never deployed by a launch: production as the registry has it, serving.
            return new Readiness(0, 0, 0, now);
        }
        return readiness(row, now);
    }

    private Readiness readiness(Row row, Instant now) {
        long ready = 0;
        long failed = 0;
        double minutes = Duration.between(row.started, now).toMillis() / 60_000.0;
        double replaceMinutes = settings.replaceAfter().toMillis() / 60_000.0;
        for (long i = 0; i < row.replicas; i++) {
            double firstUp = (i + 1) / settings.replicasPerMinute();
            int tries = 0;
            while (tries < settings.maxTries() && fails(row.seed, i, tries)) {
                tries++;
            }
            // Tries before this instant that had failed by now.
            failed += Math.min(tries, Math.max(0, (long) Math.floor((minutes - firstUp) / replaceMinutes) + 1));
            if (tries < settings.maxTries() && minutes >= firstUp + tries * replaceMinutes) {
                ready++;
            }
        }
        return new Readiness(row.replicas, ready, failed, row.started.plus(settings.readyDeadline()));
    }

    private boolean fails(long seed, long replica, int attempt) {
        if (settings.failureRate() <= 0) {
            return false;
        }
        long h = seed * 0x9E3779B97F4A7C15L + replica * 0xC2B2AE3D27D4EB4FL + attempt * 0x165667B19E3779F9L;
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        h ^= h >>> 33;
        return (h >>> 11) * 0x1.0p-53 < settings.failureRate();
    }

    @Override
    public void setWeights(Connection tx, String model, Map<String, Double> percentByVersion) throws SQLException {
        try (PreparedStatement update = tx.prepareStatement(
                        "UPDATE MF_FLEET SET PERCENT = ?, STATUS = CASE WHEN ? > 0 THEN 'SERVING' ELSE STATUS END"
                                + " WHERE MODEL = ? AND VERSION = ?");
                PreparedStatement insert = tx.prepareStatement(
                        "INSERT INTO MF_FLEET (MODEL, VERSION, STATUS, REPLICAS, STARTED, PERCENT, SEED)"
                                + " VALUES (?, ?, 'SERVING', 0, ?, ?, 0)")) {
            for (Map.Entry<String, Double> weight : percentByVersion.entrySet()) {
                update.setDouble(1, weight.getValue());
                update.setDouble(2, weight.getValue());
                update.setString(3, model);
                update.setString(4, weight.getKey());
                if (update.executeUpdate() == 0) {
                    // Production as the registry has it: the fleet learns of it when its share first moves.
                    insert.setString(1, model);
                    insert.setString(2, weight.getKey());
                    LaunchStore.setTime(insert, 3, Instant.EPOCH);
                    insert.setDouble(4, weight.getValue());
                    insert.executeUpdate();
                }
            }
        }
    }

    @Override
    public void scaleDown(Connection tx, String model, String version, Instant now) throws SQLException {
        try (PreparedStatement update = tx.prepareStatement(
                "UPDATE MF_FLEET SET STATUS = 'SCALED_DOWN', PERCENT = 0, REPLICAS = 0 WHERE MODEL = ? AND VERSION = ?")) {
            update.setString(1, model);
            update.setString(2, version);
            update.executeUpdate();
        }
    }

    @Override
    public List<Deployment> deployments(Connection tx, String model, Instant now) throws SQLException {
        List<Deployment> out = new ArrayList<>();
        try (PreparedStatement select = tx.prepareStatement(
                "SELECT VERSION, STATUS, REPLICAS, STARTED, PERCENT, SEED FROM MF_FLEET WHERE MODEL = ? ORDER BY VERSION")) {
            select.setString(1, model);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    Row row = new Row(rows.getLong(3), LaunchStore.time(rows, 4), rows.getLong(6));
                    String status = rows.getString(2);
                    long ready =
                            status.equals("DEPLOYING") ? readiness(row, now).ready() : row.replicas;
                    out.add(new Deployment(model, rows.getString(1), status, row.replicas, ready, rows.getDouble(5)));
                }
            }
        }
        return out;
    }

    /**
     * Forgets what the fleet serves for {@code model}: the backtest's stand-in for committing a
     * finished launch's registry change, so the model's next simulated launch starts from the
     * registry's version again.
     */
    static void forget(Connection tx, String model) throws SQLException {
        try (PreparedStatement delete = tx.prepareStatement("DELETE FROM MF_FLEET WHERE MODEL = ?")) {
            delete.setString(1, model);
            delete.executeUpdate();
        }
    }

    private static Row row(Connection tx, String model, String version) throws SQLException {
        try (PreparedStatement select =
                tx.prepareStatement("SELECT REPLICAS, STARTED, SEED FROM MF_FLEET WHERE MODEL = ? AND VERSION = ?")) {
            select.setString(1, model);
            select.setString(2, version);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? new Row(rows.getLong(1), LaunchStore.time(rows, 2), rows.getLong(3)) : null;
            }
        }
    }

    private record Row(long replicas, Instant started, long seed) {}
}
