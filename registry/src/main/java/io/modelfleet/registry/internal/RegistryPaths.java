package io.modelfleet.registry.internal;

import java.nio.file.Path;

public final class RegistryPaths {
    public static final String TIERS_FILE = "tiers.yaml";
    public static final String TEAMS_DIR = "teams";
    public static final String MODELS_DIR = "models";
    public static final String LAUNCHES_DIR = "launches";
    /** Traffic profiles, {@code traffic/<surface>.yaml}: what a plan sizes launches from. */
    public static final String TRAFFIC_DIR = "traffic";

    private RegistryPaths() {}

    /**
     * The path a file would have with the {@code .yaml} extension: where an entry belongs is checked on
     * this, since a {@code .yml} file has its own finding ({@code file-extension}).
     */
    public static String withYamlExtension(String relative) {
        return relative.endsWith(".yml") ? relative.substring(0, relative.length() - 4) + ".yaml" : relative;
    }

    /** Path relative to the registry root with forward slashes, as diagnostics and CODEOWNERS print it. */
    public static String relative(Path root, Path file) {
        return root.relativize(file).toString().replace('\\', '/');
    }
}
