package io.modelfleet.cli.registry;

import io.modelfleet.cli.BaseCommand;
import picocli.CommandLine.Command;

@Command(
        name = "registry",
        mixinStandardHelpOptions = true,
        description = "Validate, query, diff and compile the model registry (YAML files in git).",
        subcommands = {
            ValidateCommand.class,
            ListCommand.class,
            ShowCommand.class,
            DiffCommand.class,
            CompileCommand.class,
            CodeownersCommand.class
        },
        footer = {
            "",
            "Examples:",
            "  modelfleet registry validate registry --format github",
            "  modelfleet registry diff --base origin/main registry > diff.md",
            "  modelfleet registry show ig_feed_mtml_lsr_v3"
        })
public final class RegistryCommand extends BaseCommand {
    @Override
    public Integer call() {
        spec.commandLine().usage(out());
        return 0;
    }
}
