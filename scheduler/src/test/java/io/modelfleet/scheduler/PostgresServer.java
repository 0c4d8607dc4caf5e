package io.modelfleet.scheduler;

import io.modelfleet.jobs.ExternalTool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for the tests of one JVM: started on first use with a throw-away data
 * folder on a free loopback port (no Unix socket), and stopped when the JVM ends; each test takes a
 * fresh database of its own ({@link #newDatabase}), owned by an ordinary role that logs in with a
 * password, as the README tells an operator to set it up.
 *
 * <p>Where PostgreSQL is not installed, {@link #get()} skips the test saying which package to
 * install, or fails it in CI ({@link ExternalTool}). The server programs refuse to run as root, so as
 * root they run as the {@code postgres} user the Debian package creates. The server runs under a
 * small shell that stops it (immediate shutdown: the data is thrown away) as soon as its standard
 * input closes, so even a test JVM that is killed does not leave a server behind.
 */
final class PostgresServer {
    static final String USER = "modelfleet";
    static final String PASSWORD = "modelfleet-test-" + UUID.randomUUID();
    private static final String SUPERUSER = "postgres";
    private static final String SUPERUSER_PASSWORD = UUID.randomUUID().toString();
    private static final Duration READY = Duration.ofSeconds(60);
    /** Runs the server, and stops it when standard input closes (the test JVM ended, or stop() closed it). */
    private static final String WATCHDOG = "\"$0\" \"$@\" & pg=$!; read _; kill -QUIT $pg; wait $pg";

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static PostgresServer server;
    private static RuntimeException failed;

    private final Path dir;
    private final Process process;
    private final int port;

    private PostgresServer(Path dir, Process process, int port) {
        this.dir = dir;
        this.process = process;
        this.port = port;
    }

    /** The JVM's server, started on first use; the same failure for every caller if it cannot start. */
    static synchronized PostgresServer get() {
        Path bin = binaries();
        if (failed != null) {
            throw failed;
        }
        if (server == null) {
            try {
                server = start(bin);
            } catch (RuntimeException e) {
                failed = e;
                throw e;
            }
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "postgres-stop"));
        }
        return server;
    }

    /** A new, empty database owned by {@link #USER}; its JDBC URL. */
    String newDatabase(String purpose) {
        String name = "mf_" + purpose.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_") + "_"
                + DATABASES.incrementAndGet();
        try (Connection connection = superuser();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name + " OWNER " + USER);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create the test database " + name + ": " + e.getMessage(), e);
        }
        return url(name);
    }

    String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** A connection to the server's maintenance database as the superuser, for what a test sets up by hand. */
    Connection superuser() throws SQLException {
        return DriverManager.getConnection(url("postgres"), SUPERUSER, SUPERUSER_PASSWORD);
    }

    /** initdb, pg_ctl and postgres: where the installed PostgreSQL keeps them. */
    private static Path binaries() {
        Path initdb = ExternalTool.require("initdb", "postgresql", installed());
        try {
            // On the PATH it may be a link (Debian's are not on it); the server programs sit beside the real one.
            return initdb.toRealPath().getParent();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Debian's /usr/lib/postgresql/MAJOR/bin folders, newest first. */
    private static List<Path> installed() {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> majors = Files.list(root)) {
            return majors.filter(p -> p.getFileName().toString().matches("\\d+"))
                    .sorted(Comparator.comparingInt(
                                    (Path p) -> Integer.parseInt(p.getFileName().toString()))
                            .reversed())
                    .map(p -> p.resolve("bin"))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static PostgresServer start(Path bin) {
        try {
            Path dir = Files.createTempDirectory("modelfleet-postgres-");
            Path data = dir.resolve("data");
            Path passwordFile = Files.writeString(dir.resolve("superuser-password"), SUPERUSER_PASSWORD + "\n");
            if (asRoot()) {
                // The server's user owns its folders; root reads and deletes them anyway.
                owned(dir);
                owned(passwordFile);
            }
            run(
                    List.of(
                            bin.resolve("initdb").toString(),
                            "--pgdata=" + data,
                            "--username=" + SUPERUSER,
                            "--pwfile=" + passwordFile,
                            "--auth-local=trust",
                            "--auth-host=scram-sha-256",
                            "--encoding=UTF8",
                            "--no-locale",
                            "--no-sync",
                            "--no-instructions"),
                    dir.resolve("initdb.log"));
            Files.delete(passwordFile);
            RuntimeException last = null;
            // A port found free may be taken before the server binds it: try another.
            for (int attempt = 1; attempt <= 3; attempt++) {
                int port = freePort();
                Path log = dir.resolve("postgres-" + attempt + ".log");
                List<String> command = new ArrayList<>(List.of("sh", "-c", WATCHDOG));
                command.addAll(List.of(
                        bin.resolve("postgres").toString(),
                        "-D",
                        data.toString(),
                        "-p",
                        Integer.toString(port),
                        "-c",
                        "listen_addresses=127.0.0.1",
                        "-c",
                        "unix_socket_directories=",
                        // Throw-away data: no waiting for the disk.
                        "-c",
                        "fsync=off",
                        "-c",
                        "synchronous_commit=off",
                        "-c",
                        "full_page_writes=off"));
                Process process = new ProcessBuilder(asServerUser(command))
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
                PostgresServer server = new PostgresServer(dir, process, port);
                try {
                    server.awaitReady(log);
                    try (Connection connection = server.superuser();
                            Statement statement = connection.createStatement()) {
                        statement.execute("CREATE ROLE " + USER + " LOGIN PASSWORD '" + PASSWORD + "'");
                    }
                    return server;
                } catch (IllegalStateException | SQLException e) {
                    server.stopProcess();
                    last = new IllegalStateException("PostgreSQL did not start: " + e.getMessage(), e);
                }
            }
            throw last;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start PostgreSQL for the tests", e);
        }
    }

    private void awaitReady(Path log) {
        long deadline = System.nanoTime() + READY.toNanos();
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the server exited with " + process.exitValue() + ": " + read(log));
            }
            try {
                superuser().close();
                return;
            } catch (SQLException e) {
                last = e;
            }
            sleep(100);
        }
        throw new IllegalStateException("the server was not ready within " + READY.toSeconds() + " s ("
                + (last == null ? "" : last.getMessage()) + "): " + read(log));
    }

    private void stop() {
        stopProcess();
        delete(dir);
    }

    /** Closes the watchdog's input, which stops the server; waits until it is gone. */
    private void stopProcess() {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void run(List<String> command, Path log) throws IOException {
        Process process = new ProcessBuilder(asServerUser(command))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(command.get(0) + " did not finish within 2 minutes: " + read(log));
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException(command.get(0) + " was interrupted", e);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(command.get(0) + " exited with " + process.exitValue() + ": " + read(log));
        }
    }

    private static boolean asRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static List<String> asServerUser(List<String> command) {
        if (!asRoot()) {
            return command;
        }
        List<String> out = new ArrayList<>(List.of("runuser", "-u", SUPERUSER, "--"));
        out.addAll(command);
        return out;
    }

    private static void owned(Path path) throws IOException {
        UserPrincipalLookupService users = path.getFileSystem().getUserPrincipalLookupService();
        Files.setOwner(path, users.lookupPrincipalByName(SUPERUSER));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String read(Path log) {
        try {
            return Files.readString(log).strip();
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // A temporary folder the OS cleans up anyway.
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
