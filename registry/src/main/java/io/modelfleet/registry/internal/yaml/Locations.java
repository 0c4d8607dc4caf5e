package io.modelfleet.registry.internal.yaml;

import java.util.HashMap;
import java.util.Map;

/**
 * Source positions of the nodes of one document, keyed by JSON Pointer. A key's own position is
 * kept apart from its value's so that "unknown property" errors can point at the key.
 */
public final class Locations {
    /** For documents read without positions: every lookup answers line 1, column 1. */
    public static final Locations NONE = new Locations(false);

    private final boolean recording;
    private final Map<String, Long> values = new HashMap<>();
    private final Map<String, Long> keys = new HashMap<>();

    Locations() {
        this(true);
    }

    private Locations(boolean recording) {
        this.recording = recording;
    }

    void putValue(String pointer, int line, int column) {
        if (recording) {
            values.put(pointer, pack(line, column));
        }
    }

    void putKey(String pointer, int line, int column) {
        if (recording) {
            keys.put(pointer, pack(line, column));
        }
    }

    /** Position of the value at {@code pointer}, or of its nearest ancestor that has one. */
    public int[] ofValue(String pointer) {
        return nearest(values, pointer);
    }

    /** Position of the key that names {@code pointer}; falls back to the value's position. */
    public int[] ofKey(String pointer) {
        Long key = keys.get(pointer);
        return key != null ? unpack(key) : nearest(values, pointer);
    }

    private static int[] nearest(Map<String, Long> positions, String pointer) {
        String current = pointer;
        while (true) {
            Long position = positions.get(current);
            if (position != null) {
                return unpack(position);
            }
            if (current.isEmpty()) {
                return new int[] {1, 1};
            }
            current = current.substring(0, current.lastIndexOf('/'));
        }
    }

    private static long pack(int line, int column) {
        return ((long) line << 32) | (column & 0xffffffffL);
    }

    private static int[] unpack(long packed) {
        return new int[] {(int) (packed >>> 32), (int) packed};
    }

    /** Escapes one key as a JSON Pointer reference token (RFC 6901). */
    public static String escape(String key) {
        if (key.indexOf('~') < 0 && key.indexOf('/') < 0) {
            return key;
        }
        return key.replace("~", "~0").replace("/", "~1");
    }
}
