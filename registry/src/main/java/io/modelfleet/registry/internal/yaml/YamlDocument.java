package io.modelfleet.registry.internal.yaml;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** One parsed registry file: its tree and where each node came from. */
public record YamlDocument(ObjectNode root, Locations locations) {
    public YamlDocument {
        requireNonNull(root, "root is null");
        requireNonNull(locations, "locations is null");
    }
}
