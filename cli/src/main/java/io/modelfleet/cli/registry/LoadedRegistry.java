package io.modelfleet.cli.registry;

import io.modelfleet.cli.CliContext;
import io.modelfleet.registry.Registry;
import io.modelfleet.registry.RegistryLoader;
import io.modelfleet.registry.ValidationReport;
import java.nio.file.Path;

/** Loads a registry for read-only commands, warning (not failing) when it has errors. */
final class LoadedRegistry {
    private LoadedRegistry() {}

    static Registry load(CliContext context, Path dir) {
        ValidationReport report = RegistryLoader.load(dir);
        if (!report.isValid()) {
            context.err()
                    .println(
                            "warning: registry " + dir + " has " + report.errorCount()
                                    + " error(s); entries with errors are left out. Run 'modelfleet registry validate' for details.");
        }
        return report.registry();
    }
}
