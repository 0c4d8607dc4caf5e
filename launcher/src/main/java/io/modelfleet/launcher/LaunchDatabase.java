package io.modelfleet.launcher;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Connections to the database the launch workflow lives in: the scheduler's (H2 by default,
 * PostgreSQL when shared). The workflow uses plain SQL both accept: row locks with
 * {@code SELECT … FOR UPDATE}, one transaction per step.
 */
@FunctionalInterface
public interface LaunchDatabase {
    Connection connect() throws SQLException;

    /** The database's address, for messages. */
    default String describe() {
        return "the launch database";
    }
}
