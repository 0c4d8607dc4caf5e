package io.modelfleet.jobs;

import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/**
 * Creates the SparkSession every job runs in: Delta enabled, UI off, few shuffle partitions for
 * the embedded default. With a cluster master the same settings apply, except the partition count
 * which Spark then sizes itself.
 */
public final class SparkSessions {
    private SparkSessions() {}

    public static SparkSession create(String master, String appName) {
        boolean local = master.startsWith("local");
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
                .config("spark.sql.adaptive.enabled", "true")
                // Identical plans (the SLO job reads each hour's folder with the same plan) then share
                // one generated class, so the JIT warms one copy instead of one per hour: with ids in
                // the class names, the first run of a day took twice as long as the next.
                .config("spark.sql.codegen.useIdInClassName", "false")
                // Tables are paths in the warehouse folder, never catalog tables: without this, Spark's
                // catalog leaves an empty spark-warehouse/ in whatever folder a command ran from.
                .config(
                        "spark.sql.warehouse.dir",
                        Path.of(System.getProperty("java.io.tmpdir"), "modelfleet-spark-catalog")
                                .toUri()
                                .toString());
        if (local) {
            builder.config("spark.sql.shuffle.partitions", "4")
                    .config("spark.default.parallelism", "4")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1");
        }
        return builder.getOrCreate();
    }
}
