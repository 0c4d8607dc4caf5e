package io.modelfleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * bin/modelfleet starts the commands listed in modelfleet-lean-commands.txt on this module's
 * classpath, which has no Spark. This module's test classpath is that classpath, so the tree built
 * here is exactly what a lean start can run; the list must name those commands and nothing else.
 */
class TestLeanCommands {
    @Test
    void leanListNamesExactlyTheCommandsThisModuleRegisters() throws IOException {
        List<String> listed = new ArrayList<>();
        try (InputStream in = Main.class.getResourceAsStream("/modelfleet-lean-commands.txt")) {
            new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .filter(line -> !line.isBlank() && !line.startsWith("#"))
                    .filter(line -> !line.startsWith("-"))
                    .forEach(listed::add);
        }
        CommandLine tree = Main.commandLine(
                new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), Path.of("."), new String[0]);
        List<String> registered = new ArrayList<>();
        tree.getSubcommands().forEach((name, command) -> {
            if (name.equals("generate")) {
                // generate is shared: the Spark module adds predictions and traffic to it.
                command.getSubcommands().keySet().forEach(child -> registered.add(name + " " + child));
            } else {
                registered.add(name);
            }
        });
        // completion lives here but writes the whole tree, so it starts on the full classpath.
        registered.remove("completion");
        assertThat(Main.providers())
                .as("no command module on the lean classpath")
                .isEmpty();
        assertThat(listed).containsExactlyInAnyOrderElementsOf(registered);
    }

    @Test
    void versionRunsOnTheLeanClasspath() {
        CliRun run = CliRun.run(Path.of("."), "--version");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).startsWith("modelfleet ");
        CliRun sub = CliRun.run(Path.of("."), "registry", "validate", "--version");
        assertThat(sub.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(sub.out()).as("subcommands print the version too").isEqualTo(run.out());
    }

    @Test
    void completionScriptCompletesCommandsAndFormats() {
        CliRun bash = CliRun.run(Path.of("."), "completion", "bash");
        assertThat(bash.exitCode()).as(bash.err()).isEqualTo(ExitCodes.OK);
        assertThat(bash.out())
                .contains("complete -F _complete_modelfleet")
                .contains("registry")
                .contains("validate")
                .contains("(\"text\" \"json\" \"github\")");
        CliRun zsh = CliRun.run(Path.of("."), "completion", "zsh");
        assertThat(zsh.out()).startsWith("autoload -U +X compinit");
        CliRun fish = CliRun.run(Path.of("."), "completion", "fish");
        assertThat(fish.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(fish.err()).startsWith("error: ");
    }
}
