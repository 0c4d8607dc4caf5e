package io.modelfleet.registry.internal;

import com.networknt.schema.Error;
import io.modelfleet.registry.Diagnostic;
import io.modelfleet.registry.SourceDocument;
import io.modelfleet.registry.internal.LoadedFile.FileKind;
import io.modelfleet.registry.internal.schema.SchemaCatalog;
import io.modelfleet.registry.internal.schema.SchemaDiagnostics;
import io.modelfleet.registry.internal.yaml.Locations;
import io.modelfleet.registry.internal.yaml.YamlDocument;
import io.modelfleet.registry.internal.yaml.YamlDocumentReader;
import io.modelfleet.registry.internal.yaml.YamlProblem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** Reads, parses and schema-validates one file. Stateless apart from the shared schema catalog; safe across threads. */
public final class FileValidator {
    private final Supplier<SchemaCatalog> catalog;

    /** @param catalog the schemas, asked for only once a file has parsed (they may still be compiling) */
    public FileValidator(Supplier<SchemaCatalog> catalog) {
        this.catalog = catalog;
    }

    public LoadedFile validate(Path root, Path file, FileKind kind) {
        String relative = RegistryPaths.relative(root, file);
        List<Diagnostic> diagnostics = new ArrayList<>();
        byte[] bytes;
        try {
            bytes = readBounded(file);
        } catch (IOException e) {
            diagnostics.add(Diagnostic.error(
                    relative,
                    1,
                    1,
                    "file-unreadable",
                    "cannot read file: " + e.getMessage(),
                    "check the file's permissions and that it is a regular file"));
            return new LoadedFile(relative, kind, new byte[0], Optional.empty(), diagnostics);
        }
        if (bytes.length > YamlDocumentReader.MAX_FILE_BYTES) {
            diagnostics.add(Diagnostic.error(
                    relative,
                    1,
                    1,
                    "yaml-too-large",
                    "file is larger than " + YamlDocumentReader.MAX_FILE_BYTES + " bytes",
                    "registry entries are small; remove what does not belong in an entry"));
            return new LoadedFile(relative, kind, bytes, Optional.empty(), diagnostics);
        }
        YamlDocument document;
        try {
            document = YamlDocumentReader.read(bytes);
            if (!document.findings().isEmpty()) {
                // Findings need positions, and so will whatever the schema says about the same file.
                document = YamlDocumentReader.readLocated(bytes);
            }
        } catch (YamlProblem fast) {
            YamlProblem problem = locate(bytes).problem.orElse(fast);
            problem.findingsBefore().forEach(finding -> diagnostics.add(diagnostic(relative, finding)));
            diagnostics.add(diagnostic(relative, problem));
            return new LoadedFile(relative, kind, bytes, Optional.empty(), diagnostics);
        }
        // Findings the reader read past leave a tree worth checking: the schema and, if it binds, the
        // policy rules still run on it, so one run reports them all.
        document.findings().forEach(finding -> diagnostics.add(diagnostic(relative, finding)));
        SchemaCatalog.Kind schemaKind = switch (kind) {
            case TIERS -> SchemaCatalog.Kind.TIER_POLICIES;
            case TEAM -> SchemaCatalog.Kind.TEAM;
            case LAUNCH -> SchemaCatalog.Kind.LAUNCH;
            case TRAFFIC_PROFILE -> SchemaCatalog.Kind.TRAFFIC_PROFILE;
            default -> SchemaCatalog.Kind.MODEL;
        };
        SchemaCatalog schemas = catalog.get();
        List<Error> errors = schemas.validate(schemaKind, document.root());
        if (!errors.isEmpty()) {
            Locations locations = document.findings().isEmpty() ? locate(bytes).locations : document.locations();
            for (Error error : errors) {
                diagnostics.add(SchemaDiagnostics.toDiagnostic(
                        relative, schemaKind, schemas.document(schemaKind), locations, error));
            }
        }
        if (!errors.isEmpty()) {
            return new LoadedFile(relative, kind, bytes, Optional.empty(), diagnostics);
        }
        if (kind == FileKind.TRAFFIC_PROFILE) {
            Optional<EntryBinder.Problem> problem = EntryBinder.trafficProfileProblem(document.root());
            if (problem.isPresent()) {
                Locations locations = document.findings().isEmpty() ? locate(bytes).locations : document.locations();
                int[] at = locations.ofValue(problem.get().pointer());
                diagnostics.add(Diagnostic.error(
                        relative,
                        at[0],
                        at[1],
                        "traffic-profile-invalid",
                        problem.get().message(),
                        "write it again with 'modelfleet launch profile' rather than edit it"));
                return new LoadedFile(relative, kind, bytes, Optional.empty(), diagnostics);
            }
        }
        Object entry = switch (kind) {
            case TIERS -> EntryBinder.tierPolicies(document.root());
            case TEAM -> EntryBinder.team(document.root(), relative);
            case LAUNCH -> EntryBinder.launch(document.root(), relative);
            case TRAFFIC_PROFILE -> EntryBinder.trafficProfile(document.root(), relative);
            default -> EntryBinder.model(document.root(), relative, SourceDocument.wrap(bytes));
        };
        return new LoadedFile(relative, kind, bytes, Optional.of(entry), diagnostics);
    }

    private static Diagnostic diagnostic(String relative, YamlProblem problem) {
        return Diagnostic.error(
                relative, problem.line(), problem.column(), problem.rule(), problem.getMessage(), problem.hint());
    }

    private record Located(Locations locations, Optional<YamlProblem> problem) {}

    /** Re-reads with positions; only files with problems pay for it. */
    private static Located locate(byte[] bytes) {
        try {
            return new Located(YamlDocumentReader.readLocated(bytes).locations(), Optional.empty());
        } catch (YamlProblem problem) {
            return new Located(Locations.NONE, Optional.of(problem));
        }
    }

    /** Positions of a file's nodes, read again from disk; for the rare policy finding. */
    public static Locations locationsOf(Path file) {
        try {
            return locate(readBounded(file)).locations;
        } catch (IOException e) {
            return Locations.NONE;
        }
    }

    /** Reads at most one byte past the limit, so a huge or endless file costs nothing. */
    private static byte[] readBounded(Path file) throws IOException {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("not a regular file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(YamlDocumentReader.MAX_FILE_BYTES + 1);
        }
    }
}
