package io.modelfleet.launcher;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * The launch freeze, the SRE error-budget policy applied to model quality: a team with a TIER0 or
 * TIER1 model whose 28-day error budget is spent does not launch until the budget recovers.
 */
@FunctionalInterface
public interface FreezePolicy {
    /** Nothing is frozen. */
    FreezePolicy NONE = (team, now) -> Optional.empty();

    /** The model whose spent budget holds the team's launches, if any. */
    Optional<Freeze> holding(String team, Instant now);

    /**
     * A spent budget.
     *
     * @param day the day of {@code slo_daily} that says so
     * @param budgetRemaining the error budget left: at most zero
     */
    record Freeze(String model, String tier, String day, double budgetRemaining) {
        public String describe() {
            return String.format(
                    Locale.ROOT,
                    "%s (%s) has spent its 28-day error budget (%.0f%% left on %s)",
                    model,
                    tier,
                    budgetRemaining * 100,
                    day);
        }
    }
}
