package io.modelfleet.cli.registry;

import io.modelfleet.cli.GroupCommand;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine.Command;

@Command(
        name = "registry",
        mixinStandardHelpOptions = true,
        description = "Validate, query, diff and compile the model registry (YAML files in git).",
        footer = {
            "",
            "Examples:",
            "  modelfleet registry validate registry --format github",
            "  modelfleet registry diff --base origin/main registry > diff.md",
            "  modelfleet registry show ig_feed_mtml_lsr_v3"
        })
public final class RegistryCommand extends GroupCommand {
    @Override
    public Map<String, Supplier<Object>> subcommands() {
        Map<String, Supplier<Object>> subcommands = new LinkedHashMap<>();
        subcommands.put("validate", ValidateCommand::new);
        subcommands.put("list", ListCommand::new);
        subcommands.put("show", ShowCommand::new);
        subcommands.put("diff", DiffCommand::new);
        subcommands.put("compile", CompileCommand::new);
        subcommands.put("codeowners", CodeownersCommand::new);
        return subcommands;
    }
}
