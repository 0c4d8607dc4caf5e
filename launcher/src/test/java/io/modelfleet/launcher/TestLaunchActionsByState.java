package io.modelfleet.launcher;

import static io.modelfleet.launcher.LaunchFixtures.estimate;
import static io.modelfleet.launcher.LaunchFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelfleet.core.ModelfleetException;
import io.modelfleet.core.gate.GateTest;
import io.modelfleet.registry.Registry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every action a person takes, in every state a launch can be in: allowed where the design says, else refused naming the state. */
class TestLaunchActionsByState {
    private static final String MODEL = "ig_feed_mtml_lsr_v3";
    private static final Map<String, Set<LaunchState>> ALLOWED = Map.of(
            "approve", EnumSet.of(LaunchState.ESTIMATED),
            "reject", EnumSet.of(LaunchState.ESTIMATED, LaunchState.FROZEN),
            "abort",
                    EnumSet.of(
                            LaunchState.REQUESTED,
                            LaunchState.ESTIMATED,
                            LaunchState.APPROVED,
                            LaunchState.FROZEN,
                            LaunchState.PREPARING),
            "roll back",
                    EnumSet.of(LaunchState.PREPARING, LaunchState.SHIFTING, LaunchState.HELD, LaunchState.FINALIZING),
            "extend", EnumSet.of(LaunchState.HELD),
            "promote", EnumSet.of(LaunchState.HELD));

    /** A gate whose labels never arrive: every step stays INCONCLUSIVE until it is held. */
    private static final GateSource NO_LABELS = new GateSource() {
        @Override
        public Instant labelledThrough(Instant now) {
            return Instant.EPOCH;
        }

        @Override
        public Sums sums(LaunchRecord launch, Instant from, Instant to) {
            throw new AssertionError("no hour is labelled");
        }
    };

    @TempDir
    Path state;

    private final Registry registry = LaunchFixtures.example();
    private final LaunchFixtures.TestClock clock = new LaunchFixtures.TestClock();
    private boolean frozen;

    /** A launch brought to {@code target} by the workflow's own moves. */
    private Launches launchIn(LaunchState target) {
        SimulatedFleet.Settings fleet =
                new SimulatedFleet.Settings(20, 0, Duration.ofMinutes(2), 3, Duration.ofMinutes(30));
        Launches launches = new Launches(
                LaunchFixtures.database(),
                () -> registry,
                new SimulatedFleet(fleet),
                (team, now) -> frozen
                        ? Optional.of(new FreezePolicy.Freeze("m", "TIER0", "2026-11-29", -1))
                        : Optional.empty(),
                clock,
                new LaunchSettings(Duration.ofHours(72), state.resolve("changes"), fleet));
        if (target == LaunchState.HELD) {
            launches = launches.gatedBy(NO_LABELS, GateTest.Policy.SEQUENTIAL);
        }
        launches.submit(request(registry, "l", MODEL, "v4", 12), estimate("FITS", 12), 12);
        switch (target) {
            case ESTIMATED -> {}
            case REJECTED -> launches.reject("l", "feed-ranking-lead", "no");
            case ABORTED -> launches.abort("l", "omar@example.com", "no");
            case FROZEN -> {
                frozen = true;
                approve(launches);
            }
            default -> {
                approve(launches);
                while (launches.view("l").launch().state() != target) {
                    LaunchState before = launches.view("l").launch().state();
                    if (before == LaunchState.PREPARING && target == LaunchState.ROLLED_BACK) {
                        launches.rollback("l", "omar@example.com", "drill");
                        break;
                    }
                    assertThat(before.isEnd())
                            .as("%s reached before %s", before, target)
                            .isFalse();
                    clock.advance(Duration.ofMinutes(30));
                    launches.tick("controller");
                }
            }
        }
        assertThat(launches.view("l").launch().state()).isEqualTo(target);
        return launches;
    }

    private static void approve(Launches launches) {
        launches.approve("l", "feed-ranking-lead");
        launches.approve("l", "ml-platform-lead");
    }

    @ParameterizedTest
    @EnumSource(value = LaunchState.class, names = "REQUESTED", mode = EnumSource.Mode.EXCLUDE)
    void eachActionIsAllowedOnlyInItsStates(LaunchState in) {
        Map<String, Consumer<Launches>> actions = Map.of(
                "approve", l -> l.approve("l", "feed-ranking-tl"),
                "reject", l -> l.reject("l", "feed-ranking-tl", "not now"),
                "abort", l -> l.abort("l", "omar@example.com", "not now"),
                "roll back", l -> l.rollback("l", "omar@example.com", "not now"),
                "extend", l -> l.extend("l", "feed-ranking-lead", 12, "labels are late today"),
                "promote", l -> l.promote("l", "feed-ranking-lead", "offline NE says it is fine"));
        for (Map.Entry<String, Consumer<Launches>> action : actions.entrySet()) {
            Launches launches = launchIn(in);
            int events = launches.view("l").events().size();
            if (ALLOWED.get(action.getKey()).contains(in)) {
                action.getValue().accept(launches);
                assertThat(launches.view("l").events().size())
                        .as("%s in %s records a step or an approval", action.getKey(), in)
                        .isGreaterThanOrEqualTo(events);
            } else {
                assertThatThrownBy(() -> action.getValue().accept(launches))
                        .as("%s in %s", action.getKey(), in)
                        .isInstanceOf(ModelfleetException.class)
                        .hasMessage("Cannot " + action.getKey() + " launch 'l': it is " + in);
                assertThat(launches.view("l").events()).hasSize(events);
                assertThat(launches.view("l").launch().state()).isEqualTo(in);
            }
        }
    }
}
