package io.modelfleet.registry;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** Everything {@code registry validate} found, and the registry built from the valid entries. */
public record ValidationReport(Registry registry, List<Diagnostic> diagnostics, int filesChecked) {
    public ValidationReport {
        requireNonNull(registry, "registry is null");
        diagnostics = diagnostics.stream().sorted().toList();
    }

    public boolean isValid() {
        return diagnostics.stream().noneMatch(d -> d.severity() == Diagnostic.Severity.ERROR);
    }

    public long errorCount() {
        return diagnostics.stream()
                .filter(d -> d.severity() == Diagnostic.Severity.ERROR)
                .count();
    }
}
