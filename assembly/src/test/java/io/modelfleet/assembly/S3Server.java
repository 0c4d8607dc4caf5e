package io.modelfleet.assembly;

import java.io.IOException;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A real S3-compatible object store on loopback: S3Proxy ({@code target/s3proxy.jar}, copied there
 * by the build) in its own JVM, keeping buckets as folders under {@code target/s3/NAME/data}. It
 * checks request signatures (AWS v2 and v4) against one fixed test key, so a client that reaches
 * it with the wrong settings fails as it would against S3.
 *
 * <p>{@link #hadoopSettings()} is what Spark needs to use it through S3A ({@code s3a://BUCKET/…}).
 * {@link #close()} stops the process; a shutdown hook does the same if the test JVM ends first.
 */
public final class S3Server implements AutoCloseable {
    public static final Path JAR = StandaloneCluster.TARGET.resolve("s3proxy.jar");
    public static final String ACCESS_KEY = "modelfleet-test-access-key";
    public static final String SECRET_KEY = "modelfleet-test-secret-key";
    /** S3Proxy accepts any region in a v4 signature; S3A needs one to sign with and not look one up. */
    public static final String REGION = "us-east-1";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    /** S3's rule for bucket names, which S3A's s3a://BUCKET/ host part also has to satisfy. */
    private static final Pattern BUCKET_NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    private final Path data;
    private final Path log;
    private final int port;
    private Process process;
    private final Thread hook = new Thread(this::stop, "stop-s3proxy");

    private S3Server(Path data, Path log, int port) {
        this.data = data;
        this.log = log;
        this.port = port;
    }

    /** Starts an empty store under {@code target/s3/NAME} and waits until it answers HTTP. */
    public static S3Server start(String name) throws IOException, InterruptedException {
        return start(StandaloneCluster.TARGET, name);
    }

    /**
     * As {@link #start(String)}, from the assembly module's build folder {@code assemblyTarget}
     * (which holds s3proxy.jar); the store, its configuration and its log go under {@code
     * assemblyTarget/s3/NAME}, the store emptied first.
     */
    public static S3Server start(Path assemblyTarget, String name) throws IOException, InterruptedException {
        Path jar = assemblyTarget.resolve("s3proxy.jar");
        if (!Files.isRegularFile(jar)) {
            throw new AssertionError(jar + " is missing: the build copies it (maven-dependency-plugin, execution"
                    + " s3proxy, in generate-test-resources); run the tests through Maven once");
        }
        Path folder = assemblyTarget.resolve("s3/" + name);
        Path data = folder.resolve("data");
        SmallDeployment.deleteTree(data);
        Files.createDirectories(data);
        S3Server server = new S3Server(data, folder.resolve("s3proxy.log"), StandaloneCluster.freePort());

        Properties config = new Properties();
        config.setProperty("s3proxy.endpoint", server.endpoint());
        config.setProperty("s3proxy.authorization", "aws-v2-or-v4");
        config.setProperty("s3proxy.identity", ACCESS_KEY);
        config.setProperty("s3proxy.credential", SECRET_KEY);
        // jclouds' store, not S3Proxy's newer "filesystem-nio2": that one answers HEAD KEY with 200 where
        // only the directory marker KEY/ exists, and S3A's mkdirs then takes the directory for a file
        // (FileAlreadyExistsException "Path is a file" on Delta's _delta_log/_staged_commits).
        config.setProperty("jclouds.provider", "filesystem");
        config.setProperty("jclouds.filesystem.basedir", data.toString());
        Path properties = folder.resolve("s3proxy.properties");
        try (Writer out = Files.newBufferedWriter(properties, StandardCharsets.UTF_8)) {
            config.store(out, "S3Server " + name);
        }

        Runtime.getRuntime().addShutdownHook(server.hook);
        try {
            server.process = new ProcessBuilder(List.of(
                            StandaloneCluster.javaBinary(),
                            "-Xmx256m",
                            "-jar",
                            jar.toString(),
                            "--properties",
                            properties.toString()))
                    .directory(folder.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(server.log.toFile())
                    .start();
            server.awaitReady();
            return server;
        } catch (IOException | InterruptedException | RuntimeException | AssertionError e) {
            server.close();
            throw e;
        }
    }

    /** {@code http://127.0.0.1:PORT}: what S3A's {@code fs.s3a.endpoint} is set to. */
    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /**
     * Creates an empty bucket. With S3Proxy's filesystem store a bucket is a folder of the store's
     * root, so this needs no signed request; S3A itself never creates buckets.
     */
    public void createBucket(String bucket) throws IOException {
        if (!BUCKET_NAME.matcher(bucket).matches()) {
            throw new IllegalArgumentException("'" + bucket + "' is not an S3 bucket name (3-63 of a-z 0-9 . -)");
        }
        Files.createDirectories(data.resolve(bucket));
    }

    /** Where a bucket's objects lie on disk (a key's slashes are folders). */
    public Path bucketFolder(String bucket) {
        return data.resolve(bucket);
    }

    /** What S3A needs to use this store, as Hadoop keys ({@code fs.s3a.*}). */
    public Map<String, String> s3aSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("fs.s3a.endpoint", endpoint());
        // Signing region: without one S3A asks the SDK's region chain, which may probe EC2 metadata.
        settings.put("fs.s3a.endpoint.region", REGION);
        // http://127.0.0.1:PORT/BUCKET/KEY, not http://BUCKET.127.0.0.1:PORT/KEY.
        settings.put("fs.s3a.path.style.access", "true");
        settings.put("fs.s3a.connection.ssl.enabled", "false");
        // The fixed key and nothing else: the default chain would also read AWS_* variables, ~/.aws and
        // the EC2 metadata service.
        settings.put("fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
        settings.put("fs.s3a.access.key", ACCESS_KEY);
        settings.put("fs.s3a.secret.key", SECRET_KEY);
        // A dead or misconfigured store fails a test in seconds, not after S3A's minutes of retries.
        settings.put("fs.s3a.attempts.maximum", "2");
        settings.put("fs.s3a.retry.limit", "2");
        settings.put("fs.s3a.connection.establish.timeout", "5s");
        return settings;
    }

    /**
     * {@link #s3aSettings()} as Spark configuration ({@code spark.hadoop.fs.s3a.*}): for a
     * SparkSession builder or {@code spark-submit --conf} before the SparkContext starts.
     */
    public Map<String, String> hadoopSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        s3aSettings().forEach((key, value) -> settings.put("spark.hadoop." + key, value));
        return settings;
    }

    /** The process's output, for a failing test's message. */
    public Path log() {
        return log;
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run: it stops the same process
        }
    }

    private void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Ready when it answers HTTP at all: an unsigned request gets 403 AccessDenied. */
    private void awaitReady() throws InterruptedException {
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest probe = HttpRequest.newBuilder(URI.create(endpoint() + "/"))
                .timeout(Duration.ofSeconds(5))
                .build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("s3proxy exited with status " + process.exitValue() + " before it answered on "
                        + endpoint() + "; see " + log);
            }
            try {
                client.send(probe, HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new AssertionError(
                "s3proxy did not answer on " + endpoint() + " within " + START_TIMEOUT.toSeconds() + " s; see " + log);
    }
}
