package io.modelfleet.cli.options;

import io.modelfleet.cli.CliContext;
import io.modelfleet.core.Hour;
import io.modelfleet.core.ModelfleetErrors;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code --yes}: a range of hours longer than {@code max_range_days} (modelfleet.yaml, default 31)
 * runs only when confirmed, so that a mistyped year does not start tens of thousands of hours.
 */
public final class RangeGuard {
    @Option(
            names = "--yes",
            description = "Run a range longer than max_range_days in modelfleet.yaml (default 31 days).")
    boolean yes;

    /** Refuses {@code hours} if they span more days than allowed and the run is not confirmed. */
    public void check(CliContext context, List<Hour> hours) {
        int maxDays = context.config().maxRangeDays();
        if (!yes && hours.size() > maxDays * 24L) {
            throw ModelfleetErrors.rangeTooLong(hours.get(0), hours.get(hours.size() - 1), hours.size(), maxDays);
        }
    }
}
