package io.modelfleet.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TestSimulatedFleet {
    private final LaunchDatabase database = LaunchFixtures.database();
    private final Instant start = LaunchFixtures.START;

    @Test
    void replicasComeUpOneAfterAnotherAtTheSetRate() throws Exception {
        SimulatedFleet fleet =
                new SimulatedFleet(new SimulatedFleet.Settings(1, 0, Duration.ofMinutes(2), 3, Duration.ofMinutes(10)));
        try (Connection tx = database.connect()) {
            fleet.deploy(tx, "m", "v2", 3, start);
            // One a minute: replica i is up at i + 1 minutes.
            assertThat(fleet.readiness(tx, "m", "v2", start.plusSeconds(59)).ready())
                    .isZero();
            assertThat(fleet.readiness(tx, "m", "v2", start.plusSeconds(150)).ready())
                    .isEqualTo(2);
            ServingFleet.Readiness done = fleet.readiness(tx, "m", "v2", start.plusSeconds(180));
            assertThat(done.complete()).isTrue();
            assertThat(done.deadline()).isEqualTo(start.plus(Duration.ofMinutes(10)));
        }
    }

    @Test
    void failedStartsAreReplacedAfterTheirDelayUntilTheTriesRunOut() throws Exception {
        SimulatedFleet always = new SimulatedFleet(
                new SimulatedFleet.Settings(1, 1.0, Duration.ofMinutes(2), 3, Duration.ofMinutes(10)));
        try (Connection tx = database.connect()) {
            always.deploy(tx, "m", "v2", 2, start);
            // Replica 0 fails at 1, 3 and 5 minutes; replica 1 at 2, 4 and 6; then both are given up.
            assertThat(always.readiness(tx, "m", "v2", start.plus(Duration.ofMinutes(3)))
                            .failed())
                    .isEqualTo(3);
            ServingFleet.Readiness late = always.readiness(tx, "m", "v2", start.plus(Duration.ofHours(1)));
            assertThat(late.failed()).isEqualTo(6);
            assertThat(late.ready()).isZero();
        }
    }

    @Test
    void whichStartsFailIsTheSameOnEveryReadAndNearTheSetRate() throws Exception {
        SimulatedFleet fleet = new SimulatedFleet(
                new SimulatedFleet.Settings(100, 0.2, Duration.ofMinutes(1), 1, Duration.ofMinutes(30)));
        try (Connection tx = database.connect()) {
            fleet.deploy(tx, "m", "v2", 10_000, start);
            Instant later = start.plus(Duration.ofHours(5));
            ServingFleet.Readiness first = fleet.readiness(tx, "m", "v2", later);
            assertThat(fleet.readiness(tx, "m", "v2", later)).isEqualTo(first);
            // One try each: ready + failed = all; a fair 20% coin over 10,000 lands within 5 standard errors.
            assertThat(first.ready() + first.failed()).isEqualTo(10_000);
            assertThat(first.failed()).isBetween(2000L - 200, 2000L + 200);
        }
    }
}
