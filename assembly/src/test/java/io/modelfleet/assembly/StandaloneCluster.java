package io.modelfleet.assembly;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Spark standalone cluster on loopback: a master and workers, each its own JVM, started from
 * a Spark distribution made of the Spark and Delta jars the build resolves ({@code
 * target/spark-classpath.txt}, linked into {@code SPARK_HOME/jars}). The workers start executors
 * from that distribution only, so modelfleet's classes reach them the way they reach a real
 * cluster: in the jobs jar the driver ships.
 *
 * <p>{@link #close()} stops every process it started, executors included; a shutdown hook does the
 * same if the test JVM ends first.
 */
public final class StandaloneCluster implements AutoCloseable {
    public static final Path TARGET = Path.of("target").toAbsolutePath();
    public static final Path JOBS_JAR = TARGET.resolve("modelfleet-jobs.jar");
    public static final List<String> ADD_OPENS = List.of(
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Path home;
    private final Path logs;
    private final int port;
    private Process master;
    private final List<Process> workers = new ArrayList<>();
    private final Thread hook = new Thread(this::stopAll, "stop-spark-cluster");

    private StandaloneCluster(Path home, Path logs, int port) {
        this.home = home;
        this.logs = logs;
        this.port = port;
    }

    /** Starts a master and {@code workers} workers of one core and {@code memory} each, and waits until all have registered. */
    public static StandaloneCluster start(String name, int workers, String memory)
            throws IOException, InterruptedException {
        return start(TARGET, name, workers, memory);
    }

    /**
     * As {@link #start(String, int, String)}, from the build folder {@code assemblyTarget} of the
     * assembly module (its spark-classpath.txt); logs and work folders go under {@code
     * assemblyTarget/cluster/NAME}.
     */
    public static StandaloneCluster start(Path assemblyTarget, String name, int workers, String memory)
            throws IOException, InterruptedException {
        Path home = sparkHome(assemblyTarget);
        Path logs = assemblyTarget.resolve("cluster/" + name);
        Files.createDirectories(logs);
        StandaloneCluster cluster = new StandaloneCluster(home, logs, freePort());
        Runtime.getRuntime().addShutdownHook(cluster.hook);
        try {
            cluster.master = cluster.java(
                    "master",
                    List.of(
                            "-Dspark.master.rest.enabled=false",
                            "org.apache.spark.deploy.master.Master",
                            "--host",
                            "127.0.0.1",
                            "--port",
                            String.valueOf(cluster.port),
                            "--webui-port",
                            "0"));
            cluster.awaitLog("master", "I have been elected leader");
            for (int i = 1; i <= workers; i++) {
                Path work = logs.resolve("work-" + i);
                Files.createDirectories(work);
                cluster.workers.add(cluster.java(
                        "worker-" + i,
                        List.of(
                                "org.apache.spark.deploy.worker.Worker",
                                "--host",
                                "127.0.0.1",
                                "--cores",
                                "1",
                                "--memory",
                                memory,
                                "--work-dir",
                                work.toString(),
                                "--webui-port",
                                "0",
                                cluster.url())));
            }
            for (int i = 1; i <= workers; i++) {
                cluster.awaitLog("worker-" + i, "Successfully registered with master");
            }
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    public String url() {
        return "spark://127.0.0.1:" + port;
    }

    public Path sparkJars() {
        return home.resolve("jars");
    }

    /**
     * The executor processes the workers run now: the workers' own children. Not their further
     * descendants: an executor forks short-lived children (it runs {@code chmod a+x} on the jobs
     * jar it fetches) whose command line is the executor's until they exec; counting those would
     * add a second executor's memory, or kill the wrong process.
     */
    public List<ProcessHandle> executors() {
        List<ProcessHandle> out = new ArrayList<>();
        for (Process worker : workers) {
            worker.children()
                    .filter(p -> p.info()
                            .commandLine()
                            .orElse("")
                            .contains("org.apache.spark.executor.CoarseGrainedExecutorBackend"))
                    .forEach(out::add);
        }
        return out;
    }

    /** What a worker's log says, for assertions about executors it lost and started. */
    public String workerLog(int worker) throws IOException {
        return Files.readString(logs.resolve("worker-" + worker + ".log"), StandardCharsets.UTF_8);
    }

    /** Stops the master, as an outage would; the workers stay. */
    public void stopMaster() throws InterruptedException {
        stop(master);
    }

    @Override
    public void close() {
        stopAll();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run: it stops the same processes
        }
    }

    private void stopAll() {
        try {
            for (Process worker : workers) {
                stop(worker);
            }
            stop(master);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops a process and every process it started (a worker's executors), forcibly if it lingers. */
    private static void stop(Process process) throws InterruptedException {
        if (process == null) {
            return;
        }
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        children.forEach(ProcessHandle::destroy);
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        for (ProcessHandle child : children) {
            try {
                child.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception lingering) {
                child.destroyForcibly();
            }
        }
    }

    private Process java(String name, List<String> mainAndArgs) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.addAll(ADD_OPENS);
        command.add("-Xmx256m");
        command.add("-cp");
        command.add(sparkJars() + "/*");
        command.addAll(mainAndArgs);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(logs.resolve(name + ".log").toFile());
        builder.environment().put("SPARK_HOME", home.toString());
        // Spark's launcher, which builds the executors' command line, asks for the Scala version of a
        // distribution whose folder name does not say it.
        builder.environment().put("SPARK_SCALA_VERSION", "2.13");
        return builder.start();
    }

    private void awaitLog(String name, String line) throws IOException, InterruptedException {
        Path log = logs.resolve(name + ".log");
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(log)
                    && Files.readString(log, StandardCharsets.UTF_8).contains(line)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(
                name + " did not log '" + line + "' within " + START_TIMEOUT.toSeconds() + " s; see " + log);
    }

    public static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** SPARK_HOME with jars/ holding Spark's and Delta's closure, as a Spark distribution does. */
    private static Path sparkHome(Path assemblyTarget) throws IOException {
        Path home = assemblyTarget.resolve("spark-home");
        Path jars = home.resolve("jars");
        Files.createDirectories(jars);
        String classpath = Files.readString(assemblyTarget.resolve("spark-classpath.txt"), StandardCharsets.UTF_8)
                .strip();
        for (String entry : classpath.split(":")) {
            Path jar = Path.of(entry);
            Path link = jars.resolve(jar.getFileName());
            if (!Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
                Files.createSymbolicLink(link, jar);
            }
        }
        return home;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
