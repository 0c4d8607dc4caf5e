package io.modelfleet.cli.spark.launch;

import io.modelfleet.cli.GroupCommand;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine.Command;

@Command(
        name = "launch",
        mixinStandardHelpOptions = true,
        description = "Launch tooling: estimate what a new model version costs before it ships.",
        footer = {"", "Examples:", "  modelfleet launch estimate --model ig_feed_mtml_lsr_v3 --candidate lsr_v4.yaml"})
public final class LaunchCommand extends GroupCommand {
    @Override
    public Map<String, Supplier<Object>> subcommands() {
        Map<String, Supplier<Object>> subcommands = new LinkedHashMap<>();
        subcommands.put("estimate", LaunchEstimateCommand::new);
        return subcommands;
    }
}
