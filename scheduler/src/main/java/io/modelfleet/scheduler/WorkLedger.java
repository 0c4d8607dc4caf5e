package io.modelfleet.scheduler;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * What each job has to do and has done, one row per unit of work (an hour, a day, a registry
 * version), in the scheduler's database so that every node sees it. A job never runs on two nodes
 * at once (Quartz holds that across the cluster), so a unit left RUNNING when the job starts again
 * was abandoned by a stopped node and is redone whole.
 */
public final class WorkLedger {
    public enum Status {
        PENDING,
        RUNNING,
        DONE,
        FAILED
    }

    /** One unit's state. {@code nextAttempt} is when a failed unit may be tried again. */
    public record Unit(
            JobName job,
            WorkUnit unit,
            Status status,
            int attempts,
            Optional<Instant> nextAttempt,
            Optional<Instant> started,
            Optional<Instant> finished,
            long rowsWritten,
            Optional<String> error,
            Optional<String> node) {}

    private final Database database;

    public WorkLedger(Database database) {
        this.database = database;
    }

    /** The database the ledger (and the launch workflow) lives in. */
    Database database() {
        return database;
    }

    /** Creates the table once (with other nodes doing the same: see {@link Database#createTables}). */
    void createTable() {
        database.createTables(connection -> {
            if (!Database.tableExists(connection, "MF_WORK")) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute(
                            "CREATE TABLE MF_WORK (JOB VARCHAR(64) NOT NULL, UNIT VARCHAR(200) NOT NULL, STATUS VARCHAR(16) NOT NULL,"
                                    + " ATTEMPTS INT NOT NULL, NEXT_ATTEMPT TIMESTAMP, STARTED TIMESTAMP, FINISHED TIMESTAMP,"
                                    + " ROWS_WRITTEN BIGINT NOT NULL, ERROR VARCHAR(4000), NODE VARCHAR(200), PRIMARY KEY (JOB, UNIT))");
                }
            }
        });
    }

    /** Adds the units not yet known as PENDING; known ones keep their state. */
    public void ensure(JobName job, Collection<? extends WorkUnit> units) {
        update(connection -> {
            try (PreparedStatement insert =
                    connection.prepareStatement("INSERT INTO MF_WORK (JOB, UNIT, STATUS, ATTEMPTS, ROWS_WRITTEN)"
                            + " SELECT ?, ?, 'PENDING', 0, 0 FROM (VALUES (1)) AS ONE (X)"
                            + " WHERE NOT EXISTS (SELECT 1 FROM MF_WORK WHERE JOB = ? AND UNIT = ?)")) {
                for (WorkUnit unit : units) {
                    insert.setString(1, job.id());
                    insert.setString(2, unit.key());
                    insert.setString(3, job.id());
                    insert.setString(4, unit.key());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            return null;
        });
    }

    /**
     * Queues a unit to be done once {@code notBefore} has passed: added if unknown, otherwise put
     * back to PENDING at that time unless it is running (a backfill recomputing an hour schedules
     * its final pass again).
     */
    public void schedule(JobName job, WorkUnit unit, Instant notBefore) {
        ensure(job, List.of(unit));
        change(
                "UPDATE MF_WORK SET STATUS = 'PENDING', ATTEMPTS = 0, NEXT_ATTEMPT = ?, ERROR = NULL"
                        + " WHERE JOB = ? AND UNIT = ? AND STATUS <> 'RUNNING'",
                s -> {
                    setTime(s, 1, notBefore);
                    s.setString(2, job.id());
                    s.setString(3, unit.key());
                });
    }

    /** Queues units to be (re)done whole, whatever their state: a backfill. */
    public void requeue(JobName job, Collection<? extends WorkUnit> units) {
        ensure(job, units);
        update(connection -> {
            try (PreparedStatement reset = connection.prepareStatement(
                    "UPDATE MF_WORK SET STATUS = 'PENDING', ATTEMPTS = 0, NEXT_ATTEMPT = NULL, ERROR = NULL WHERE JOB = ? AND UNIT = ?")) {
                for (WorkUnit unit : units) {
                    reset.setString(1, job.id());
                    reset.setString(2, unit.key());
                    reset.addBatch();
                }
                reset.executeBatch();
            }
            return null;
        });
    }

    /** Puts units a stopped node left RUNNING back to PENDING; returns how many. */
    public int recoverAbandoned(JobName job) {
        return update(connection -> {
            try (PreparedStatement reset = connection.prepareStatement(
                    "UPDATE MF_WORK SET STATUS = 'PENDING', ATTEMPTS = GREATEST(ATTEMPTS - 1, 0) WHERE JOB = ? AND STATUS = 'RUNNING'")) {
                reset.setString(1, job.id());
                return reset.executeUpdate();
            }
        });
    }

    /**
     * Units to do now, oldest first: pending ones whose time has come (scheduled ones wait for
     * theirs), and failed ones whose retry time has come.
     */
    public List<WorkUnit> due(JobName job, Instant now, int maxAttempts) {
        return query(
                "SELECT UNIT FROM MF_WORK WHERE JOB = ? AND ((STATUS = 'PENDING' AND (NEXT_ATTEMPT IS NULL OR NEXT_ATTEMPT <= ?))"
                        + " OR (STATUS = 'FAILED' AND ATTEMPTS < ? AND NEXT_ATTEMPT <= ?))"
                        + " ORDER BY UNIT",
                statement -> {
                    statement.setString(1, job.id());
                    setTime(statement, 2, now);
                    statement.setInt(3, maxAttempts);
                    setTime(statement, 4, now);
                },
                rows -> job.unit(rows.getString(1)));
    }

    /** Marks a unit RUNNING on {@code node} and returns which attempt this is. */
    public int start(JobName job, WorkUnit unit, String node, Instant now) {
        change(
                "UPDATE MF_WORK SET STATUS = 'RUNNING', ATTEMPTS = ATTEMPTS + 1, STARTED = ?, FINISHED = NULL, NODE = ? WHERE JOB = ? AND UNIT = ?",
                s -> {
                    setTime(s, 1, now);
                    s.setString(2, node);
                    s.setString(3, job.id());
                    s.setString(4, unit.key());
                });
        return query(
                        "SELECT ATTEMPTS FROM MF_WORK WHERE JOB = ? AND UNIT = ?",
                        s -> {
                            s.setString(1, job.id());
                            s.setString(2, unit.key());
                        },
                        rows -> rows.getInt(1))
                .get(0);
    }

    public void finish(JobName job, WorkUnit unit, long rows, Instant now) {
        change(
                "UPDATE MF_WORK SET STATUS = 'DONE', FINISHED = ?, ROWS_WRITTEN = ?, ERROR = NULL, NEXT_ATTEMPT = NULL WHERE JOB = ? AND UNIT = ?",
                s -> {
                    setTime(s, 1, now);
                    s.setLong(2, rows);
                    s.setString(3, job.id());
                    s.setString(4, unit.key());
                });
    }

    public void fail(JobName job, WorkUnit unit, String error, Instant now, Instant nextAttempt) {
        change(
                "UPDATE MF_WORK SET STATUS = 'FAILED', FINISHED = ?, ERROR = ?, NEXT_ATTEMPT = ? WHERE JOB = ? AND UNIT = ?",
                s -> {
                    setTime(s, 1, now);
                    s.setString(2, error.length() > 4000 ? error.substring(0, 4000) : error);
                    setTime(s, 3, nextAttempt);
                    s.setString(4, job.id());
                    s.setString(5, unit.key());
                });
    }

    /** Puts a unit that was interrupted by a shutdown back in the queue, without counting the attempt. */
    public void release(JobName job, WorkUnit unit) {
        change(
                "UPDATE MF_WORK SET STATUS = 'PENDING', ATTEMPTS = GREATEST(ATTEMPTS - 1, 0) WHERE JOB = ? AND UNIT = ?",
                s -> {
                    s.setString(1, job.id());
                    s.setString(2, unit.key());
                });
    }

    public List<Unit> units(JobName job) {
        return query(
                "SELECT JOB, UNIT, STATUS, ATTEMPTS, NEXT_ATTEMPT, STARTED, FINISHED, ROWS_WRITTEN, ERROR, NODE FROM MF_WORK WHERE JOB = ?"
                        + " ORDER BY UNIT",
                s -> s.setString(1, job.id()),
                rows -> new Unit(
                        job,
                        job.unit(rows.getString(2)),
                        Status.valueOf(rows.getString(3)),
                        rows.getInt(4),
                        optionalTime(rows, 5),
                        optionalTime(rows, 6),
                        optionalTime(rows, 7),
                        rows.getLong(8),
                        Optional.ofNullable(rows.getString(9)),
                        Optional.ofNullable(rows.getString(10))));
    }

    /** The newest unit of a job, whatever its state. */
    public Optional<WorkUnit> latest(JobName job) {
        List<String> latest = query(
                "SELECT MAX(UNIT) FROM MF_WORK WHERE JOB = ?",
                s -> s.setString(1, job.id()),
                rows -> rows.getString(1));
        return latest.isEmpty() || latest.get(0) == null ? Optional.empty() : Optional.of(job.unit(latest.get(0)));
    }

    /**
     * Times are kept as UTC wall-clock {@code TIMESTAMP}s (JDBC's {@code LocalDateTime}), never in the
     * time zone of the JVM at hand: nodes and commands sharing one database may run in different
     * zones, and a zone's daylight-saving hour would otherwise be ambiguous.
     */
    private static void setTime(PreparedStatement statement, int index, Instant time) throws SQLException {
        statement.setObject(index, LocalDateTime.ofInstant(time, ZoneOffset.UTC));
    }

    private static Optional<Instant> optionalTime(ResultSet rows, int column) throws SQLException {
        LocalDateTime time = rows.getObject(column, LocalDateTime.class);
        return time == null ? Optional.empty() : Optional.of(time.toInstant(ZoneOffset.UTC));
    }

    interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    interface RowReader<T> {
        T read(ResultSet rows) throws SQLException;
    }

    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private void change(String sql, Binder binder) {
        update(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                binder.bind(statement);
                return statement.executeUpdate();
            }
        });
    }

    private <T> List<T> query(String sql, Binder binder, RowReader<T> reader) {
        return update(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                binder.bind(statement);
                List<T> out = new ArrayList<>();
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        out.add(reader.read(rows));
                    }
                }
                return out;
            }
        });
    }

    private <T> T update(Work<T> work) {
        try (Connection connection = database.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw database.unavailable(e);
        }
    }
}
