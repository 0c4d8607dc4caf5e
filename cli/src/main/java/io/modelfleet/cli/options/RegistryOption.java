package io.modelfleet.cli.options;

import io.modelfleet.cli.CliContext;
import io.modelfleet.core.ModelfleetErrors;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --registry DIR}, the same in every command; falls back to 'registry' in modelfleet.yaml. */
public final class RegistryOption {
    @Option(names = "--registry", paramLabel = "DIR", description = "Registry folder (default: from modelfleet.yaml).")
    Path registry;

    /** The folder, checked to exist. */
    public Path resolve(CliContext context) {
        return resolve(context, registry);
    }

    /** Resolves {@code given} (a flag or argument, may be null), else the config's registry, and checks it is a folder. */
    public static Path resolve(CliContext context, Path given) {
        Path dir = given != null ? context.resolve(given) : context.config().registry();
        if (!Files.isDirectory(dir)) {
            String source = given != null
                    ? ""
                    : context.config().file().map(f -> " (from " + f + ")").orElse(" (default)");
            throw ModelfleetErrors.registryMissing(dir, source);
        }
        return dir;
    }

    /** The flag's value, if given. */
    public Path given() {
        return registry;
    }
}
