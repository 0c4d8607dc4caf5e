package io.modelfleet.cli.spark;

import io.modelfleet.cli.CliContext;
import io.modelfleet.cli.options.WarehouseOption;
import io.modelfleet.cli.spark.launch.LaunchPlatform;
import io.modelfleet.core.Location;
import io.modelfleet.jobs.Warehouse;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Mixin;

/** The options of a command that reads the warehouse with Spark SQL: where the tables are, and which Spark. */
public final class WarehouseQuery {
    @Mixin
    WarehouseOption warehouseOption;

    @Mixin
    SparkOptions sparkOptions;

    /** The warehouse folder, from --warehouse or modelfleet.yaml. */
    public Location folder(CliContext context) {
        return warehouseOption.resolve(context);
    }

    /** Starts Spark and opens the warehouse's tables for read-only queries. */
    public Warehouse open(CliContext context) {
        Location folder = folder(context); // a mistyped location is refused before Spark starts
        return new Warehouse(sparkOptions.start(context), folder);
    }

    /**
     * As {@link #open}, after publishing the launch steps still waiting in the scheduler's database
     * to launch_events, so that a query sees every step made so far (only {@code sql} asks: it is
     * the command that may read that table).
     */
    public Warehouse openWithLaunchEvents(CliContext context) {
        Location folder = folder(context);
        SparkSession spark = sparkOptions.start(context);
        LaunchPlatform.publishPending(context, spark, folder);
        return new Warehouse(spark, folder);
    }
}
