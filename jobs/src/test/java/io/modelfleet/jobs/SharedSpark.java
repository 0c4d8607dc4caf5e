package io.modelfleet.jobs;

import org.apache.spark.sql.SparkSession;

/** One SparkSession for the whole test JVM: local[2], UI off, few partitions. */
public final class SharedSpark {
    private static SparkSession spark;

    private SharedSpark() {}

    public static synchronized SparkSession get() {
        if (spark == null) {
            spark = SparkSessions.create("local[2]", "modelfleet-tests");
            spark.sparkContext().setLogLevel("WARN");
        }
        return spark;
    }
}
