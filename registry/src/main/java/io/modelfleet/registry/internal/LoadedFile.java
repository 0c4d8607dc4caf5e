package io.modelfleet.registry.internal;

import io.modelfleet.registry.Diagnostic;
import java.util.List;
import java.util.Optional;

/**
 * One registry file after reading, parsing and schema validation. {@code entry} holds the bound
 * record ({@code Model}, {@code Team} or {@code TierPolicies}, by {@code kind}) when the file
 * parsed and passed its schema; the parsed tree itself is not kept.
 */
public record LoadedFile(
        String path, FileKind kind, byte[] content, Optional<Object> entry, List<Diagnostic> diagnostics) {
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
