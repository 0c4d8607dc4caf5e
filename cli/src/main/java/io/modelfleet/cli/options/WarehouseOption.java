package io.modelfleet.cli.options;

import io.modelfleet.cli.CliContext;
import io.modelfleet.core.Location;
import io.modelfleet.core.ModelfleetException.Input;
import picocli.CommandLine.Option;

/** The --warehouse flag, falling back to 'warehouse' in modelfleet.yaml; mixed into every command that reads or writes tables. */
public final class WarehouseOption {
    @Option(
            names = "--warehouse",
            paramLabel = "DIR|URL",
            description = "Warehouse of Delta tables: a folder, or a URL such as s3a://bucket/warehouse"
                    + " (default: from modelfleet.yaml).")
    String warehouse;

    public Location resolve(CliContext context) {
        return warehouse != null
                ? context.location(warehouse, Input.WAREHOUSE)
                : context.config().warehouse();
    }
}
