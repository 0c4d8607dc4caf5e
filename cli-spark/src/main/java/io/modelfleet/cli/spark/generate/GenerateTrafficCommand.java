package io.modelfleet.cli.spark.generate;

import io.modelfleet.cli.BaseCommand;
import io.modelfleet.cli.ExitCodes;
import io.modelfleet.cli.options.FormatOption;
import io.modelfleet.cli.options.Formats;
import io.modelfleet.cli.options.HourRangeOptions;
import io.modelfleet.cli.options.OutputFormat;
import io.modelfleet.cli.options.RegistryOption;
import io.modelfleet.cli.options.SeedOption;
import io.modelfleet.cli.render.Json;
import io.modelfleet.cli.spark.SparkOptions;
import io.modelfleet.launch.traffic.TrafficGenerator;
import io.modelfleet.registry.RegistryLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "traffic",
        mixinStandardHelpOptions = true,
        description =
                "Write seeded recorded ranking traffic (Parquet, ds=/hr= partitions) for the registry's surfaces.",
        footer = {
            "",
            "Per request: time, surface, user features, 600-3000 sourced candidate ids, the sample rate (one",
            "recorded request stands for 1/sample_rate production requests) and 6 logged impressions with click",
            "labels drawn from a hidden ground-truth click model; plus items/ (item features) and traffic.json.",
            "Production volume is 8 billion requests a day, peak 3x trough at 20h UTC, whatever",
            "--requests-per-day is.",
            "",
            "Examples:",
            "  modelfleet generate traffic --from 2026-11-24T00 --to 2026-11-24T23",
            "  modelfleet generate traffic --registry registry --out traffic \\",
            "      --from 2026-11-24T00 --to 2026-11-24T23 --requests-per-day 1000000 --seed 7",
            "  modelfleet generate traffic --from 2026-11-24T00 --to 2026-11-24T23 --format json"
        })
@Formats({OutputFormat.TEXT, OutputFormat.JSON})
public final class GenerateTrafficCommand extends BaseCommand {
    @Mixin
    RegistryOption registryOption;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "Traffic folder (default: 'traffic' next to the logs folder).")
    Path out;

    @Mixin
    HourRangeOptions range;

    @Option(
            names = "--requests-per-day",
            defaultValue = "100000",
            paramLabel = "N",
            description = "Recorded requests per day over all surfaces (default: ${DEFAULT-VALUE}).")
    long requestsPerDay;

    @Mixin
    SeedOption seed;

    @Mixin
    FormatOption format;

    @Mixin
    SparkOptions sparkOptions;

    @Override
    public Integer call() {
        var hours = range.required(context());
        var registry = RegistryLoader.loadValid(registryOption.resolve(context()));
        Path target = out != null ? context().resolve(out) : context().config().traffic();
        var spark = sparkOptions.start(context());
        var generator = new TrafficGenerator(spark, registry, seed.get(), requestsPerDay);
        err().println("writing " + hours.size() + " hour(s) of recorded traffic to " + target + "...");
        long start = System.nanoTime();
        var summary = generator.write(hours, target);
        double seconds = (System.nanoTime() - start) / 1e9;
        if (format.get() == OutputFormat.JSON) {
            Json.print(
                    out(),
                    new Generated(target.toString(), summary.requests(), summary.hours(), summary.surfaces(), seconds));
        } else {
            out().printf(
                            Locale.ROOT,
                            "wrote %s: %,d recorded requests over %d hours for %d surfaces in %.1f s%n",
                            target,
                            summary.requests(),
                            summary.hours(),
                            summary.surfaces().size(),
                            seconds);
        }
        return ExitCodes.OK;
    }

    /** What --format json writes: the recorded requests written, and the surfaces they are for. */
    record Generated(String folder, long requests, int hours, List<String> surfaces, double seconds) {}
}
