package io.modelfleet.cli.options;

import io.modelfleet.cli.CliContext;
import io.modelfleet.core.ModelfleetErrors;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * The registry folder of the {@code registry} commands: {@code --registry DIR} as everywhere, or
 * the folder as the one argument ({@code registry validate DIR}, what CI configurations write).
 */
public final class RegistryFolderOptions {
    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "DIR",
            description = "Registry folder; the same as --registry DIR.")
    Path argument;

    @Mixin
    RegistryOption option;

    public Path resolve(CliContext context) {
        if (argument != null
                && option.given() != null
                && !context.resolve(argument).equals(context.resolve(option.given()))) {
            throw ModelfleetErrors.twoRegistries(argument, option.given());
        }
        return RegistryOption.resolve(context, argument != null ? argument : option.given());
    }

    /** The folder the user typed, if any (for messages that show it as given). */
    public Path given() {
        return argument != null ? argument : option.given();
    }
}
