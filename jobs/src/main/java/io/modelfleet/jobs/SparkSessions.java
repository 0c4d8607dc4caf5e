package io.modelfleet.jobs;

import io.modelfleet.core.ModelfleetErrors;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * Creates the SparkSession every job runs in: Delta enabled, UI off, few shuffle partitions for
 * the embedded default. With a cluster master the same settings apply, except the partition count
 * which Spark then sizes itself.
 */
public final class SparkSessions {
    private SparkSessions() {}

    /** How long a standalone master gets to accept a connection before the run gives up on it. */
    private static final Duration MASTER_CONNECT_TIMEOUT = Duration.ofSeconds(5);

    /** How long a table keeps files a rewrite replaced, for time travel and readers mid-query. */
    public static final String DELETED_FILE_RETENTION = "interval 7 days";

    /** How long a table keeps its commit history. */
    public static final String LOG_RETENTION = "interval 30 days";

    public static SparkSession create(String master, String appName) {
        return create(master, appName, Map.of());
    }

    /**
     * A session with {@code conf} (modelfleet.yaml's {@code spark.conf}: e.g. the {@code
     * spark.hadoop.fs.s3a.*} settings of a warehouse on S3) set after modelfleet's own settings.
     */
    public static SparkSession create(String master, String appName, Map<String, String> conf) {
        boolean local = master.startsWith("local");
        if (!local && !master.startsWith("spark://") && !underSparkSubmit()) {
            // yarn and k8s:// need Spark's cluster-manager modules, which spark-submit brings.
            throw ModelfleetErrors.sparkMasterUnsupported(master);
        }
        if (master.startsWith("spark://")) {
            // Spark itself retries a dead standalone master for a minute and then says "All masters are
            // unresponsive"; a person wants the URL that is wrong, at once.
            requireReachable(master);
        }
        SparkSession.Builder builder = SparkSession.builder()
                .master(master)
                .appName(appName)
                .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
                .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
                .config("spark.ui.enabled", "false")
                .config("spark.ui.showConsoleProgress", "false")
                .config("spark.sql.session.timeZone", "UTC")
                .config("spark.sql.sources.partitionOverwriteMode", "dynamic")
                // ds=/hr= partition values stay text ("07"), as the data contract writes them.
                .config("spark.sql.sources.partitionColumnTypeInference.enabled", "false")
                .config("spark.databricks.delta.snapshotPartitions", "2")
                // The retention every table is created with, stated in the table (SHOW TBLPROPERTIES)
                // rather than left to Delta's defaults: replaced files stay a week for time travel and
                // readers mid-query (until a VACUUM, which modelfleet never runs), the log 30 days.
                .config(
                        "spark.databricks.delta.properties.defaults.deletedFileRetentionDuration",
                        DELETED_FILE_RETENTION)
                .config("spark.databricks.delta.properties.defaults.logRetentionDuration", LOG_RETENTION)
                .config("spark.sql.adaptive.enabled", "true")
                // Identical plans (each hourly run of the SLO job in a long-lived session) then share
                // one generated class, so the JIT warms one copy instead of one per run: with ids in
                // the class names, the first run of a day took twice as long as the next.
                .config("spark.sql.codegen.useIdInClassName", "false")
                // Tables are paths in the warehouse folder, never catalog tables: without this, Spark's
                // catalog leaves an empty spark-warehouse/ in whatever folder a command ran from.
                .config(
                        "spark.sql.warehouse.dir",
                        Path.of(System.getProperty("java.io.tmpdir"), "modelfleet-spark-catalog")
                                .toUri()
                                .toString());
        if (!local && !underSparkSubmit()) {
            // Executors run the jobs' own code (lambdas, encoders, the funnel simulator): ship it, as
            // spark-submit ships its application jar.
            builder.config("spark.jars", jobsJar(master).toString());
        }
        if (local) {
            builder.config("spark.sql.shuffle.partitions", "4")
                    .config("spark.default.parallelism", "4")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    // Parquet's vectored reads on the local file system land each row group's column
                    // chunks in direct buffers (tens of MB each) that only a full GC frees: a warm
                    // session judging a day of logs held 300 MB of them, taking it past 2 GiB
                    // resident. Plain reads go through the heap, at the same speed on local disks.
                    .config("spark.hadoop.parquet.hadoop.vectored.io.enabled", "false");
        }
        conf.forEach(builder::config);
        return builder.getOrCreate();
    }

    /**
     * The master a command runs against when none is given: spark-submit's (it passes {@code --master}
     * to the driver as the {@code spark.master} property), else {@code configured}.
     */
    public static String defaultMaster(String configured) {
        String submitted = System.getProperty("spark.master");
        return submitted != null && !submitted.isBlank() ? submitted : configured;
    }

    /** spark-submit set this JVM up and ships the application jar to the executors itself. */
    static boolean underSparkSubmit() {
        return System.getProperty("spark.submit.deployMode") != null;
    }

    /**
     * The jar of modelfleet's classes and the libraries Spark lacks ({@code assembly/}): the
     * {@code modelfleet.jobs.jar} property, else the one built under {@code modelfleet.home}.
     */
    static Path jobsJar(String master) {
        String explicit = System.getProperty("modelfleet.jobs.jar");
        Path jar = explicit != null
                ? Path.of(explicit)
                : Path.of(System.getProperty("modelfleet.home", "."), "assembly", "target", "modelfleet-jobs.jar");
        if (!Files.isRegularFile(jar)) {
            throw ModelfleetErrors.jobsJarMissing(master, jar.toAbsolutePath().normalize());
        }
        return jar.toAbsolutePath().normalize();
    }

    /** Fails unless one of the standalone masters in {@code spark://h1:p1[,h2:p2]} accepts a connection. */
    static void requireReachable(String master) {
        String reason = "no host in the URL";
        for (String hostPort : master.substring("spark://".length()).split(",")) {
            int colon = hostPort.lastIndexOf(':');
            String host = colon < 0 ? hostPort : hostPort.substring(0, colon);
            int port;
            try {
                port = colon < 0 ? 7077 : Integer.parseInt(hostPort.substring(colon + 1));
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (host.isBlank() || port < 1 || port > 65535) {
                throw ModelfleetErrors.sparkMasterUnreachable(master, "'" + hostPort + "' is not host:port");
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host, port), (int) MASTER_CONNECT_TIMEOUT.toMillis());
                return;
            } catch (IOException e) {
                reason = hostPort + " " + describe(e);
            }
        }
        throw ModelfleetErrors.sparkMasterUnreachable(master, reason);
    }

    private static String describe(IOException e) {
        if (e instanceof ConnectException) {
            return "refused the connection (nothing listens there)";
        }
        if (e instanceof SocketTimeoutException) {
            return "did not answer within " + MASTER_CONNECT_TIMEOUT.toSeconds() + " s";
        }
        if (e instanceof UnknownHostException) {
            return "is not a known host";
        }
        return "failed: " + e.getMessage();
    }
}
