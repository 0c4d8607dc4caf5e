package io.modelfleet.cli.spark.launch;

import io.modelfleet.cli.options.Formats;
import io.modelfleet.cli.options.OutputFormat;
import io.modelfleet.launcher.LaunchRecord;
import io.modelfleet.launcher.Launches;
import picocli.CommandLine.Command;

@Command(
        name = "promote",
        mixinStandardHelpOptions = true,
        description =
                "Pass a HELD launch's step by hand: traffic moves to the next step as if the quality gate had passed it.",
        footer = {
            "",
            "A step is HELD when the gate could not decide it by the step's max_bake_minutes; 'launch status ID'",
            "shows the gate's looks. The launch's approvers may act; the reason is kept in launch_events.",
            "Exit codes: 0 promoted, 2 not allowed or not HELD, 3 internal error.",
            "",
            "Examples:",
            "  modelfleet launch promote my_launch --as feed-ranking-lead --reason \"offline NE covers this step\""
        })
@Formats({OutputFormat.TEXT, OutputFormat.JSON})
public final class LaunchPromoteCommand extends LaunchDecisionCommand {
    @Override
    LaunchRecord decide(Launches launches) {
        return launches.promote(id, who, reason);
    }
}
