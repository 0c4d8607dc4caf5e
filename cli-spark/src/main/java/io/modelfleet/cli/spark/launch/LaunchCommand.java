package io.modelfleet.cli.spark.launch;

import io.modelfleet.cli.GroupCommand;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine.Command;

@Command(
        name = "launch",
        mixinStandardHelpOptions = true,
        description = "Launch tooling: estimate a new model version, then take it through approval, preparation,"
                + " traffic shift and finalization.",
        footer = {
            "",
            "Examples:",
            "  modelfleet launch estimate --model ig_feed_mtml_lsr_v3 --candidate lsr_v4.yaml",
            "  modelfleet launch calibrate --write      # the hardware profile estimates size for",
            "  modelfleet launch profile --surface feed  # traffic/feed.yaml: the plan comment's verdict",
            "  modelfleet launch submit registry/launches/ig_feed_mtml_lsr_v4_wider.yaml",
            "  modelfleet launch approve ig_feed_mtml_lsr_v4_wider --as feed-ranking-lead",
            "  modelfleet launch advance",
            "  modelfleet launch status"
        })
public final class LaunchCommand extends GroupCommand {
    @Override
    public Map<String, Supplier<Object>> subcommands() {
        Map<String, Supplier<Object>> subcommands = new LinkedHashMap<>();
        subcommands.put("estimate", LaunchEstimateCommand::new);
        subcommands.put("calibrate", LaunchCalibrateCommand::new);
        subcommands.put("profile", LaunchProfileCommand::new);
        subcommands.put("submit", LaunchSubmitCommand::new);
        subcommands.put("approve", LaunchApproveCommand::new);
        subcommands.put("reject", LaunchRejectCommand::new);
        subcommands.put("advance", LaunchAdvanceCommand::new);
        subcommands.put("status", LaunchStatusCommand::new);
        subcommands.put("rollback", LaunchRollbackCommand::new);
        subcommands.put("extend", LaunchExtendCommand::new);
        subcommands.put("promote", LaunchPromoteCommand::new);
        subcommands.put("backtest", LaunchBacktestCommand::new);
        subcommands.put("abort", LaunchAbortCommand::new);
        return subcommands;
    }
}
