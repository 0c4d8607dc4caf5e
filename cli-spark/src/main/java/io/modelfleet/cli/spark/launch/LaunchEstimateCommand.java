package io.modelfleet.cli.spark.launch;

import io.modelfleet.cli.BaseCommand;
import io.modelfleet.cli.ExitCodes;
import io.modelfleet.cli.options.FormatOption;
import io.modelfleet.cli.options.Formats;
import io.modelfleet.cli.options.OutputFormat;
import io.modelfleet.cli.options.RegistryOption;
import io.modelfleet.cli.options.WarehouseOption;
import io.modelfleet.cli.spark.SparkOptions;
import io.modelfleet.cli.spark.render.LaunchEstimateReport;
import io.modelfleet.launch.actions.EstimateLaunch;
import io.modelfleet.launch.actions.SparkLaunchActions;
import io.modelfleet.registry.Model;
import io.modelfleet.registry.Registry;
import io.modelfleet.registry.RegistryLoader;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "estimate",
        mixinStandardHelpOptions = true,
        description =
                "Replay recorded traffic through the surface's funnel with production and with a candidate version, size each "
                        + "stage for the peak hour, check the team's pool, and record the estimate in launch_estimates.",
        footer = {
            "",
            "The candidate is a model entry (YAML) with the registered model's id and the new version and scorer.",
            "Replicas per stage: the fewest whose p99 time in system meets the stage's latency objective at peak",
            "traffic plus the tier's headroom (checked by discrete-event replay: one fewer misses), plus 2 (N+2).",
            "Service times are modelled: each timed request's counted FLOPs and candidates on the hardware",
            "profile in modelfleet.yaml (hardware:, see 'launch calibrate') or the built-in default, so the",
            "replicas and verdict do not move with machine load; the measured CPU times are reported beside them.",
            "Exit codes: 0 estimate written, 2 bad input or usage (nothing written), 3 internal error.",
            "",
            "Examples:",
            "  modelfleet launch estimate --model ig_feed_mtml_lsr_v3 --candidate lsr_v4.yaml",
            "  modelfleet launch estimate --model ig_feed_mtml_lsr_v3 --candidate lsr_v4.yaml --traffic traffic \\",
            "      --from 2026-11-24T00 --to 2026-11-24T23 --format json"
        })
@Formats({OutputFormat.TEXT, OutputFormat.JSON})
public final class LaunchEstimateCommand extends BaseCommand {
    @Option(
            names = "--model",
            required = true,
            paramLabel = "ID",
            description = "Registered model the candidate replaces.")
    String modelId;

    @Option(
            names = "--candidate",
            required = true,
            paramLabel = "FILE",
            description = "Model entry YAML of the candidate version.")
    Path candidateFile;

    @Mixin
    RegistryOption registryOption;

    @Mixin
    ReplayOptions replay;

    @Mixin
    FormatOption format;

    @Mixin
    WarehouseOption warehouseOption;

    @Mixin
    SparkOptions sparkOptions;

    @Override
    public Integer call() {
        Registry registry = RegistryLoader.loadValid(registryOption.resolve(context()));
        Model candidate = RegistryLoader.loadModelFile(context().resolve(candidateFile));
        EstimateLaunch action = replay.applyTo(
                        SparkLaunchActions.lazy(() -> sparkOptions.start(context()))
                                .estimateLaunch(registry)
                                .candidate(candidate, modelId),
                        context())
                .warehouse(warehouseOption.resolve(context()))
                .progress(line -> {
                    err().println("  " + line);
                    err().flush();
                });
        err().printf(
                        Locale.ROOT,
                        "replaying %s traffic through production and candidate...%n",
                        registry.model(modelId).map(Model::surface).orElse("?"));
        EstimateLaunch.Result result = action.execute();
        if (format.get() == OutputFormat.JSON) {
            LaunchEstimateReport.json(out(), result.estimate(), result.warehouse(), result.seconds());
        } else {
            LaunchEstimateReport.text(out(), result.estimate(), result.warehouse(), result.seconds());
        }
        return ExitCodes.OK;
    }
}
