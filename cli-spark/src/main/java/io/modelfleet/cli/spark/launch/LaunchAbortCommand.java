package io.modelfleet.cli.spark.launch;

import io.modelfleet.cli.options.Formats;
import io.modelfleet.cli.options.OutputFormat;
import io.modelfleet.launcher.LaunchRecord;
import io.modelfleet.launcher.Launches;
import picocli.CommandLine.Command;

@Command(
        name = "abort",
        mixinStandardHelpOptions = true,
        description =
                "Abort a launch before it serves traffic: the reservation is released and the candidate deployment removed.",
        footer = {
            "",
            "The requester, the launch's approvers and the platform approvers (TIER0) may act.",
            "Exit codes: 0 aborted, 2 not allowed or wrong state, 3 internal error.",
            "",
            "Examples:",
            "  modelfleet launch abort my_launch --as omar@example.com --reason \"found a feature bug\""
        })
@Formats({OutputFormat.TEXT, OutputFormat.JSON})
public final class LaunchAbortCommand extends LaunchDecisionCommand {
    @Override
    LaunchRecord decide(Launches launches) {
        return launches.abort(id, who, reason);
    }
}
