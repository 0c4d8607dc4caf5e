package io.modelfleet.launcher;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How launches run.
 *
 * @param approvalTtl how long an approval holds: partial approvals older than this do not count,
 *     and an approved launch that has not started preparing by then needs approving again
 * @param changes where finalization writes the registry change a person commits
 * @param attributionWindow how long after an event its label may still arrive: the quality gate
 *     counts an hour only once its end is this far behind
 */
public record LaunchSettings(
        Duration approvalTtl, Path changes, SimulatedFleet.Settings fleet, Duration attributionWindow) {
    public static final Duration DEFAULT_APPROVAL_TTL = Duration.ofHours(72);
    /** How long after an event its label may still arrive: clicks come within the hour. */
    public static final Duration DEFAULT_ATTRIBUTION_WINDOW = Duration.ofMinutes(60);

    public LaunchSettings {
        requireNonNull(approvalTtl, "approvalTtl is null");
        requireNonNull(changes, "changes is null");
        requireNonNull(fleet, "fleet is null");
        requireNonNull(attributionWindow, "attributionWindow is null");
    }

    public LaunchSettings(Duration approvalTtl, Path changes, SimulatedFleet.Settings fleet) {
        this(approvalTtl, changes, fleet, DEFAULT_ATTRIBUTION_WINDOW);
    }

    public static LaunchSettings defaults(Path state) {
        return new LaunchSettings(
                DEFAULT_APPROVAL_TTL, state.resolve("registry-changes"), SimulatedFleet.Settings.DEFAULTS);
    }
}
