package io.modelfleet.cli.spark.launch;

import io.modelfleet.cli.options.Formats;
import io.modelfleet.cli.options.OutputFormat;
import io.modelfleet.launcher.LaunchRecord;
import io.modelfleet.launcher.Launches;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "extend",
        mixinStandardHelpOptions = true,
        description =
                "Let a HELD launch's step bake longer: the quality gate keeps looking every labelled hour until the new deadline.",
        footer = {
            "",
            "The launch's approvers may act; the reason is kept in launch_events.",
            "Exit codes: 0 extended, 2 not allowed, not HELD or hours out of range, 3 internal error.",
            "",
            "Examples:",
            "  modelfleet launch extend my_launch --hours 24 --as feed-ranking-lead --reason \"thin weekend\""
        })
@Formats({OutputFormat.TEXT, OutputFormat.JSON})
public final class LaunchExtendCommand extends LaunchDecisionCommand {
    @Option(names = "--hours", required = true, paramLabel = "H", description = "More hours at this step (1 to 336).")
    long hours;

    @Override
    LaunchRecord decide(Launches launches) {
        return launches.extend(id, who, hours, reason);
    }
}
