package io.modelfleet.cli;

import java.util.Map;
import java.util.function.Supplier;

/**
 * Commands a module adds to the {@code modelfleet} tree, found with {@link java.util.ServiceLoader}.
 * This module holds the commands that start without Spark (registry, generate registry, sim); the
 * Spark commands and the demo live in modules of their own and provide themselves here, so that
 * the fast path is a module boundary: on this module's classpath they simply do not exist.
 */
public interface CommandProvider {
    /**
     * Subcommands to add under the command at {@code path} ({@code ""} for the root, {@code
     * "generate"} for {@code modelfleet generate}), by name, in the order help lists them.
     */
    Map<String, Supplier<Object>> subcommands(String path);
}
