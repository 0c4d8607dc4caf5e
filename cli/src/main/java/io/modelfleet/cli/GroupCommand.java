package io.modelfleet.cli;

/** A command that only groups subcommands ({@code registry}, {@code slo}, …): run alone, it shows its usage. */
public abstract class GroupCommand extends BaseCommand implements CommandGroup {
    @Override
    public final Integer call() {
        spec.commandLine().usage(out());
        return ExitCodes.OK;
    }
}
