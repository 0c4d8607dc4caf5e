package io.modelfleet.demo;

import io.modelfleet.cli.CommandProvider;
import java.util.Map;
import java.util.function.Supplier;

/** Adds {@code modelfleet demo} to the command tree. */
public final class DemoCommands implements CommandProvider {
    @Override
    public Map<String, Supplier<Object>> subcommands(String path) {
        return path.isEmpty() ? Map.of("demo", DemoCommand::new) : Map.of();
    }
}
