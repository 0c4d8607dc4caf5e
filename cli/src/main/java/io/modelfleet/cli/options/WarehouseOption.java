package io.modelfleet.cli.options;

import io.modelfleet.cli.CliContext;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The --warehouse flag, falling back to 'warehouse' in modelfleet.yaml; mixed into every command that reads or writes tables. */
public final class WarehouseOption {
    @Option(
            names = "--warehouse",
            paramLabel = "DIR",
            description = "Warehouse of Delta tables (default: from modelfleet.yaml).")
    Path warehouse;

    public Path resolve(CliContext context) {
        return warehouse != null ? context.resolve(warehouse) : context.config().warehouse();
    }
}
