package io.modelfleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelfleet.cli.options.FormatOption;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IllegalFormatException;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;

/**
 * Checks the help of every command on this classpath: rendered at the help width (100 columns),
 * no footer line (the examples above all) is longer, so picocli never wraps one in the middle of
 * a command. Shared by every command module's tests, each with its own commands on the classpath.
 */
public final class HelpFooters {
    /** The width picocli renders help at (Main sets it). */
    public static final int WIDTH = 100;

    private HelpFooters() {}

    /** Every command's name as typed, e.g. {@code [registry, validate]}; the root is {@code []}. */
    public static List<List<String>> commands() {
        CommandLine tree = Main.commandLine(
                new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), Path.of("."), new String[0]);
        List<List<String>> commands = new ArrayList<>();
        collect(tree, List.of(), commands);
        return commands;
    }

    private static void collect(CommandLine command, List<String> path, List<List<String>> into) {
        into.add(path);
        command.getSubcommands().forEach((name, child) -> {
            List<String> childPath = new ArrayList<>(path);
            childPath.add(name);
            collect(child, childPath, into);
        });
    }

    /** Renders {@code --help} of every command and checks that each footer line fits, unwrapped. */
    public static void assertEveryFooterFits(Path cwd) {
        CommandLine tree = Main.commandLine(
                new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), cwd, new String[0]);
        List<List<String>> commands = commands();
        assertThat(commands).as("the command tree").hasSizeGreaterThan(1);
        List<String> problems = new ArrayList<>();
        for (List<String> command : commands) {
            CommandLine spec = tree;
            for (String name : command) {
                spec = spec.getSubcommands().get(name);
            }
            String name = ("modelfleet " + String.join(" ", command)).strip();
            List<String> args = new ArrayList<>(command);
            args.add("--help");
            // picocli formats descriptions too; one it cannot format, it prints raw after a warning on System.err.
            PrintStream stderr = System.err;
            ByteArrayOutputStream warnings = new ByteArrayOutputStream();
            CliRun help;
            System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
            try {
                help = CliRun.run(cwd, args.toArray(String[]::new));
            } finally {
                System.setErr(stderr);
            }
            String warned = warnings.toString(StandardCharsets.UTF_8);
            if (warned.contains("WARN")) {
                problems.add(name + " --help warns (a lone % in a description? write %%): " + warned.strip());
            }
            if (help.exitCode() != 0) {
                problems.add(name + " --help exits " + help.exitCode() + ": " + help.err());
                continue;
            }
            List<String> rendered = help.out().lines().toList();
            String[] footer = spec.getCommandSpec().usageMessage().footer();
            if (!List.of(footer).contains("Examples:")) {
                problems.add(name + ": no 'Examples:' in its help");
            }
            for (String raw : footer) {
                // picocli formats each footer line (String.format): a lone % breaks it, and it then
                // prints the raw text with a warning.
                String line;
                try {
                    line = String.format(Locale.ROOT, raw);
                } catch (IllegalFormatException e) {
                    problems.add(name + ": footer line is not a format string (write % as %%): " + raw);
                    continue;
                }
                if (line.length() > WIDTH) {
                    problems.add(name + ": footer line of " + line.length() + " columns: " + line);
                } else if (!rendered.contains(line.stripTrailing())) {
                    problems.add(name + ": footer line not printed whole by --help: " + line);
                }
            }
            if (footer.length > 0 && footer[footer.length - 1].endsWith("\\")) {
                problems.add(name + ": the last example ends with a continuation '\\'");
            }
            FormatOption.of(spec.getCommandSpec().userObject())
                    .filter(formats -> !help.out().contains(FormatOption.describe(formats)))
                    .ifPresent(
                            formats -> problems.add(name + ": --help does not say " + FormatOption.describe(formats)));
        }
        assertThat(problems).as("help problems").isEmpty();
    }
}
