package io.modelfleet.cli;

import io.modelfleet.registry.ModelfleetException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import picocli.CommandLine;

/** Entry point of the {@code modelfleet} command. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        int code = run(args, out, err, Path.of("").toAbsolutePath());
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** Runs one command with injected output and working folder; tests call this directly. */
    public static int run(String[] args, PrintWriter out, PrintWriter err, Path cwd) {
        CommandLine cli = commandLine(out, err, cwd);
        return cli.execute(args);
    }

    static CommandLine commandLine(PrintWriter out, PrintWriter err, Path cwd) {
        ModelfleetCommand root = new ModelfleetCommand(new CliContext(out, err, cwd));
        CommandLine cli = new CommandLine(root);
        cli.setOut(out);
        cli.setErr(err);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> handle(e, err));
        return cli;
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
