package io.modelfleet.launcher;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
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

    /**
     * Whether {@code table} exists in the connection's current schema, in the case the database folds
     * unquoted names to (H2 upper, PostgreSQL lower). Only that schema: where another schema of the
     * database has a table of that name (a second deployment beside this one), this one still needs its own.
     */
    static boolean tableExists(Connection connection, String table) throws SQLException {
        DatabaseMetaData metadata = connection.getMetaData();
        String escape = metadata.getSearchStringEscape();
        String schema = connection.getSchema();
        for (String name : new String[] {table, table.toLowerCase(Locale.ROOT)}) {
            // '_' in a name is a pattern's wildcard: MF_WORK would match MFXWORK.
            String pattern = escape == null ? name : name.replace("_", escape + "_");
            try (ResultSet tables = metadata.getTables(connection.getCatalog(), schema, pattern, null)) {
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
