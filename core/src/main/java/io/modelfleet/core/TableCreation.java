package io.modelfleet.core;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/**
 * Making tables on a database that several nodes share: nodes starting together on a fresh
 * database race to create the same tables, and the loser's statements fail (PostgreSQL: a
 * duplicate key in its catalog; H2: the table already exists). The work runs in one transaction,
 * and again after a pause when it fails, where it finds what the winner made.
 */
public final class TableCreation {
    /** Tries before the last failure is the caller's. */
    public static final int ATTEMPTS = 20;
    /** Pause between tries. */
    public static final Duration PAUSE = Duration.ofMillis(250);

    private TableCreation() {}

    /** Creates tables that do not exist yet; safe to run again after a rollback. */
    @FunctionalInterface
    public interface Work {
        void create(Connection connection) throws SQLException;
    }

    /**
     * Runs {@code work} in one transaction on {@code connection} (left without auto-commit), up to
     * {@link #ATTEMPTS} times.
     *
     * @throws SQLException the last attempt's failure, or one saying the wait was interrupted
     */
    public static void inOneTransaction(Connection connection, Work work) throws SQLException {
        connection.setAutoCommit(false);
        for (int attempt = 1; ; attempt++) {
            try {
                work.create(connection);
                connection.commit();
                return;
            } catch (SQLException e) {
                connection.rollback();
                if (attempt == ATTEMPTS) {
                    throw e;
                }
                try {
                    Thread.sleep(PAUSE.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    e.addSuppressed(interrupted);
                    throw e;
                }
            }
        }
    }
}
