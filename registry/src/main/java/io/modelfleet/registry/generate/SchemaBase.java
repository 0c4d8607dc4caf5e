package io.modelfleet.registry.generate;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Where a registry file's first line, {@code # yaml-language-server: $schema=…}, points editors for
 * the file's JSON Schema: a URL prefix (the published schemas, or any mirror) or a folder holding
 * {@code <kind>.schema.json} (the release archive's {@code schemas/}, or this repository's schema
 * resources). yaml-language-server (VS Code's YAML extension, and the editors that embed it) reads
 * the line; JetBrains IDEs map schemas by file pattern instead (see the README's "Editor support").
 */
public sealed interface SchemaBase permits SchemaBase.Url, SchemaBase.Folder {
    /** The project's home; the published schemas are its files at a release tag. */
    String PUBLISHED_REPOSITORY = "https://raw.githubusercontent.com/example/modelfleet/";

    /** Where the schemas live in the repository: the published URL is the checked-in file. */
    String SCHEMA_FOLDER = "schemas/src/main/resources/modelfleet/schemas/";

    /** The schemas as published on main: what a development build and the sample generators point at. */
    SchemaBase DEVELOPMENT = new Url(PUBLISHED_REPOSITORY + "main/" + SCHEMA_FOLDER);

    /** The schema file of each kind, as named in the schemas module and the release archive. */
    enum Kind {
        MODEL("model.schema.json"),
        TEAM("team.schema.json"),
        TIER_POLICIES("tier-policies.schema.json"),
        LAUNCH("launch.schema.json"),
        TRAFFIC_PROFILE("traffic-profile.schema.json");

        private final String fileName;

        Kind(String fileName) {
            this.fileName = fileName;
        }

        public String fileName() {
            return fileName;
        }
    }

    /**
     * The schemas published with modelfleet {@code version}: the files at its release tag
     * ({@code v0.1.0}). A snapshot build has no tag yet, so it points at {@code main}, the branch
     * snapshots are built from: its schemas may be ahead of the build's, but a tag that does not
     * exist would leave editors with no schema at all.
     */
    static SchemaBase published(String version) {
        requireNonNull(version, "version is null");
        String ref = version.endsWith("-SNAPSHOT") ? "main" : "v" + version;
        return new Url(PUBLISHED_REPOSITORY + ref + "/" + SCHEMA_FOLDER);
    }

    /**
     * Reads a base as a person writes it: {@code http://}, {@code https://} and {@code file:}
     * prefixes are URLs; anything else is a folder, taken from {@code workingDirectory} when relative.
     */
    static SchemaBase parse(String text, Path workingDirectory) {
        requireNonNull(text, "text is null");
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://") || lower.startsWith("file:")) {
            return new Url(text.endsWith("/") ? text : text + "/");
        }
        Path path = Path.of(text);
        return new Folder(workingDirectory.resolve(path).toAbsolutePath().normalize(), !path.isAbsolute());
    }

    /** The schema reference written into {@code file}, a registry file of {@code kind}. */
    String reference(Path file, Kind kind);

    /** The whole first line, without its line break. */
    default String modeline(Path file, Kind kind) {
        return "# yaml-language-server: $schema=" + reference(file, kind);
    }

    /** What people see: the URL prefix or the folder. */
    String describe();

    /** Schemas at {@code prefix + <kind>.schema.json}; {@code prefix} ends with a slash. */
    record Url(String prefix) implements SchemaBase {
        public Url {
            requireNonNull(prefix, "prefix is null");
        }

        @Override
        public String reference(Path file, Kind kind) {
            return prefix + kind.fileName();
        }

        @Override
        public String describe() {
            return prefix;
        }
    }

    /**
     * Schemas in a local folder. A folder given as a relative path is written relative to each file,
     * so the registry and the schemas can move together (a checkout, an unpacked archive beside the
     * registry); an absolute one is written as it is, so the registry can move alone.
     */
    record Folder(Path folder, boolean writeRelative) implements SchemaBase {
        public Folder {
            requireNonNull(folder, "folder is null");
            if (!folder.isAbsolute()) {
                throw new IllegalArgumentException("folder must be absolute, got " + folder);
            }
        }

        @Override
        public String reference(Path file, Kind kind) {
            Path schema = folder.resolve(kind.fileName());
            Path written = writeRelative
                    ? file.toAbsolutePath().normalize().getParent().relativize(schema)
                    : schema;
            // yaml-language-server resolves the path with Node's path module: forward slashes work everywhere.
            return written.toString().replace('\\', '/');
        }

        @Override
        public String describe() {
            return folder.toString();
        }
    }
}
