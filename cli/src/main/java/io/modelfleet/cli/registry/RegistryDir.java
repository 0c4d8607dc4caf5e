package io.modelfleet.cli.registry;

import io.modelfleet.cli.CliContext;
import java.nio.file.Path;

/** How registry paths are shown to users. */
final class RegistryDir {
    private RegistryDir() {}

    /** The path to show users: relative to the working folder when it lies below it. */
    static String display(CliContext context, Path dir, String file) {
        Path full = dir.resolve(file).normalize();
        Path cwd = context.cwd().toAbsolutePath().normalize();
        Path shown = full.startsWith(cwd) ? cwd.relativize(full) : full;
        return shown.toString().replace('\\', '/');
    }
}
