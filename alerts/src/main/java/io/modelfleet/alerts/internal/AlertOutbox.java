package io.modelfleet.alerts.internal;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelfleet.alerts.AlertDatabase;
import io.modelfleet.core.TableCreation;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What fires and what Alertmanager has not been told yet, one row per alert (table {@code MF_ALERT}
 * in the scheduler's database). The state and the outbox are one table on purpose: the step that
 * notices a condition cleared marks its alert RESOLVED and pending in the same transaction that
 * takes it off the firing list, so a crash, a stopped node or a down Alertmanager cannot lose the
 * resolve; it stays pending until Alertmanager took it. Rows change only inside transactions, and a
 * delivery marks a row done only at the revision it sent, so a change made while a delivery was in
 * flight is sent again.
 *
 * <p>A row lives from the first time its alert fires until its resolve is delivered: a firing alert
 * keeps its {@code startsAt} however often it is sent again (Alertmanager deduplicates on the label
 * set, and a stable start keeps its view of the alert stable); once the resolve is delivered the row
 * goes, and the next time the condition holds is a new alert with a new start.
 */
public final class AlertOutbox {
    static final String TABLE = "MF_ALERT";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<TreeMap<String, String>> MAP = new TypeReference<>() {};
    private static final int MAX_TRIES = 3;

    /** What one evaluation changed: alerts firing now (of which newly), and alerts it resolved. */
    public record Changes(int firing, int started, int resolved) {}

    /**
     * An alert to send. {@code endsAt} is set for a resolved one; a firing one is sent with an end
     * ahead of the delivery time.
     */
    public record Entry(
            String id,
            long revision,
            Map<String, String> labels,
            Map<String, String> annotations,
            Optional<String> generatorUrl,
            Instant startsAt,
            Optional<Instant> endsAt) {
        public Entry {
            requireNonNull(id, "id is null");
            labels = Map.copyOf(labels);
            annotations = Map.copyOf(annotations);
            requireNonNull(generatorUrl, "generatorUrl is null");
            requireNonNull(startsAt, "startsAt is null");
            requireNonNull(endsAt, "endsAt is null");
        }

        public boolean resolved() {
            return endsAt.isPresent();
        }
    }

    private final AlertDatabase database;

    public AlertOutbox(AlertDatabase database) {
        this.database = requireNonNull(database, "database is null");
    }

    /**
     * Creates the table once; both H2 and PostgreSQL take this DDL. A scheduler node and an
     * {@code slo run} starting together on a fresh shared database race to make it, and the loser's
     * statement fails: it tries again, after a pause, and finds the winner's table.
     */
    public void createTable() {
        try (Connection connection = database.connect()) {
            TableCreation.inOneTransaction(connection, c -> {
                if (!tableExists(c)) {
                    try (Statement statement = c.createStatement()) {
                        statement.execute("CREATE TABLE " + TABLE + " (ID VARCHAR(64) NOT NULL PRIMARY KEY,"
                                + " LABELS VARCHAR(4000) NOT NULL, ANNOTATIONS VARCHAR(20000) NOT NULL,"
                                + " GENERATOR_URL VARCHAR(2000), STATE VARCHAR(16) NOT NULL, STARTS_AT TIMESTAMP NOT NULL,"
                                + " ACTIVE_UNTIL TIMESTAMP NOT NULL, ENDS_AT TIMESTAMP, PENDING BOOLEAN NOT NULL,"
                                + " REVISION BIGINT NOT NULL, FAILED_DELIVERIES INT NOT NULL, LAST_ERROR VARCHAR(4000),"
                                + " UPDATED TIMESTAMP NOT NULL, DELIVERED TIMESTAMP)");
                        statement.execute("CREATE INDEX MF_ALERT_PENDING ON " + TABLE + " (PENDING)");
                    }
                }
            });
        } catch (SQLException e) {
            throw new UncheckedSqlException(e);
        }
    }

    /**
     * Records what fires now, in one transaction: new alerts are added with their start (never after
     * {@code now}), alerts still firing keep theirs and are queued to be sent again, and alerts that
     * fire no longer are resolved at the end of the last hour or day they held (never after
     * {@code now}). A resolve not yet delivered is taken back when its alert fires again: Alertmanager
     * never saw it end.
     */
    public Changes record(List<FiringAlert> firing, Instant now) {
        for (int attempt = 1; ; attempt++) {
            try {
                return transaction(connection -> recordOnce(connection, firing, now));
            } catch (UncheckedSqlException e) {
                // Two writers inserted the same new alert at once: the loser reads again and updates.
                if (attempt == MAX_TRIES || !"23505".equals(e.getCause().getSQLState())) {
                    throw e;
                }
            }
        }
    }

    private Changes recordOnce(Connection connection, List<FiringAlert> firing, Instant now) throws SQLException {
        Map<String, Row> known = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement(
                        "SELECT ID, STATE, STARTS_AT, ACTIVE_UNTIL FROM " + TABLE + " FOR UPDATE");
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                known.put(rows.getString(1), new Row(rows.getString(2).equals("FIRING"), time(rows, 3), time(rows, 4)));
            }
        }
        Set<String> firingNow = new HashSet<>();
        int started = 0;
        try (PreparedStatement update = connection.prepareStatement("UPDATE " + TABLE
                        + " SET STATE = 'FIRING', ENDS_AT = NULL, ANNOTATIONS = ?, GENERATOR_URL = ?, ACTIVE_UNTIL = ?,"
                        + " PENDING = TRUE, REVISION = REVISION + 1, UPDATED = ? WHERE ID = ?");
                PreparedStatement insert = connection.prepareStatement("INSERT INTO " + TABLE
                        + " (ID, LABELS, ANNOTATIONS, GENERATOR_URL, STATE, STARTS_AT, ACTIVE_UNTIL, ENDS_AT, PENDING,"
                        + " REVISION, FAILED_DELIVERIES, LAST_ERROR, UPDATED, DELIVERED)"
                        + " VALUES (?, ?, ?, ?, 'FIRING', ?, ?, NULL, TRUE, 1, 0, NULL, ?, NULL)")) {
            for (FiringAlert alert : firing) {
                String id = id(alert.labels());
                if (!firingNow.add(id)) {
                    continue;
                }
                String generator = alert.generatorUrl().map(Object::toString).orElse(null);
                if (known.containsKey(id)) {
                    update.setString(1, json(alert.annotations()));
                    update.setString(2, generator);
                    setTime(update, 3, alert.until());
                    setTime(update, 4, now);
                    update.setString(5, id);
                    update.addBatch();
                } else {
                    insert.setString(1, id);
                    insert.setString(2, json(alert.labels()));
                    insert.setString(3, json(alert.annotations()));
                    insert.setString(4, generator);
                    setTime(insert, 5, earlier(alert.since(), now));
                    setTime(insert, 6, alert.until());
                    setTime(insert, 7, now);
                    insert.addBatch();
                    started++;
                }
            }
            update.executeBatch();
            insert.executeBatch();
        }
        int resolved = 0;
        try (PreparedStatement resolve = connection.prepareStatement("UPDATE " + TABLE
                + " SET STATE = 'RESOLVED', ENDS_AT = ?, PENDING = TRUE, REVISION = REVISION + 1, UPDATED = ?"
                + " WHERE ID = ?")) {
            for (Map.Entry<String, Row> row : known.entrySet()) {
                if (!row.getValue().firing() || firingNow.contains(row.getKey())) {
                    continue;
                }
                Instant start = row.getValue().startsAt();
                Instant end = earlier(row.getValue().activeUntil(), now);
                setTime(resolve, 1, end.isBefore(start) ? start : end);
                setTime(resolve, 2, now);
                resolve.setString(3, row.getKey());
                resolve.addBatch();
                resolved++;
            }
            resolve.executeBatch();
        }
        return new Changes(firingNow.size(), started, resolved);
    }

    private record Row(boolean firing, Instant startsAt, Instant activeUntil) {}

    /** Alerts Alertmanager has not been told about yet (or not since they last changed). */
    public List<Entry> pending() {
        return transaction(connection -> {
            List<Entry> pending = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(
                            "SELECT ID, REVISION, LABELS, ANNOTATIONS, GENERATOR_URL, STARTS_AT, ENDS_AT FROM " + TABLE
                                    + " WHERE PENDING = TRUE ORDER BY ID");
                    ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    LocalDateTime ends = rows.getObject(7, LocalDateTime.class);
                    pending.add(new Entry(
                            rows.getString(1),
                            rows.getLong(2),
                            map(rows.getString(3)),
                            map(rows.getString(4)),
                            Optional.ofNullable(rows.getString(5)),
                            time(rows, 6),
                            ends == null ? Optional.empty() : Optional.of(ends.toInstant(ZoneOffset.UTC))));
                }
            }
            return pending;
        });
    }

    /** How many alerts wait to be delivered. */
    public int pendingCount() {
        return transaction(connection -> {
            try (PreparedStatement count =
                            connection.prepareStatement("SELECT COUNT(*) FROM " + TABLE + " WHERE PENDING = TRUE");
                    ResultSet rows = count.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        });
    }

    /**
     * Alertmanager took these: a firing alert is no longer pending, a resolved one is forgotten. A
     * row changed since it was read keeps its newer state and stays pending.
     */
    public void delivered(List<Entry> entries, Instant now) {
        transaction(connection -> {
            try (PreparedStatement forget =
                            connection.prepareStatement("DELETE FROM " + TABLE + " WHERE ID = ? AND REVISION = ?");
                    PreparedStatement done = connection.prepareStatement("UPDATE " + TABLE
                            + " SET PENDING = FALSE, FAILED_DELIVERIES = 0, LAST_ERROR = NULL, DELIVERED = ?"
                            + " WHERE ID = ? AND REVISION = ?")) {
                for (Entry entry : entries) {
                    if (entry.resolved()) {
                        forget.setString(1, entry.id());
                        forget.setLong(2, entry.revision());
                        forget.addBatch();
                    } else {
                        setTime(done, 1, now);
                        done.setString(2, entry.id());
                        done.setLong(3, entry.revision());
                        done.addBatch();
                    }
                }
                forget.executeBatch();
                done.executeBatch();
            }
            return null;
        });
    }

    /** Alertmanager did not take these: they stay pending, with the reason. */
    public void failed(List<Entry> entries, String problem) {
        transaction(connection -> {
            try (PreparedStatement fail = connection.prepareStatement("UPDATE " + TABLE
                    + " SET FAILED_DELIVERIES = FAILED_DELIVERIES + 1, LAST_ERROR = ? WHERE ID = ? AND REVISION = ?")) {
                for (Entry entry : entries) {
                    fail.setString(1, problem.length() > 4000 ? problem.substring(0, 4000) : problem);
                    fail.setString(2, entry.id());
                    fail.setLong(3, entry.revision());
                    fail.addBatch();
                }
                fail.executeBatch();
            }
            return null;
        });
    }

    /**
     * Times are kept as UTC wall-clock {@code TIMESTAMP}s (JDBC's {@code LocalDateTime}), never in the
     * time zone of the JVM at hand: nodes and commands sharing one database may run in different
     * zones, and a zone's daylight-saving hour would otherwise be ambiguous.
     */
    private static void setTime(PreparedStatement statement, int index, Instant time) throws SQLException {
        statement.setObject(index, LocalDateTime.ofInstant(time, ZoneOffset.UTC));
    }

    private static Instant time(ResultSet rows, int column) throws SQLException {
        return rows.getObject(column, LocalDateTime.class).toInstant(ZoneOffset.UTC);
    }

    /** An alert's identity: the SHA-256 of its label set, as Alertmanager's identity is the label set. */
    static String id(Map<String, String> labels) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(json(new TreeMap<>(labels)).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static Instant earlier(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static String json(Map<String, String> map) {
        try {
            return JSON.writeValueAsString(new TreeMap<>(map));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings is always JSON", e);
        }
    }

    private static Map<String, String> map(String json) {
        try {
            return JSON.readValue(json, MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(TABLE + " holds a value that is not a JSON object: " + json, e);
        }
    }

    /** Whether the table exists in the connection's current schema (see the launcher's {@code LaunchDatabase.tableExists}). */
    private static boolean tableExists(Connection connection) throws SQLException {
        DatabaseMetaData metadata = connection.getMetaData();
        String escape = metadata.getSearchStringEscape();
        for (String name : new String[] {TABLE, TABLE.toLowerCase(Locale.ROOT)}) {
            String pattern = escape == null ? name : name.replace("_", escape + "_");
            try (ResultSet tables =
                    metadata.getTables(connection.getCatalog(), connection.getSchema(), pattern, null)) {
                if (tables.next()) {
                    return true;
                }
            }
        }
        return false;
    }

    private interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** A failure of the outbox's database, for the caller to report. */
    public static final class UncheckedSqlException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UncheckedSqlException(SQLException cause) {
            super(cause.getMessage(), cause);
        }

        @Override
        public synchronized SQLException getCause() {
            return (SQLException) super.getCause();
        }
    }

    private <T> T transaction(Work<T> work) {
        try (Connection connection = database.connect()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new UncheckedSqlException(e);
        }
    }
}
