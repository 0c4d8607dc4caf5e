package io.modelfleet.registry;

import java.util.Locale;

public enum Lifecycle {
    ACTIVE,
    SHADOW,
    DEPRECATED;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Lifecycle fromId(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }
}
