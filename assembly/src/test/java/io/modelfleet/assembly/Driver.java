package io.modelfleet.assembly;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Spark driver in its own JVM (one JVM holds one SparkContext, and the test JVM's is local): the
 * command line as {@code bin/modelfleet} starts it, or the jobs jar under SparkSubmit, the class
 * behind the {@code spark-submit} script. Output goes to files under {@code target/cluster/drivers}.
 */
final class Driver {
    private static final long TIMEOUT_MINUTES = 5;

    private Driver() {}

    record Run(int exitCode, String out, String err) {}

    /** {@code modelfleet ARGS} in {@code cwd}, on this JVM's class path; executors get the jobs jar. */
    static Run modelfleet(Path cwd, String name, String... args) throws IOException, InterruptedException {
        return await(startModelfleet(cwd, name, args), name);
    }

    static Process startModelfleet(Path cwd, String name, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(StandaloneCluster.javaBinary());
        command.addAll(StandaloneCluster.ADD_OPENS);
        command.add("-Xmx1g");
        command.add("-Dmodelfleet.jobs.jar=" + StandaloneCluster.JOBS_JAR);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("io.modelfleet.cli.Main");
        command.addAll(List.of(args));
        return start(cwd, name, command);
    }

    /**
     * {@code spark-submit --master URL --class io.modelfleet.cli.Main modelfleet-jobs.jar ARGS}, on
     * the cluster's Spark distribution alone: nothing of modelfleet but the jobs jar.
     */
    static Run sparkSubmit(Path cwd, StandaloneCluster cluster, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(StandaloneCluster.javaBinary());
        command.addAll(StandaloneCluster.ADD_OPENS);
        command.add("-Xmx1g");
        command.add("-cp");
        command.add(cluster.sparkJars() + "/*");
        command.addAll(List.of(
                "org.apache.spark.deploy.SparkSubmit",
                "--master",
                cluster.url(),
                "--deploy-mode",
                "client",
                "--conf",
                "spark.ui.enabled=false",
                "--class",
                "io.modelfleet.cli.Main",
                StandaloneCluster.JOBS_JAR.toString()));
        command.addAll(List.of(args));
        return await(start(cwd, "spark-submit", command), "spark-submit");
    }

    static Run await(Process process, String name) throws IOException, InterruptedException {
        if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError(name + " did not finish within " + TIMEOUT_MINUTES + " minutes; see "
                    + folder().resolve(name + ".err"));
        }
        return new Run(
                process.exitValue(),
                Files.readString(folder().resolve(name + ".out"), StandardCharsets.UTF_8),
                Files.readString(folder().resolve(name + ".err"), StandardCharsets.UTF_8));
    }

    private static Process start(Path cwd, String name, List<String> command) throws IOException {
        Files.createDirectories(folder());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(cwd.toFile())
                .redirectOutput(folder().resolve(name + ".out").toFile())
                .redirectError(folder().resolve(name + ".err").toFile());
        return builder.start();
    }

    private static Path folder() {
        return StandaloneCluster.TARGET.resolve("cluster/drivers");
    }
}
