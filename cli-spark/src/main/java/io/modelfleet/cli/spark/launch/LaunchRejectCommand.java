package io.modelfleet.cli.spark.launch;

import io.modelfleet.cli.options.Formats;
import io.modelfleet.cli.options.OutputFormat;
import io.modelfleet.launcher.LaunchRecord;
import io.modelfleet.launcher.Launches;
import picocli.CommandLine.Command;

@Command(
        name = "reject",
        mixinStandardHelpOptions = true,
        description = "Reject an estimated or frozen launch; any of its approvers may.",
        footer = {
            "",
            "The launch's approvers may reject (the requester may not).",
            "Exit codes: 0 rejected, 2 not allowed or wrong state, 3 internal error.",
            "",
            "Examples:",
            "  modelfleet launch reject my_launch --as feed-ranking-lead --reason \"after the Q1 freeze\""
        })
@Formats({OutputFormat.TEXT, OutputFormat.JSON})
public final class LaunchRejectCommand extends LaunchDecisionCommand {
    @Override
    LaunchRecord decide(Launches launches) {
        return launches.reject(id, who, reason);
    }
}
