package io.modelfleet.cli.registry;

import io.modelfleet.cli.CliContext;
import io.modelfleet.core.ModelfleetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Resolves the registry folder: the DIR argument, else 'registry' in modelfleet.yaml, else ./registry. */
final class RegistryDir {
    private RegistryDir() {}

    static Path resolve(CliContext context, Optional<Path> argument) {
        Path dir = argument.map(context::resolve).orElseGet(() -> context.config().registry());
        if (!Files.isDirectory(dir)) {
            String source = argument.isPresent() ? "" : context.config().file().map(f -> " (from " + f + ")").orElse(" (default)");
            throw ModelfleetException.userError("Cannot open registry " + dir + source + ": no such folder",
                    "pass the registry folder as DIR, or set 'registry:' in modelfleet.yaml");
        }
        return dir;
    }

    /** The path to show users: relative to the working folder when it lies below it. */
    static String display(CliContext context, Path dir, String file) {
        Path full = dir.resolve(file).normalize();
        Path cwd = context.cwd().toAbsolutePath().normalize();
        Path shown = full.startsWith(cwd) ? cwd.relativize(full) : full;
        return shown.toString().replace('\\', '/');
    }
}
