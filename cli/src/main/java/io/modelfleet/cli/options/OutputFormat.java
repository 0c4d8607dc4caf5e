package io.modelfleet.cli.options;

import java.util.Locale;

/** Every output format a modelfleet command can write; each command writes a few (see {@link Formats}). */
public enum OutputFormat {
    TEXT,
    TABLE,
    CSV,
    JSON,
    MARKDOWN,
    GITHUB,
    /** The OpenMetrics text format, in the part Prometheus's text format 0.0.4 reads alike. */
    OPENMETRICS;

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
