package io.modelfleet.cli.options;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code --format} flag of every command. The command says which formats it writes with
 * {@link Formats} on its class; any other is refused while the command line is parsed, before any
 * work starts.
 */
public final class FormatOption {
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    private OutputFormat format;

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            description = "Output format: ${COMPLETION-CANDIDATES} (as this command lists them below).")
    void set(OutputFormat value) {
        List<OutputFormat> supported = supported();
        if (!supported.contains(value)) {
            throw new ParameterException(
                    mixee.commandLine(),
                    "--format " + value + " is not one this command writes; use "
                            + supported.stream().map(OutputFormat::toString).collect(Collectors.joining(" or ")));
        }
        this.format = value;
    }

    /** The format asked for, or the command's default. */
    public OutputFormat get() {
        return format != null ? format : supported().get(0);
    }

    private List<OutputFormat> supported() {
        Object command = mixee.userObject();
        return of(command)
                .orElseThrow(() -> new IllegalStateException(command.getClass().getName()
                        + " mixes in --format but says with no @Formats which formats it writes"));
    }

    /** The formats {@code command} writes, the first being its default; empty if it writes only one kind. */
    public static Optional<List<OutputFormat>> of(Object command) {
        Formats formats = command.getClass().getAnnotation(Formats.class);
        return formats == null || formats.value().length == 0
                ? Optional.empty()
                : Optional.of(List.of(formats.value()));
    }

    /** The help line for a command writing {@code formats}, the first being the default. */
    public static String describe(List<OutputFormat> formats) {
        return "Output: " + formats.stream().map(OutputFormat::toString).collect(Collectors.joining(", "))
                + " (default: " + formats.get(0) + ").";
    }
}
