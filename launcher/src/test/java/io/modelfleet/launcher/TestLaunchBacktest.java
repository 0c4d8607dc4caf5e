package io.modelfleet.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelfleet.core.gate.GateTest;
import io.modelfleet.core.gate.Proportions;
import io.modelfleet.launcher.LaunchBacktest.CandidateClass;
import io.modelfleet.launcher.LaunchBacktest.Outcome;
import io.modelfleet.launcher.LaunchBacktest.PolicyResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole launches of the sample fleet's models through the controller, the simulated fleet and the
 * quality gate, looked at every hour: the error rates the issue asks of the gate, measured where
 * they matter.
 */
class TestLaunchBacktest {
    private static final double ALPHA = 0.05;

    @TempDir
    Path scratch;

    private LaunchBacktest backtest(int launches, List<CandidateClass> mix) {
        return new LaunchBacktest(
                LaunchFixtures.example(),
                new LaunchBacktest.Settings(
                        launches,
                        11,
                        LaunchBacktest.Settings.defaultPlan(),
                        Duration.ofMinutes(30),
                        Duration.ofHours(1),
                        name -> LaunchFixtures.database(),
                        model -> new SimulatedTraffic.Profile(0.05, 20_000),
                        mix,
                        scratch));
    }

    @Test
    void healthyCandidatesAreRolledBackAtMostAlphaOfTheTimeWhileThePeekedFixedTestIsNot() {
        int launches = 2_000;
        Map<GateTest.Policy, PolicyResult> results = backtest(launches, List.of(CandidateClass.HEALTHY))
                .run(List.of(GateTest.Policy.SEQUENTIAL, GateTest.Policy.FIXED_REPEATED), line -> {});
        long sequential = results.get(GateTest.Policy.SEQUENTIAL).count(CandidateClass.HEALTHY, Outcome.ROLLED_BACK);
        long fixed = results.get(GateTest.Policy.FIXED_REPEATED).count(CandidateClass.HEALTHY, Outcome.ROLLED_BACK);
        assertThat(results.get(GateTest.Policy.SEQUENTIAL).outcomes()).hasSize(launches);
        assertThat((double) sequential / launches).isLessThanOrEqualTo(0.06);
        assertThat(Proportions.wilsonUpper95(sequential, launches)).isLessThan(0.07);
        // The same launches judged by a fixed-sample test at every hourly look: each look spends alpha again.
        assertThat((double) fixed / launches).isGreaterThan(ALPHA);
        assertThat(fixed).isGreaterThan(3 * sequential);
    }

    @Test
    void candidatesWorseByTwiceTheMarginAreRolledBackMostlyBeforeHalfTheTraffic() {
        int launches = 300;
        PolicyResult result = backtest(launches, List.of(CandidateClass.WORSE_TWO_MARGINS))
                .run(List.of(GateTest.Policy.SEQUENTIAL), line -> {})
                .get(GateTest.Policy.SEQUENTIAL);
        List<Outcome> outcomes = result.of(CandidateClass.WORSE_TWO_MARGINS);
        long rolledBack = outcomes.stream()
                .filter(o -> o.result().equals(Outcome.ROLLED_BACK))
                .count();
        long beforeHalf = outcomes.stream()
                .filter(o -> o.result().equals(Outcome.ROLLED_BACK) && o.percentReached() < 50)
                .count();
        assertThat(rolledBack).isGreaterThanOrEqualTo((long) Math.ceil(0.95 * launches));
        assertThat(beforeHalf).isGreaterThan(launches / 2);
    }
}
