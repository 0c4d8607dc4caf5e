package io.modelfleet.cli.generate;

import io.modelfleet.cli.BaseCommand;
import io.modelfleet.cli.ExitCodes;
import io.modelfleet.cli.GroupCommand;
import io.modelfleet.cli.ModelfleetCommand;
import io.modelfleet.cli.options.FormatOption;
import io.modelfleet.cli.options.Formats;
import io.modelfleet.cli.options.OutputFormat;
import io.modelfleet.cli.options.SeedOption;
import io.modelfleet.cli.render.Json;
import io.modelfleet.core.ModelfleetErrors;
import io.modelfleet.registry.generate.RegistryGenerator;
import io.modelfleet.registry.generate.SchemaBase;
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
                "  modelfleet generate registry --models 100 --teams 8 --seed 7 --out /tmp/fleet --format json",
                "  modelfleet generate registry --models 50 --out fleet --schema-base modelfleet-0.1.0/schemas",
                "",
                "Every file starts with '# yaml-language-server: $schema=<schema>' so editors complete and check it;",
                "--schema-base says where <schema> is (see the README's \"Editor support\"). Published schemas:",
                // Two lines: picocli drops a footer line wider than the help and without a place to break it.
                "  " + SchemaBase.PUBLISHED_REPOSITORY + "v<version>/",
                "    " + SchemaBase.SCHEMA_FOLDER + "<kind>.schema.json"
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

        @Option(
                names = "--schema-base",
                paramLabel = "URL|DIR",
                description = {
                    "Where the files' modelines point editors for the JSON Schemas: a URL prefix, or a folder holding"
                            + " model.schema.json, team.schema.json and tier-policies.schema.json (an unpacked release's"
                            + " schemas/; a relative folder is written relative to each file, an absolute one as it is).",
                    "Default: the schemas published with this version, at its release tag (main for a snapshot"
                            + " build, which has no tag); the URL is below."
                })
        String schemaBase;

        @Mixin
        FormatOption format;

        /** What --format json writes; {@code schemas} is where the modelines point. */
        record Generated(String folder, int models, int teams, double seconds, String schemas) {}

        @Override
        public Integer call() {
            Path target = context().resolve(out);
            requireEmpty(target);
            int teamCount = teams != null ? teams : Math.max(8, models / 100);
            SchemaBase schemas = schemaBase();
            long start = System.nanoTime();
            RegistryGenerator.Summary summary =
                    RegistryGenerator.generate(target, models, teamCount, seed.get(), schemas);
            double seconds = (System.nanoTime() - start) / 1e9;
            if (format.get() == OutputFormat.JSON) {
                Json.print(
                        out(),
                        new Generated(
                                summary.root().toString(),
                                summary.models(),
                                summary.teams(),
                                seconds,
                                schemas.describe()));
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

        private SchemaBase schemaBase() {
            if (schemaBase == null) {
                try {
                    return ModelfleetCommand.Version.projectVersion()
                            .map(SchemaBase::published)
                            .orElse(SchemaBase.DEVELOPMENT);
                } catch (IOException e) {
                    return SchemaBase.DEVELOPMENT;
                }
            }
            SchemaBase parsed = SchemaBase.parse(schemaBase, context().cwd());
            if (parsed instanceof SchemaBase.Folder folder
                    && !Files.isRegularFile(folder.folder().resolve(SchemaBase.Kind.MODEL.fileName()))) {
                // Not an error: the schemas may be unpacked there later. But a typo would go unnoticed until
                // someone opens a file and gets no completion.
                err().println("warning: " + folder.folder().resolve(SchemaBase.Kind.MODEL.fileName())
                        + " does not exist; the files' modelines point there, so editors find no schema until it does");
            }
            return parsed;
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
