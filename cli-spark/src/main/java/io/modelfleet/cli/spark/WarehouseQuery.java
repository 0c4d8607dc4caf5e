package io.modelfleet.cli.spark;

import io.modelfleet.cli.CliContext;
import io.modelfleet.cli.options.WarehouseOption;
import io.modelfleet.jobs.Warehouse;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;

/** The options of a command that reads the warehouse with Spark SQL: where the tables are, and which Spark. */
public final class WarehouseQuery {
    @Mixin
    WarehouseOption warehouseOption;

    @Mixin
    SparkOptions sparkOptions;

    /** The warehouse folder, from --warehouse or modelfleet.yaml. */
    public Path folder(CliContext context) {
        return warehouseOption.resolve(context);
    }

    /** Starts Spark and opens the warehouse's tables for read-only queries. */
    public Warehouse open(CliContext context) {
        return new Warehouse(sparkOptions.start(context), folder(context));
    }
}
