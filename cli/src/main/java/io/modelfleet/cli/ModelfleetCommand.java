package io.modelfleet.cli;

import io.modelfleet.cli.generate.GenerateCommand;
import io.modelfleet.cli.registry.RegistryCommand;
import io.modelfleet.cli.sim.SimCommand;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;

@Command(
        name = "modelfleet",
        mixinStandardHelpOptions = true,
        versionProvider = ModelfleetCommand.Version.class,
        description = {
            "Runs a fleet of production ranking models: registry as code, launch capacity estimation, stability SLOs.",
            ""
        },
        footer = {
            "",
            "Examples:",
            "  modelfleet demo                                  # the whole story on this machine",
            "  modelfleet registry validate examples/registry   # what CI runs on every pull request",
            "  modelfleet registry list --tier TIER0 --format csv",
            "",
            "Exit codes: 0 ok/valid, 1 findings (invalid, drift), 2 usage or I/O error, 3 internal error.",
            "Settings come from flags, then modelfleet.yaml (in the working folder or --config), then defaults."
        })
public final class ModelfleetCommand implements Runnable, CommandGroup {
    @Override
    public Map<String, Supplier<Object>> subcommands() {
        Map<String, Supplier<Object>> subcommands = new LinkedHashMap<>();
        subcommands.put("registry", RegistryCommand::new);
        subcommands.put("generate", GenerateCommand::new);
        subcommands.put("sim", SimCommand::new);
        subcommands.put("completion", CompletionCommand::new);
        return Collections.unmodifiableMap(subcommands);
    }

    private final CliContext context;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    public ModelfleetCommand(CliContext context) {
        this.context = context;
    }

    @Option(
            names = "--config",
            paramLabel = "FILE",
            scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "modelfleet.yaml to read (default: ./modelfleet.yaml if present).")
    void setConfig(Path file) {
        context.configFile(Optional.ofNullable(file));
    }

    public CliContext context() {
        return context;
    }

    @Override
    public void run() {
        spec.commandLine().usage(context.out());
    }

    /** Reads the version Maven filtered into the jar. */
    public static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            String commit = System.getProperty("modelfleet.commit", "");
            return new String[] {
                "modelfleet " + projectVersion().orElse("unknown") + (commit.isEmpty() ? "" : " (git " + commit + ")"),
                "Java " + System.getProperty("java.version")
            };
        }

        /** The version Maven built, e.g. 0.1.0-SNAPSHOT; empty when run from classes without the filtered file. */
        public static Optional<String> projectVersion() throws IOException {
            Properties properties = new Properties();
            try (InputStream in = ModelfleetCommand.class.getResourceAsStream("/modelfleet-version.properties")) {
                if (in != null) {
                    properties.load(in);
                }
            }
            return Optional.ofNullable(properties.getProperty("version"));
        }
    }
}
