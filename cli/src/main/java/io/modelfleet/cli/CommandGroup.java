package io.modelfleet.cli;

import java.util.Map;
import java.util.function.Supplier;

/** A command whose subcommands {@link Main} registers lazily: only the one the command line names. */
public interface CommandGroup {
    /** Subcommands by name, in the order help lists them. */
    Map<String, Supplier<Object>> subcommands();
}
