package io.modelfleet.cli;

import io.modelfleet.core.ModelfleetException;
import io.modelfleet.registry.RegistryLoader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;

/** Entry point of the {@code modelfleet} command. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        if (java.util.Arrays.asList(args).contains("registry")) {
            RegistryLoader.warmUp();
        }
        PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
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
        CommandLine cli = build(root, args, 0);
        cli.setOut(out);
        cli.setErr(err);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setUsageHelpWidth(100);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> handle(e, err));
        return cli;
    }

    private static CommandLine build(Object command, String[] args, int from) {
        CommandLine cli = new CommandLine(command);
        if (command instanceof CommandGroup group) {
            Map<String, Supplier<Object>> children = group.subcommands();
            int position = positional(args, from);
            String named = position < args.length && children.containsKey(args[position]) ? args[position] : null;
            children.forEach((name, child) -> {
                if (named == null || named.equals(name)) {
                    cli.addSubcommand(name, build(child.get(), args, named == null ? args.length : position + 1));
                }
            });
        }
        return cli;
    }

    /** Index of the first argument at or after {@code from} that is not an option (or an option's value). */
    private static int positional(String[] args, int from) {
        int i = from;
        while (i < args.length && args[i].startsWith("-")) {
            i += args[i].equals("--config") ? 2 : 1;
        }
        return i;
    }

    /** Maps failures to exit codes: explained failures print their message and hint, bugs say so. */
    static int handle(Exception e, PrintWriter err) {
        if (e instanceof ModelfleetException failure) {
            err.println("error: " + failure.getMessage());
            err.println("  hint: " + failure.hint());
            err.flush();
            return failure.category() == ModelfleetException.Category.INTERNAL_ERROR ? ExitCodes.INTERNAL : ExitCodes.USAGE;
        }
        err.println("internal error: " + e);
        if (System.getenv("MODELFLEET_DEBUG") != null) {
            e.printStackTrace(err);
        } else {
            err.println("  this is a bug in modelfleet; rerun with MODELFLEET_DEBUG=1 for the stack trace and report it");
        }
        err.flush();
        return ExitCodes.INTERNAL;
    }
}
