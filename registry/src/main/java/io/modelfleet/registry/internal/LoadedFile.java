package io.modelfleet.registry.internal;

import io.modelfleet.registry.Diagnostic;
import java.util.List;
import java.util.Optional;

/**
 * One registry file after reading, parsing and schema validation. {@code entry} holds the bound
 * record ({@code Model}, {@code Team}, {@code TierPolicies}, {@code Launch} or {@code TrafficProfile}, by {@code kind}) when
 * the file parsed and passed its schema, even if the reader read past findings in it (a YAML 1.1
 * boolean): such an entry is checked by the policy rules but is not {@link #clean}. The parsed tree
 * itself is not kept.
 */
public record LoadedFile(
        String path, FileKind kind, byte[] content, Optional<Object> entry, List<Diagnostic> diagnostics) {
    public LoadedFile {
        diagnostics = List.copyOf(diagnostics);
    }

    /** Bound, and without an error of its own: an entry commands may act on. */
    public boolean clean() {
        if (entry.isEmpty()) {
            return false;
        }
        for (Diagnostic diagnostic : diagnostics) {
            if (diagnostic.severity() == Diagnostic.Severity.ERROR) {
                return false;
            }
        }
        return true;
    }

    public enum FileKind {
        TIERS,
        TEAM,
        MODEL,
        LAUNCH,
        /** {@code traffic/<surface>.yaml}: validated with the registry, but no part of {@code Registry}'s files. */
        TRAFFIC_PROFILE
    }
}
