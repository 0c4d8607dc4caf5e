package io.modelfleet.launcher;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code MF_LAUNCH_GATE}: every look of every launch step's gate, one row per metric, numbered per
 * launch; like the events, an outbox the {@code launch_gates} table is copied from. A look is
 * stored in the step's transaction, so a step and the look that decided it land together or not at
 * all.
 */
final class GateStore {
    private static final String COLUMNS = "LAUNCH, LOOK, STEP, PERCENT, AT, HOURS_FROM, HOURS_THROUGH, POLICY, METRIC,"
            + " PRODUCTION, CANDIDATE, ESTIMATE, LOWER_BOUND, UPPER_BOUND, MARGIN, ALPHA, DECISION, STEP_DECISION,"
            + " PRODUCTION_EVENTS, CANDIDATE_EVENTS";

    private GateStore() {}

    static void createTable(Connection connection) throws SQLException {
        if (LaunchDatabase.tableExists(connection, "MF_LAUNCH_GATE")) {
            return;
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute(
                    "CREATE TABLE MF_LAUNCH_GATE (LAUNCH VARCHAR(80) NOT NULL, LOOK INT NOT NULL,"
                            + " STEP INT NOT NULL, PERCENT DOUBLE PRECISION NOT NULL, AT TIMESTAMP NOT NULL,"
                            + " HOURS_FROM TIMESTAMP NOT NULL, HOURS_THROUGH TIMESTAMP NOT NULL, POLICY VARCHAR(16) NOT NULL,"
                            + " METRIC VARCHAR(32) NOT NULL, PRODUCTION DOUBLE PRECISION, CANDIDATE DOUBLE PRECISION,"
                            + " ESTIMATE DOUBLE PRECISION, LOWER_BOUND DOUBLE PRECISION, UPPER_BOUND DOUBLE PRECISION,"
                            + " MARGIN DOUBLE PRECISION, ALPHA DOUBLE PRECISION NOT NULL, DECISION VARCHAR(16) NOT NULL,"
                            + " STEP_DECISION VARCHAR(16) NOT NULL, PRODUCTION_EVENTS BIGINT NOT NULL,"
                            + " CANDIDATE_EVENTS BIGINT NOT NULL, PUBLISHED BOOLEAN NOT NULL, PRIMARY KEY (LAUNCH, LOOK, METRIC))");
            statement.execute("CREATE INDEX MF_LAUNCH_GATE_PUBLISHED ON MF_LAUNCH_GATE (PUBLISHED)");
        }
    }

    /** The launch's last look, any metric's row of it (they share everything but the metric). */
    static Optional<GateLook> last(Connection tx, String launch) throws SQLException {
        List<GateLook> looks = select(
                tx, " WHERE LAUNCH = ? AND LOOK = (SELECT MAX(LOOK) FROM MF_LAUNCH_GATE WHERE LAUNCH = ?)", launch, 2);
        return looks.isEmpty() ? Optional.empty() : Optional.of(looks.get(0));
    }

    static List<GateLook> look(Connection tx, String launch, int look) throws SQLException {
        return select(tx, " WHERE LAUNCH = ? AND LOOK = " + look, launch, 1);
    }

    static List<GateLook> of(Connection tx, String launch) throws SQLException {
        return select(tx, " WHERE LAUNCH = ?", launch, 1);
    }

    static List<GateLook> unpublished(Connection tx) throws SQLException {
        return select(tx, " WHERE PUBLISHED = FALSE", null, 0);
    }

    private static List<GateLook> select(Connection tx, String where, String launch, int launchParameters)
            throws SQLException {
        List<GateLook> out = new ArrayList<>();
        try (PreparedStatement select = tx.prepareStatement(
                "SELECT " + COLUMNS + " FROM MF_LAUNCH_GATE" + where + " ORDER BY LAUNCH, LOOK, METRIC")) {
            for (int i = 1; i <= launchParameters; i++) {
                select.setString(i, launch);
            }
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    out.add(new GateLook(
                            rows.getString("LAUNCH"),
                            rows.getInt("LOOK"),
                            rows.getInt("STEP"),
                            rows.getDouble("PERCENT"),
                            LaunchStore.time(rows, "AT"),
                            LaunchStore.time(rows, "HOURS_FROM"),
                            LaunchStore.time(rows, "HOURS_THROUGH"),
                            rows.getString("POLICY"),
                            rows.getString("METRIC"),
                            rows.getDouble("PRODUCTION"),
                            rows.getDouble("CANDIDATE"),
                            rows.getDouble("ESTIMATE"),
                            rows.getDouble("LOWER_BOUND"),
                            rows.getDouble("UPPER_BOUND"),
                            rows.getDouble("MARGIN"),
                            rows.getDouble("ALPHA"),
                            rows.getString("DECISION"),
                            rows.getString("STEP_DECISION"),
                            rows.getLong("PRODUCTION_EVENTS"),
                            rows.getLong("CANDIDATE_EVENTS")));
                }
            }
        }
        return out;
    }

    static void insert(Connection tx, List<GateLook> rows) throws SQLException {
        try (PreparedStatement insert = tx.prepareStatement("INSERT INTO MF_LAUNCH_GATE (" + COLUMNS + ", PUBLISHED)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, FALSE)")) {
            for (GateLook row : rows) {
                int i = 1;
                insert.setString(i++, row.launch());
                insert.setInt(i++, row.look());
                insert.setInt(i++, row.step());
                insert.setDouble(i++, row.percent());
                LaunchStore.setTime(insert, i++, row.at());
                LaunchStore.setTime(insert, i++, row.from());
                LaunchStore.setTime(insert, i++, row.through());
                insert.setString(i++, row.policy());
                insert.setString(i++, row.metric());
                insert.setDouble(i++, row.production());
                insert.setDouble(i++, row.candidate());
                insert.setDouble(i++, row.estimate());
                insert.setDouble(i++, row.lower());
                insert.setDouble(i++, row.upper());
                insert.setDouble(i++, row.margin());
                insert.setDouble(i++, row.alpha());
                insert.setString(i++, row.decision());
                insert.setString(i++, row.stepDecision());
                insert.setLong(i++, row.productionEvents());
                insert.setLong(i, row.candidateEvents());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    static void markPublished(Connection tx, List<GateLook> rows) throws SQLException {
        try (PreparedStatement update = tx.prepareStatement(
                "UPDATE MF_LAUNCH_GATE SET PUBLISHED = TRUE WHERE LAUNCH = ? AND LOOK = ? AND METRIC = ?")) {
            for (GateLook row : rows) {
                update.setString(1, row.launch());
                update.setInt(2, row.look());
                update.setString(3, row.metric());
                update.addBatch();
            }
            update.executeBatch();
        }
    }
}
