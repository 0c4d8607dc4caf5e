package io.modelfleet.cli.spark.scheduler;

import io.modelfleet.cli.BaseCommand;
import io.modelfleet.cli.ExitCodes;
import io.modelfleet.cli.options.FormatOption;
import io.modelfleet.cli.options.Formats;
import io.modelfleet.cli.options.OutputFormat;
import io.modelfleet.cli.render.Json;
import io.modelfleet.cli.spark.render.SchedulerStatusReport;
import io.modelfleet.scheduler.SchedulerSettings;
import io.modelfleet.scheduler.SchedulerStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description =
                "Jobs, next fire times, last runs, hours behind, and the nodes of the cluster; read from the scheduler database.",
        footer = {"", "Examples:", "  modelfleet scheduler status", "  modelfleet scheduler status --format json"})
@Formats({OutputFormat.TEXT, OutputFormat.JSON})
public final class SchedulerStatusCommand extends BaseCommand {
    @Mixin
    FormatOption format;

    @Mixin
    SchedulerNode options;

    @Override
    public Integer call() {
        SchedulerSettings settings = options.settings(context());
        if (!settings.databaseExists()) {
            // Reading would create an empty job store where none was asked for.
            if (format.get() == OutputFormat.JSON) {
                out().println(Json.write(new NeverRan(settings.database(), false)));
            } else {
                out().println("no scheduler has run here: " + settings.database() + " does not exist");
                out().println(
                                "start one with 'modelfleet scheduler run' (or point --config at the deployment's modelfleet.yaml)");
            }
            return ExitCodes.OK;
        }
        SchedulerStatus.Status status = SchedulerStatus.read(settings, options.clock());
        if (format.get() == OutputFormat.JSON) {
            SchedulerStatusReport.json(out(), status);
        } else {
            SchedulerStatusReport.text(out(), status);
        }
        return ExitCodes.OK;
    }

    /** What --format json says when no scheduler has run with these settings. */
    record NeverRan(String database, boolean ran) {}
}
