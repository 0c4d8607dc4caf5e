package io.modelfleet.registry;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelfleet.registry.internal.yaml.YamlDocumentReader;
import io.modelfleet.registry.internal.yaml.YamlProblem;

/**
 * An entry's file content. Kept as bytes and parsed again only when someone asks for the tree:
 * a 10,000-model registry then holds 10,000 byte arrays instead of a million tree nodes, which is
 * what keeps validation of large fleets fast (garbage collection copies far less).
 */
public final class SourceDocument {
    private final byte[] bytes;
    private volatile ObjectNode tree;

    public SourceDocument(byte[] bytes) {
        this.bytes = requireNonNull(bytes, "bytes is null").clone();
    }

    // `owned` only tells this non-copying constructor apart from the public, copying one.
    @SuppressWarnings("UnusedVariable")
    private SourceDocument(byte[] bytes, boolean owned) {
        this.bytes = bytes;
    }

    /** Takes the array without copying; the caller hands it over and never changes it. */
    public static SourceDocument wrap(byte[] bytes) {
        return new SourceDocument(requireNonNull(bytes, "bytes is null"), true);
    }

    /** The entry's tree; a read-only view shared by all callers. */
    public ObjectNode tree() {
        ObjectNode current = tree;
        if (current == null) {
            try {
                current = YamlDocumentReader.read(bytes).root();
            } catch (YamlProblem e) {
                throw new IllegalStateException("Cannot re-read an entry that parsed before: " + e.getMessage(), e);
            }
            tree = current;
        }
        return current;
    }
}
