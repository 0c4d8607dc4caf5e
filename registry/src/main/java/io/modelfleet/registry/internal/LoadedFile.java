package io.modelfleet.registry.internal;

import io.modelfleet.registry.Diagnostic;
import io.modelfleet.registry.internal.yaml.YamlDocument;
import java.util.List;
import java.util.Optional;

/**
 * One registry file after reading, parsing and schema validation. {@code document} is present when
 * the YAML parsed; {@code schemaValid} says whether it may be bound to a record.
 */
public record LoadedFile(String path, FileKind kind, byte[] sha256, Optional<YamlDocument> document, boolean schemaValid,
        List<Diagnostic> diagnostics) {
    public LoadedFile {
        diagnostics = List.copyOf(diagnostics);
    }

    public enum FileKind {
        TIERS,
        TEAM,
        MODEL,
        LAUNCH
    }
}
