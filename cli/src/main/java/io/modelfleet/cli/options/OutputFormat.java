package io.modelfleet.cli.options;

import java.util.List;
import java.util.Locale;

/** Every output format a modelfleet command can write; each command supports a few (see {@link FormatOption}). */
public enum OutputFormat {
    TEXT,
    TABLE,
    CSV,
    JSON,
    MARKDOWN,
    GITHUB;

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** A command that writes its output in several formats; the first is its default. */
    public interface Supported {
        List<OutputFormat> formats();
    }
}
