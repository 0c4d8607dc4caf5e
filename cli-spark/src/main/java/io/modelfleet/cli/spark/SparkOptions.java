package io.modelfleet.cli.spark;

import io.modelfleet.cli.CliContext;
import io.modelfleet.jobs.SparkSessions;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

/** The --master flag and the session it starts; mixed into every command that runs Spark. */
public final class SparkOptions {
    @Option(
            names = "--master",
            paramLabel = "URL",
            description =
                    "Spark master (default: spark-submit's --master, then spark.master in modelfleet.yaml, else local[*]); e.g."
                            + " spark://host:7077.")
    String master;

    /** The master URL this command runs against. */
    public String master(CliContext context) {
        return master != null
                ? master
                : SparkSessions.defaultMaster(context.config().sparkMaster());
    }

    public SparkSession start(CliContext context) {
        String url = master(context);
        context.err().println("starting Spark (" + url + ")...");
        context.err().flush();
        SparkSession spark =
                SparkSessions.create(url, "modelfleet", context.config().sparkConf());
        spark.sparkContext().setLogLevel("ERROR");
        return spark;
    }
}
