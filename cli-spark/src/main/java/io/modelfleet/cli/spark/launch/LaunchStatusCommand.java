package io.modelfleet.cli.spark.launch;

import io.modelfleet.cli.BaseCommand;
import io.modelfleet.cli.ExitCodes;
import io.modelfleet.cli.options.FormatOption;
import io.modelfleet.cli.options.Formats;
import io.modelfleet.cli.options.OutputFormat;
import io.modelfleet.cli.spark.render.LaunchReport;
import io.modelfleet.launcher.LaunchRecord;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = "Open launches with their state, step, time in state and what each waits for, and the pools they"
                + " draw on (quota, in use, reserved); with an id, one launch whole: estimate, approvals, reservation,"
                + " fleet and every event.",
        footer = {
            "",
            "Exit codes: 0 shown, 2 unknown launch, 3 internal error.",
            "",
            "Examples:",
            "  modelfleet launch status",
            "  modelfleet launch status ig_feed_mtml_lsr_v4_wider",
            "  modelfleet launch status --all --format json"
        })
@Formats({OutputFormat.TEXT, OutputFormat.JSON})
public final class LaunchStatusCommand extends BaseCommand {
    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "ID",
            description = "One launch (default: every open launch).")
    String id;

    @Option(names = "--all", description = "List ended launches too.")
    boolean all;

    @Mixin
    FormatOption format;

    @Mixin
    LaunchPlatform.Options platform;

    @Override
    public Integer call() {
        boolean json = format.get() == OutputFormat.JSON;
        try (LaunchPlatform launches = LaunchPlatform.open(context(), platform)) {
            if (id != null) {
                LaunchReport.detail(out(), launches.launches().view(id), Instant.now(), json);
            } else {
                List<LaunchRecord> listed =
                        all ? launches.launches().all() : launches.launches().open();
                LaunchReport.list(out(), listed, launches.launches().pools(), Instant.now(), json);
            }
        }
        return ExitCodes.OK;
    }
}
