package io.modelfleet.cli.options;

import io.modelfleet.cli.CliContext;
import io.modelfleet.core.Hour;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --from H --to H}: a range of hours, both included; required or defaulted by the command. */
public final class HourRangeOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(
            names = "--from",
            paramLabel = "H",
            converter = HourConverter.class,
            description = "First hour, YYYY-MM-DDTHH (UTC).")
    Hour from;

    @Option(names = "--to", paramLabel = "H", converter = HourConverter.class, description = "Last hour, included.")
    Hour to;

    @Mixin
    RangeGuard guard;

    /** The range; both flags are required, and a range over max_range_days needs --yes. */
    public List<Hour> required(CliContext context) {
        if (from == null || to == null) {
            throw new ParameterException(
                    mixee.commandLine(),
                    "Missing required options: --from and --to (e.g. --from 2026-11-24T00 --to 2026-11-24T23)");
        }
        List<Hour> hours = Hour.range(from, to);
        guard.check(context, hours);
        return hours;
    }

    public Optional<Hour> from() {
        return Optional.ofNullable(from);
    }

    public Optional<Hour> to() {
        return Optional.ofNullable(to);
    }
}
