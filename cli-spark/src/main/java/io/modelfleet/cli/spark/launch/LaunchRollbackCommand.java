package io.modelfleet.cli.spark.launch;

import io.modelfleet.cli.options.Formats;
import io.modelfleet.cli.options.OutputFormat;
import io.modelfleet.launcher.LaunchRecord;
import io.modelfleet.launcher.Launches;
import picocli.CommandLine.Command;

@Command(
        name = "rollback",
        mixinStandardHelpOptions = true,
        description =
                "Roll back a launch that is preparing, shifting traffic or held: all traffic back on production, the candidate scaled down, the reservation released.",
        footer = {
            "",
            "The requester, the launch's approvers and the platform approvers (TIER0) may act.",
            "Exit codes: 0 rolled back, 2 not allowed or wrong state, 3 internal error.",
            "",
            "Examples:",
            "  modelfleet launch rollback my_launch --as feed-ranking-lead --reason \"CTR dropped at 5%%\""
        })
@Formats({OutputFormat.TEXT, OutputFormat.JSON})
public final class LaunchRollbackCommand extends LaunchDecisionCommand {
    @Override
    LaunchRecord decide(Launches launches) {
        return launches.rollback(id, who, reason);
    }
}
