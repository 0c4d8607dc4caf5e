package io.modelfleet.launch.replay;

import java.util.Locale;

/** Which version of the model a measurement is of: the one serving now, or the one being launched. */
public enum Variant {
    PRODUCTION,
    CANDIDATE;

    /** The value in tables and JSON: {@code production} or {@code candidate}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return id();
    }
}
