package io.modelfleet.cli.spark.launch;

import io.modelfleet.cli.CliContext;
import io.modelfleet.cli.options.HourRangeOptions;
import io.modelfleet.cli.options.SeedOption;
import io.modelfleet.launch.actions.EstimateLaunch;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** What a launch estimate replays: which recorded traffic, which hours, how many requests timed, which seed. */
public final class ReplayOptions {
    @Option(
            names = "--traffic",
            paramLabel = "DIR",
            description = "Recorded traffic (default: 'traffic' next to the logs folder).")
    Path trafficDir;

    @Mixin
    HourRangeOptions range;

    @Option(
            names = "--samples-per-hour",
            defaultValue = "400",
            paramLabel = "N",
            description =
                    "Requests per hour timed through both funnels (default: ${DEFAULT-VALUE}); rates and quality use all.")
    int samplesPerHour;

    @Mixin
    SeedOption seed;

    /** Sets the replay's inputs on {@code action}, and the hardware it sizes for (modelfleet.yaml's, or the default). */
    EstimateLaunch applyTo(EstimateLaunch action, CliContext context) {
        return action.traffic(
                        trafficDir != null
                                ? context.resolve(trafficDir)
                                : context.config().traffic())
                .hours(range.from().orElse(null), range.to().orElse(null))
                .samplesPerHour(samplesPerHour)
                .seed(seed.get())
                .hardware(context.config().hardware());
    }
}
