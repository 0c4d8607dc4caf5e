package io.modelfleet.registry.internal.yaml;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * One parsed registry file: its tree, where each node came from, and the findings the reader read
 * past (a YAML 1.1 boolean, a leading-zero number, a duplicate key, …). With findings, the tree holds
 * each such value as {@link YamlDocumentReader} documents, so the rest of the file can still be checked.
 */
public record YamlDocument(ObjectNode root, Locations locations, List<YamlProblem> findings) {
    public YamlDocument {
        requireNonNull(root, "root is null");
        requireNonNull(locations, "locations is null");
        findings = List.copyOf(findings);
    }
}
