package io.modelfleet.scheduler;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.h2.tools.Server;

/**
 * The scheduler database one test runs on, of either kind the README supports: H2 (the embedded file
 * of the default, or a TCP server several nodes share) or a fresh database on the JVM's real
 * {@link PostgresServer}. Tests take a {@link Kind} as their parameter and run once per kind.
 */
record DatabaseUnderTest(String url, String user, String password, AutoCloseable server) implements AutoCloseable {
    enum Kind {
        H2,
        POSTGRESQL
    }

    /** One node's database: H2's embedded default under {@code state}, or a fresh PostgreSQL database. */
    static DatabaseUnderTest forOneNode(Kind kind, Path state, String purpose) {
        return switch (kind) {
            case H2 -> new DatabaseUnderTest(SchedulerSettings.embeddedDatabase(state), "sa", "", () -> {});
            case POSTGRESQL -> postgres(purpose);
        };
    }

    /** A database several nodes share: an H2 TCP server with its files under {@code dir}, or a fresh PostgreSQL database. */
    static DatabaseUnderTest shared(Kind kind, Path dir, String purpose) throws SQLException {
        return switch (kind) {
            case H2 -> {
                Server server = Server.createTcpServer("-tcpPort", "0", "-ifNotExists", "-baseDir", dir.toString())
                        .start();
                yield new DatabaseUnderTest(
                        "jdbc:h2:tcp://localhost:" + server.getPort() + "/" + purpose, "sa", "", server::stop);
            }
            case POSTGRESQL -> postgres(purpose);
        };
    }

    private static DatabaseUnderTest postgres(String purpose) {
        PostgresServer server = PostgresServer.get();
        return new DatabaseUnderTest(
                server.newDatabase(purpose), PostgresServer.USER, PostgresServer.PASSWORD, () -> {});
    }

    /**
     * How many connections were made to this database so far, on PostgreSQL (its statistics count
     * them); empty on H2.
     */
    Optional<Long> connectionsMade() throws SQLException {
        if (!url.startsWith("jdbc:postgresql:")) {
            return Optional.empty();
        }
        String name = url.substring(url.lastIndexOf('/') + 1);
        try (Connection connection = PostgresServer.get().superuser();
                PreparedStatement select =
                        connection.prepareStatement("SELECT sessions FROM pg_stat_database WHERE datname = ?")) {
            select.setString(1, name);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return Optional.of(rows.getLong(1));
            }
        }
    }

    /** The {@code database}, {@code user} and {@code password} keys of the {@code scheduler:} section. */
    String yaml() {
        return "database: \"" + url + "\"\nuser: \"" + user + "\"\npassword: \"" + password + "\"\n";
    }

    @Override
    public void close() throws Exception {
        server.close();
    }
}
