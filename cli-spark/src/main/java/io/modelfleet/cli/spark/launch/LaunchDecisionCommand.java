package io.modelfleet.cli.spark.launch;

import io.modelfleet.cli.BaseCommand;
import io.modelfleet.cli.ExitCodes;
import io.modelfleet.cli.options.FormatOption;
import io.modelfleet.cli.options.OutputFormat;
import io.modelfleet.cli.render.Json;
import io.modelfleet.launcher.LaunchRecord;
import io.modelfleet.launcher.Launches;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** A person ends a launch: reject, abort or roll back, with a reason kept in launch_events. */
abstract class LaunchDecisionCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "ID", description = "The launch.")
    String id;

    @Option(
            names = "--as",
            required = true,
            paramLabel = "USER",
            description = "Who decides; the help below says who may.")
    String who;

    @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why, in a few words.")
    String reason;

    @Mixin
    FormatOption format;

    @Mixin
    LaunchPlatform.Options platform;

    record Decided(String launch, String state, String actor, String reason) {}

    abstract LaunchRecord decide(Launches launches);

    @Override
    public Integer call() {
        try (LaunchPlatform launches = LaunchPlatform.open(context(), platform)) {
            LaunchRecord launch = decide(launches.launches());
            if (format.get() == OutputFormat.JSON) {
                Json.print(out(), new Decided(launch.id(), launch.state().name(), who, reason));
            } else {
                out().println("launch " + launch.id() + " is " + launch.state() + " (" + who + ": " + reason + ")");
            }
        }
        return ExitCodes.OK;
    }
}
