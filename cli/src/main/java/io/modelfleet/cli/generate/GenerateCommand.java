package io.modelfleet.cli.generate;

import io.modelfleet.cli.BaseCommand;
import io.modelfleet.cli.ExitCodes;
import io.modelfleet.cli.GroupCommand;
import io.modelfleet.cli.options.FormatOption;
import io.modelfleet.cli.options.Formats;
import io.modelfleet.cli.options.OutputFormat;
import io.modelfleet.cli.options.SeedOption;
import io.modelfleet.cli.render.Json;
import io.modelfleet.core.ModelfleetErrors;
import io.modelfleet.registry.generate.RegistryGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "generate",
        mixinStandardHelpOptions = true,
        description = "Generate synthetic, seeded data: registries, prediction logs and recorded ranking traffic.",
        footer = {
            "",
            "Examples:",
            "  modelfleet generate registry --models 10000 --out /tmp/fleet10k",
            "  modelfleet generate predictions --from 2026-11-22T00 --to 2026-11-24T23",
            "  modelfleet generate traffic --from 2026-11-24T00 --to 2026-11-24T23"
        })
public final class GenerateCommand extends GroupCommand {
    @Override
    public Map<String, Supplier<Object>> subcommands() {
        Map<String, Supplier<Object>> subcommands = new LinkedHashMap<>();
        subcommands.put("registry", Registry::new);
        return subcommands;
    }

    @Command(
            name = "registry",
            mixinStandardHelpOptions = true,
            description = "Write a valid registry of N models, with teams and pools sized to fit, for scale tests.",
            footer = {
                "",
                "Examples:",
                "  modelfleet generate registry --models 10000 --out /tmp/fleet10k",
                "  modelfleet generate registry --models 100 --teams 8 --seed 7 --out /tmp/fleet --format json"
            })
    @Formats({OutputFormat.TEXT, OutputFormat.JSON})
    static final class Registry extends BaseCommand {
        @Option(names = "--models", required = true, paramLabel = "N", description = "Number of models.")
        int models;

        @Option(
                names = "--teams",
                paramLabel = "N",
                description = "Number of teams (default: one per 100 models, at least 8).")
        Integer teams;

        @Mixin
        SeedOption seed;

        @Option(
                names = "--out",
                required = true,
                paramLabel = "DIR",
                description = "Folder to create; must not exist or be empty.")
        Path out;

        @Mixin
        FormatOption format;

        /** What --format json writes. */
        record Generated(String folder, int models, int teams, double seconds) {}

        @Override
        public Integer call() {
            Path target = context().resolve(out);
            requireEmpty(target);
            int teamCount = teams != null ? teams : Math.max(8, models / 100);
            long start = System.nanoTime();
            RegistryGenerator.Summary summary = RegistryGenerator.generate(target, models, teamCount, seed.get());
            double seconds = (System.nanoTime() - start) / 1e9;
            if (format.get() == OutputFormat.JSON) {
                Json.print(out(), new Generated(summary.root().toString(), summary.models(), summary.teams(), seconds));
            } else {
                out().printf(
                                Locale.ROOT,
                                "wrote %s: %d models, %d teams in %.1f s%n",
                                summary.root(),
                                summary.models(),
                                summary.teams(),
                                seconds);
            }
            return ExitCodes.OK;
        }
    }

    static void requireEmpty(Path target) {
        if (!Files.exists(target)) {
            return;
        }
        try (Stream<Path> entries = Files.list(target)) {
            if (entries.findAny().isPresent()) {
                throw ModelfleetErrors.outputNotEmpty(target);
            }
        } catch (IOException e) {
            throw ModelfleetErrors.cannotRead(target, e);
        }
    }
}
