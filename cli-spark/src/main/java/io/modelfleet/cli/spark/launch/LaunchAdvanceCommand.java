package io.modelfleet.cli.spark.launch;

import io.modelfleet.cli.BaseCommand;
import io.modelfleet.cli.ExitCodes;
import io.modelfleet.cli.options.FormatOption;
import io.modelfleet.cli.options.Formats;
import io.modelfleet.cli.options.OutputFormat;
import io.modelfleet.cli.render.Json;
import io.modelfleet.cli.render.TextTable;
import io.modelfleet.launcher.Launches;
import java.lang.management.ManagementFactory;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
        name = "advance",
        mixinStandardHelpOptions = true,
        description = "Run the launch controller once: every open launch one step on (reserve and deploy, readiness,"
                + " the next traffic step, finalization), then publish new events to launch_events.",
        footer = {
            "",
            "The scheduler runs the same controller as its launch-controller job; running both is safe: each",
            "launch moves at most once per instant, in one transaction.",
            "Exit codes: 0 ticked, 3 internal error.",
            "",
            "Examples:",
            "  modelfleet launch advance",
            "  modelfleet launch advance --format json"
        })
@Formats({OutputFormat.TEXT, OutputFormat.JSON})
public final class LaunchAdvanceCommand extends BaseCommand {
    @Mixin
    FormatOption format;

    @Mixin
    LaunchPlatform.Options platform;

    record Advanced(List<Launches.Step> steps, int published) {}

    @Override
    public Integer call() {
        try (LaunchPlatform launches = LaunchPlatform.open(context(), platform)) {
            List<Launches.Step> steps = launches.launches()
                    .tick("cli-" + ManagementFactory.getRuntimeMXBean().getPid());
            int published = launches.publish();
            if (format.get() == OutputFormat.JSON) {
                Json.print(out(), new Advanced(steps, published));
                return ExitCodes.OK;
            }
            if (steps.isEmpty()) {
                out().println("no open launches");
            } else {
                TextTable table = new TextTable(List.of("LAUNCH", "FROM", "TO", "WHAT"));
                steps.forEach(s -> table.row(List.of(s.launch(), s.from().name(), s.to().name(), s.what())));
                table.print(out());
            }
            out().println(published + " event(s) published to launch_events");
        }
        return ExitCodes.OK;
    }
}
