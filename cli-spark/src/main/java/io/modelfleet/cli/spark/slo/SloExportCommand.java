package io.modelfleet.cli.spark.slo;

import io.modelfleet.cli.BaseCommand;
import io.modelfleet.cli.ExitCodes;
import io.modelfleet.cli.options.FormatOption;
import io.modelfleet.cli.options.Formats;
import io.modelfleet.cli.options.OutputFormat;
import io.modelfleet.cli.options.WarehouseOption;
import io.modelfleet.cli.spark.SparkOptions;
import io.modelfleet.core.Hour;
import io.modelfleet.jobs.actions.ExportSlo;
import io.modelfleet.jobs.spark.SparkActions;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        description = "Write every model's newest judged hour (calibration and NE with their 95%% intervals, events,"
                + " status) with its error budget left and burn rates, as OpenMetrics text for Prometheus.",
        footer = {
            "",
            "The text keeps to the part of OpenMetrics that Prometheus's text format 0.0.4 reads alike, so",
            "node_exporter's textfile collector and 'promtool check metrics' accept it: every family is a",
            "gauge (the status is a state set typed gauge, since 0.0.4 has no stateset type), no sample",
            "has a timestamp, and a figure the hour leaves undefined has no sample (never NaN).",
            "",
            "--out replaces FILE atomically: written whole to a hidden file beside it, then renamed. For the",
            "textfile collector, name it *.prom in the folder its --collector.textfile.directory reads.",
            "The scheduler rewrites it after each slo-hourly or slo-daily run that wrote hours or days, with",
            "  scheduler: {export: {openmetrics: FILE}}",
            "Exit codes: 0 written, 2 no slo_hourly in the warehouse, bad option or I/O error, 3 internal.",
            "",
            "Examples:",
            "  modelfleet slo export",
            "  modelfleet slo export --out /var/lib/node_exporter/textfile/modelfleet.prom",
            "  modelfleet slo export --warehouse modelfleet-demo/warehouse | promtool check metrics"
        })
@Formats({OutputFormat.OPENMETRICS})
public final class SloExportCommand extends BaseCommand {
    @Option(
            names = "--out",
            paramLabel = "FILE",
            description = "Write to FILE, replaced atomically, instead of standard output.")
    Path out;

    @Mixin
    WarehouseOption warehouseOption;

    @Mixin
    FormatOption format;

    @Mixin
    SparkOptions sparkOptions;

    @Override
    public Integer call() {
        ExportSlo action = SparkActions.lazy(() -> sparkOptions.start(context()))
                .exportSlo()
                .warehouse(warehouseOption.resolve(context()));
        if (out != null) {
            action.out(context().resolve(out));
        }
        ExportSlo.Result result = action.execute();
        if (result.file().isEmpty()) {
            out().print(result.text());
        } else {
            out().println("wrote " + result.file().get() + ": "
                    + result.models().size() + " models, hour "
                    + result.hour().map(Hour::toString).orElse("none (slo_hourly holds no row yet)"));
        }
        out().flush();
        return ExitCodes.OK;
    }
}
