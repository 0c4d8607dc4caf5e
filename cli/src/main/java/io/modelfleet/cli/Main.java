package io.modelfleet.cli;

import io.modelfleet.cli.options.FormatOption;
import io.modelfleet.cli.options.OutputFormat;
import io.modelfleet.core.ModelfleetException;
import io.modelfleet.registry.RegistryLoader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** Entry point of the {@code modelfleet} command. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        if (Arrays.asList(args).contains("registry")) {
            RegistryLoader.warmUp();
        }
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        int code = run(args, out, err, Path.of("").toAbsolutePath());
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** Runs one command with injected output and working folder; tests call this directly. */
    public static int run(String[] args, PrintWriter out, PrintWriter err, Path cwd) {
        CommandLine cli = commandLine(out, err, cwd, args);
        return cli.execute(args);
    }

    /**
     * Builds the command tree. picocli reflects over every registered command at start-up, which
     * costs a short command like {@code registry validate} a fifth of its time; so where the
     * command line names a subcommand, only that branch is registered. Help and mistakes get the
     * full tree.
     */
    static CommandLine commandLine(PrintWriter out, PrintWriter err, Path cwd, String[] args) {
        ModelfleetCommand root = new ModelfleetCommand(new CliContext(out, err, cwd));
        CommandLine cli = build(root, args, 0, "", providers());
        cli.setOut(out);
        cli.setErr(err);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setUsageHelpWidth(100);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> handle(e, err, commandLine.getCommandSpec()));
        cli.setParameterExceptionHandler((e, args2) -> usageError(e, err));
        return cli;
    }

    private static CommandLine build(
            Object command, String[] args, int from, String path, List<CommandProvider> providers) {
        CommandLine cli = new CommandLine(command);
        // --version prints the same on every command, not nothing.
        cli.getCommandSpec().versionProvider(new ModelfleetCommand.Version());
        FormatOption.of(command).ifPresent(formats -> describeFormats(cli.getCommandSpec(), formats));
        if (command instanceof CommandGroup group) {
            Map<String, Supplier<Object>> children = new LinkedHashMap<>(group.subcommands());
            providers.forEach(provider -> children.putAll(provider.subcommands(path)));
            int position = positional(args, from);
            String named = position < args.length && children.containsKey(args[position]) ? args[position] : null;
            children.forEach((name, child) -> {
                if (named == null || named.equals(name)) {
                    cli.addSubcommand(
                            name,
                            build(
                                    child.get(),
                                    args,
                                    named == null ? args.length : position + 1,
                                    path.isEmpty() ? name : path + " " + name,
                                    providers));
                }
            });
        }
        return cli;
    }

    /** Help for --format names the formats this command writes, not every format there is. */
    private static void describeFormats(CommandSpec spec, List<OutputFormat> formats) {
        OptionSpec option = spec.findOption("--format");
        if (option == null) {
            throw new IllegalStateException(spec.userObject().getClass().getName()
                    + " says @Formats but does not mix in FormatOption (--format)");
        }
        spec.remove(option);
        spec.addOption(option.toBuilder()
                .description(FormatOption.describe(formats))
                .completionCandidates(
                        formats.stream().map(OutputFormat::toString).toList())
                .build());
    }

    /** The modules on the classpath that add commands (none on the lean classpath). */
    static List<CommandProvider> providers() {
        List<CommandProvider> providers = new ArrayList<>();
        ServiceLoader.load(CommandProvider.class).forEach(providers::add);
        // Help lists commands in a fixed order, whatever the order of the jars.
        providers.sort(Comparator.comparing(provider -> provider.getClass().getName()));
        return providers;
    }

    /** Index of the first argument at or after {@code from} that is not an option (or an option's value). */
    private static int positional(String[] args, int from) {
        int i = from;
        while (i < args.length && args[i].startsWith("-")) {
            i += args[i].equals("--config") ? 2 : 1;
        }
        return i;
    }

    /** A mistake on the command line: the same 'error:' prefix as every other failure, the synopsis, and where help is. */
    static int usageError(CommandLine.ParameterException e, PrintWriter err) {
        CommandLine command = e.getCommandLine();
        err.println("error: " + e.getMessage());
        if (e.getCause() instanceof ModelfleetException failure) {
            err.println("  hint: " + failure.hint());
        }
        err.print("  usage: " + command.getHelp().synopsis(0).stripTrailing().replace("Usage: ", "")
                + System.lineSeparator());
        err.println("  see '" + command.getCommandSpec().qualifiedName() + " --help' for the options and examples");
        err.flush();
        return ExitCodes.USAGE;
    }

    /** Maps failures to exit codes: explained failures print their message and hint, bugs say so. */
    static int handle(Exception e, PrintWriter err, CommandSpec command) {
        if (e instanceof ModelfleetException failure) {
            err.println("error: " + failure.getMessage());
            err.println("  hint: " + failure.hint());
            failure.input()
                    .flatMap(input -> FlagHints.of(input, command))
                    .ifPresent(where -> err.println("  " + where));
            err.flush();
            return failure.category() == ModelfleetException.Category.INTERNAL_ERROR
                    ? ExitCodes.INTERNAL
                    : ExitCodes.USAGE;
        }
        err.println("internal error: " + e);
        if (System.getenv("MODELFLEET_DEBUG") != null) {
            e.printStackTrace(err);
        } else {
            err.println(
                    "  this is a bug in modelfleet; rerun with MODELFLEET_DEBUG=1 for the stack trace and report it");
        }
        err.flush();
        return ExitCodes.INTERNAL;
    }
}
