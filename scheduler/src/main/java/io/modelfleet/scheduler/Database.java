package io.modelfleet.scheduler;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.modelfleet.core.ModelfleetErrors;
import io.modelfleet.core.ModelfleetException;
import io.modelfleet.core.TableCreation;
import io.modelfleet.launcher.LaunchDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.h2.jdbcx.JdbcConnectionPool;
import org.quartz.Scheduler;
import org.quartz.utils.ConnectionProvider;

/**
 * The scheduler's database: Quartz's job store, the work ledger, the launch workflow and the alert
 * outbox live in it. H2 (an embedded file, or a server several nodes share) is pooled by H2's own
 * pool. PostgreSQL is pooled by HikariCP: a new PostgreSQL connection costs a server process and a
 * SCRAM exchange (8 ms here), and a node would otherwise open several a second (Quartz's cluster
 * check-in alone is one a second) and one per step of every launch; the pool checks a connection
 * that sat idle before handing it out, so a restarted server costs a failed check, not a failed run.
 */
public final class Database implements ConnectionProvider, LaunchDatabase {
    /** How long an H2 file handed over between processes is waited for. */
    static final Duration HANDOVER = Duration.ofSeconds(20);

    /** The tables Quartz's DDL makes. */
    private static final List<String> QUARTZ_TABLES = List.of(
            "QRTZ_JOB_DETAILS",
            "QRTZ_TRIGGERS",
            "QRTZ_SIMPLE_TRIGGERS",
            "QRTZ_CRON_TRIGGERS",
            "QRTZ_SIMPROP_TRIGGERS",
            "QRTZ_BLOB_TRIGGERS",
            "QRTZ_CALENDARS",
            "QRTZ_PAUSED_TRIGGER_GRPS",
            "QRTZ_FIRED_TRIGGERS",
            "QRTZ_SCHEDULER_STATE",
            "QRTZ_LOCKS");

    /**
     * Connections a node keeps to a PostgreSQL server at most: Quartz's three job threads, its
     * scheduler, check-in and misfire threads, and the jobs' own (ledger, launches, alerts).
     */
    private static final int SERVER_CONNECTIONS = 8;

    private static final Pattern PASSWORD_IN_URL = Pattern.compile("(?i)(password=)[^&;]*");
    private static final int H2_ERROR_OPENING_DATABASE = 8000;
    private static final int H2_DATABASE_ALREADY_OPEN = 90020;
    private final String url;
    private final String user;
    private final String password;
    private JdbcConnectionPool pool;
    /** PostgreSQL's pool, made on first use (so that making a Database never fails); null once shut down. */
    private HikariDataSource server;

    private boolean shutDown;

    public Database(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
        if (url.startsWith("jdbc:h2:")) {
            pool = JdbcConnectionPool.create(url, user, password);
            pool.setMaxConnections(16);
        }
    }

    public String url() {
        return url;
    }

    /** A JDBC URL as shown to people: a password in it (PostgreSQL's {@code password=}, H2's {@code PASSWORD=}) masked. */
    public static String shown(String url) {
        return PASSWORD_IN_URL.matcher(url).replaceAll("$1***");
    }

    public boolean isH2() {
        return url.startsWith("jdbc:h2:");
    }

    /**
     * A connection. An embedded H2 file opened by several processes at once (a scheduler node and a
     * command, or two commands) hands the file over between them; while the lock file still looks
     * fresh, or while the process that holds it starts its server, H2 refuses ("Lock file recently
     * modified", 8000; "Locked by another process", 90020), so that is waited out here,
     * up to {@link #HANDOVER}, as a person would by running the command again.
     */
    @Override
    public Connection getConnection() throws SQLException {
        if (!isH2()) {
            return serverConnection();
        }
        if (pool == null) {
            return DriverManager.getConnection(url, user, password);
        }
        long deadline = System.nanoTime() + HANDOVER.toNanos();
        while (true) {
            try {
                return pool.getConnection();
            } catch (SQLException e) {
                boolean handover =
                        e.getErrorCode() == H2_ERROR_OPENING_DATABASE || e.getErrorCode() == H2_DATABASE_ALREADY_OPEN;
                if (!handover || System.nanoTime() > deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(250);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private Connection serverConnection() throws SQLException {
        HikariDataSource source;
        synchronized (this) {
            if (shutDown) {
                return DriverManager.getConnection(url, user, password);
            }
            if (server == null) {
                server = serverPool();
            }
            source = server;
        }
        return source.getConnection();
    }

    /** The pool, with one connection made (or the reason none can be: the server's own words). */
    private HikariDataSource serverPool() throws SQLException {
        HikariConfig config = new HikariConfig();
        config.setPoolName("modelfleet-scheduler-database");
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(SERVER_CONNECTIONS);
        config.setMinimumIdle(1);
        config.setIdleTimeout(Duration.ofMinutes(1).toMillis());
        // How long a caller waits for a connection while the server is down or every one is in use.
        config.setConnectionTimeout(Duration.ofSeconds(10).toMillis());
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            // HikariCP wraps the driver's refusal ("Failed to initialize pool: ..."): pass the driver's own on.
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                if (cause instanceof SQLException sql) {
                    throw sql;
                }
            }
            throw new SQLException(e.getMessage(), e);
        }
    }

    @Override
    public Connection connect() throws SQLException {
        return getConnection();
    }

    @Override
    public String describe() {
        return shown(url);
    }

    @Override
    public void shutdown() {
        if (pool != null) {
            pool.dispose();
            pool = null;
        }
        HikariDataSource closing;
        synchronized (this) {
            shutDown = true;
            closing = server;
            server = null;
        }
        if (closing != null) {
            closing.close();
        }
    }

    @Override
    public void initialize() {}

    /**
     * Creates Quartz's tables from Quartz's own DDL, once. Nodes started together on a fresh shared
     * database race to do it, and the loser's statements fail (PostgreSQL: a duplicate key in its
     * catalog once the winner commits; H2: the table already exists): it tries again and finds what
     * the winner made. The DDL's own DROP statements are left out, so no node can drop the tables
     * another just made; H2 commits each statement of it, so tables found half made are waited for.
     */
    void createQuartzTables() {
        createTables(this::createQuartzTables);
    }

    /** What makes tables where missing, in the caller's transaction. */
    @FunctionalInterface
    interface Creation {
        void create(Connection connection) throws SQLException, IOException;
    }

    /**
     * Runs {@code creation} in one transaction, again (after a pause) when it fails, up to
     * {@link TableCreation#ATTEMPTS} times: another node may be making the same tables (see
     * {@link #createQuartzTables}). A database that cannot be reached fails at once.
     */
    void createTables(Creation creation) {
        try (Connection connection = getConnection()) {
            TableCreation.inOneTransaction(connection, c -> {
                try {
                    creation.create(c);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw unavailable(e.getCause());
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    private void createQuartzTables(Connection connection) throws SQLException, IOException {
        List<String> missing = new ArrayList<>();
        for (String table : QUARTZ_TABLES) {
            if (!tableExists(connection, table)) {
                missing.add(table);
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        if (missing.size() < QUARTZ_TABLES.size()) {
            throw new SQLException("Quartz's tables are half made (" + String.join(", ", missing)
                    + " missing): another node may be making them now; if none is, drop the QRTZ_ tables"
                    + " and start again");
        }
        String resource = isH2()
                ? "org/quartz/impl/jdbcjobstore/tables_h2.sql"
                : "org/quartz/impl/jdbcjobstore/tables_postgres.sql";
        String ddl;
        try (InputStream in = Scheduler.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Cannot find Quartz's DDL " + resource + " on the class path");
            }
            ddl = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try (Statement statement = connection.createStatement()) {
            for (String sql : statements(ddl)) {
                if (!sql.regionMatches(true, 0, "DROP ", 0, 5)) {
                    statement.execute(sql);
                }
            }
        }
    }

    ModelfleetException unavailable(Exception e) {
        return ModelfleetErrors.schedulerDatabase(shown(url), e);
    }

    static boolean tableExists(Connection connection, String table) throws SQLException {
        return LaunchDatabase.tableExists(connection, table);
    }

    /** Splits a DDL script on semicolons that end a line, dropping comment lines. */
    static List<String> statements(String script) {
        StringBuilder current = new StringBuilder();
        List<String> out = new ArrayList<>();
        for (String line : script.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("--") || trimmed.startsWith("#") || trimmed.isEmpty()) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String sql = current.toString().strip();
                sql = sql.substring(0, sql.length() - 1).strip();
                if (!sql.isEmpty() && !sql.regionMatches(true, 0, "COMMIT", 0, 6)) {
                    out.add(sql);
                }
                current.setLength(0);
            }
        }
        return out;
    }
}
