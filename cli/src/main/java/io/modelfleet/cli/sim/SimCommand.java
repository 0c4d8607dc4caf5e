package io.modelfleet.cli.sim;

import io.modelfleet.cli.GroupCommand;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine.Command;

@Command(
        name = "sim",
        mixinStandardHelpOptions = true,
        description = "Queueing and ranking-funnel simulation.",
        footer = {
            "",
            "Examples:",
            "  modelfleet sim queue --arrival-rate 20.4 --service-mean-ms 1000 --servers 24 --requests 3000000"
        })
public final class SimCommand extends GroupCommand {
    @Override
    public Map<String, Supplier<Object>> subcommands() {
        Map<String, Supplier<Object>> subcommands = new LinkedHashMap<>();
        subcommands.put("queue", SimQueueCommand::new);
        return subcommands;
    }
}
