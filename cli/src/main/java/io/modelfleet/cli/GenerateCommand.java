package io.modelfleet.cli;

import io.modelfleet.core.ModelfleetException;
import io.modelfleet.registry.generate.RegistryGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "generate",
        mixinStandardHelpOptions = true,
        description = "Generate synthetic, seeded data: registries, prediction logs and recorded ranking traffic.",
        footer = {"", "Examples:", "  modelfleet generate registry --models 10000 --out /tmp/fleet10k",
            "  modelfleet generate predictions --from 2026-11-22T00 --to 2026-11-24T23",
            "  modelfleet generate traffic --from 2026-11-24T00 --to 2026-11-24T23"})
public final class GenerateCommand extends BaseCommand implements CommandGroup {
    @Override
    public java.util.Map<String, java.util.function.Supplier<Object>> subcommands() {
        java.util.Map<String, java.util.function.Supplier<Object>> subcommands = new java.util.LinkedHashMap<>();
        subcommands.put("registry", Registry::new);
        subcommands.put("predictions", Predictions::new);
        subcommands.put("traffic", Traffic::new);
        return subcommands;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(out());
        return ExitCodes.OK;
    }

    @Command(
            name = "registry",
            mixinStandardHelpOptions = true,
            description = "Write a valid registry of N models, with teams and pools sized to fit, for scale tests.",
            footer = {
                "",
                "Examples:",
                "  modelfleet generate registry --models 10000 --out /tmp/fleet10k",
                "  modelfleet generate registry --models 100 --teams 8 --seed 7 --out /tmp/fleet"
            })
    static final class Registry extends BaseCommand {
        @Option(names = "--models", required = true, paramLabel = "N", description = "Number of models.")
        int models;

        @Option(names = "--teams", paramLabel = "N", description = "Number of teams (default: one per 100 models, at least 8).")
        Integer teams;

        @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "Random seed (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder to create; must not exist or be empty.")
        Path out;

        @Override
        public Integer call() {
            Path target = context().resolve(out);
            requireEmpty(target);
            int teamCount = teams != null ? teams : Math.max(8, models / 100);
            long start = System.nanoTime();
            RegistryGenerator.Summary summary = RegistryGenerator.generate(target, models, teamCount, seed);
            out().printf("wrote %s: %d models, %d teams in %.1f s%n", summary.root(), summary.models(), summary.teams(),
                    (System.nanoTime() - start) / 1e9);
            return ExitCodes.OK;
        }
    }

    @Command(
            name = "predictions",
            mixinStandardHelpOptions = true,
            description = "Write seeded, realistic prediction logs (Parquet, ds=/hr= partitions) for a registry's serving models.",
            footer = {
                "",
                "Volumes follow each model's tier and a diurnal curve; a healthy model is calibrated.",
                "Regenerating an hour replaces that hour's partition; other hours are kept.",
                "",
                "Incidents (repeat --incident):",
                "  miscalibrate:MODEL:FROM_HOUR:FACTOR     predictions multiplied by FACTOR from that hour",
                "  ne-degrade:MODEL:FROM_HOUR:NOISE        predictions blurred (NOISE = std. dev. in logit space)",
                "  traffic-drop:MODEL:FROM_HOUR:FRACTION   only FRACTION of the usual events",
                "  invalid-rows:MODEL:HOUR:COUNT           COUNT rows with NaN/out-of-range predictions or labels",
                "  unregistered:ID:HOUR:COUNT              COUNT rows for an id the registry does not know",
                "",
                "Examples:",
                "  modelfleet generate predictions --from 2026-11-22T00 --to 2026-11-24T23",
                "  modelfleet generate predictions --registry registry --out logs --from 2026-11-24T00 --to 2026-11-24T23 \\",
                "      --incident miscalibrate:ig_feed_mtml_lsr_v3:2026-11-24T10:1.5 --negative-weight 10"
            })
    static final class Predictions extends BaseCommand {
        @Option(names = "--registry", paramLabel = "DIR", description = "Registry folder (default: from modelfleet.yaml).")
        Path registryDir;

        @Option(names = "--out", paramLabel = "DIR", description = "Logs folder (default: 'logs' from modelfleet.yaml).")
        Path out;

        @Option(names = "--from", required = true, paramLabel = "H", description = "First hour, YYYY-MM-DDTHH (UTC).")
        String from;

        @Option(names = "--to", required = true, paramLabel = "H", description = "Last hour, included.")
        String to;

        @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "Random seed (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--scale", defaultValue = "1.0", paramLabel = "F", description = "Volume multiplier (default: ${DEFAULT-VALUE}).")
        double scale;

        @Option(names = "--negative-weight", defaultValue = "1.0", paramLabel = "W",
                description = "Negative downsampling: keep one negative in W, weighted W (default: ${DEFAULT-VALUE}: keep all).")
        double negativeWeight;

        @Option(names = "--incident", paramLabel = "SPEC", description = "An injected incident; see below.")
        java.util.List<String> incidents = new java.util.ArrayList<>();

        @picocli.CommandLine.Mixin
        SparkOptions sparkOptions;

        @Override
        public Integer call() {
            var hours = io.modelfleet.core.Hour.range(io.modelfleet.core.Hour.parse(from), io.modelfleet.core.Hour.parse(to));
            var registry = io.modelfleet.registry.RegistryLoader.loadValid(
                    registryDir != null ? context().resolve(registryDir) : context().config().registry());
            var parsed = incidents.stream().map(io.modelfleet.jobs.predictions.Incident::parse).toList();
            Path target = out != null ? context().resolve(out) : context().config().logs();
            var spark = sparkOptions.start(context());
            var generator = new io.modelfleet.jobs.predictions.PredictionLogGenerator(spark, registry, seed, scale, negativeWeight, parsed);
            err().println("writing " + hours.size() + " hour(s) of prediction logs to " + target + "...");
            long start = System.nanoTime();
            var summary = generator.write(hours, target);
            out().printf(java.util.Locale.ROOT, "wrote %s: %,d rows planned for %d models over %d hours in %.1f s%n", target,
                    summary.plannedRows(), summary.models(), summary.hours(), (System.nanoTime() - start) / 1e9);
            return ExitCodes.OK;
        }
    }

    @Command(
            name = "traffic",
            mixinStandardHelpOptions = true,
            description = "Write seeded recorded ranking traffic (Parquet, ds=/hr= partitions) for the registry's surfaces.",
            footer = {
                "",
                "Per request: time, surface, user features, 600-3000 sourced candidate ids, the sample rate (one recorded",
                "request stands for 1/sample_rate production requests) and 6 logged impressions with click labels drawn",
                "from a hidden ground-truth click model; plus items/ (item features) and traffic.json.",
                "Production volume is 8 billion requests a day, peak 3x trough at 20h UTC, whatever --requests-per-day is.",
                "",
                "Examples:",
                "  modelfleet generate traffic --from 2026-11-24T00 --to 2026-11-24T23",
                "  modelfleet generate traffic --registry registry --out traffic --from 2026-11-24T00 --to 2026-11-24T23 \\",
                "      --requests-per-day 1000000 --seed 7"
            })
    static final class Traffic extends BaseCommand {
        @Option(names = "--registry", paramLabel = "DIR", description = "Registry folder (default: from modelfleet.yaml).")
        Path registryDir;

        @Option(names = "--out", paramLabel = "DIR", description = "Traffic folder (default: 'traffic' next to the logs folder).")
        Path out;

        @Option(names = "--from", required = true, paramLabel = "H", description = "First hour, YYYY-MM-DDTHH (UTC).")
        String from;

        @Option(names = "--to", required = true, paramLabel = "H", description = "Last hour, included.")
        String to;

        @Option(names = "--requests-per-day", defaultValue = "100000", paramLabel = "N",
                description = "Recorded requests per day over all surfaces (default: ${DEFAULT-VALUE}).")
        long requestsPerDay;

        @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "Random seed (default: ${DEFAULT-VALUE}).")
        long seed;

        @picocli.CommandLine.Mixin
        SparkOptions sparkOptions;

        @Override
        public Integer call() {
            var hours = io.modelfleet.core.Hour.range(io.modelfleet.core.Hour.parse(from), io.modelfleet.core.Hour.parse(to));
            var registry = io.modelfleet.registry.RegistryLoader.loadValid(
                    registryDir != null ? context().resolve(registryDir) : context().config().registry());
            Path target = out != null ? context().resolve(out) : context().config().traffic();
            var spark = sparkOptions.start(context());
            var generator = new io.modelfleet.launch.traffic.TrafficGenerator(spark, registry, seed, requestsPerDay);
            err().println("writing " + hours.size() + " hour(s) of recorded traffic to " + target + "...");
            long start = System.nanoTime();
            var summary = generator.write(hours, target);
            out().printf(java.util.Locale.ROOT, "wrote %s: %,d recorded requests over %d hours for %d surfaces in %.1f s%n", target,
                    summary.requests(), summary.hours(), summary.surfaces().size(), (System.nanoTime() - start) / 1e9);
            return ExitCodes.OK;
        }
    }

    static void requireEmpty(Path target) {
        if (!Files.exists(target)) {
            return;
        }
        try (Stream<Path> entries = Files.list(target)) {
            if (entries.findAny().isPresent()) {
                throw ModelfleetException.userError("Cannot generate into " + target + ": the folder is not empty",
                        "pass a new folder to --out, or delete this one first");
            }
        } catch (IOException e) {
            throw ModelfleetException.ioError("Cannot read " + target + ": " + e.getMessage(), "check permissions", e);
        }
    }
}
