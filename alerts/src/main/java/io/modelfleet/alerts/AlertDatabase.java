package io.modelfleet.alerts;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Connections to the database the alert outbox lives in: the scheduler's (H2 by default,
 * PostgreSQL when shared), so that every scheduler node and every {@code slo run} sees one record of
 * what fires. Plain SQL both accept.
 */
@FunctionalInterface
public interface AlertDatabase {
    Connection connect() throws SQLException;
}
