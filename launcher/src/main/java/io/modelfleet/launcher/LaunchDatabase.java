package io.modelfleet.launcher;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;

/**
 * Connections to the database the launch workflow lives in: the scheduler's (H2 by default,
 * PostgreSQL when shared). The workflow uses plain SQL both accept: row locks with
 * {@code SELECT … FOR UPDATE}, one transaction per step.
 */
@FunctionalInterface
public interface LaunchDatabase {
    Connection connect() throws SQLException;

    /** Whether {@code table} exists, in the case the database folds unquoted names to (H2 upper, PostgreSQL lower). */
    static boolean tableExists(Connection connection, String table) throws SQLException {
        for (String name : new String[] {table, table.toLowerCase(Locale.ROOT)}) {
            try (ResultSet tables = connection.getMetaData().getTables(null, null, name, null)) {
                if (tables.next()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The database's address, for messages. */
    default String describe() {
        return "the launch database";
    }
}
