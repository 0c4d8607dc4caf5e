package io.modelfleet.core.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.modelfleet.core.gate.GateTest.Decision;
import io.modelfleet.core.gate.GateTest.Policy;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The gate's error rates, by simulation of whole launches looked at every hour: healthy candidates
 * (no difference) must be rolled back at most α of the time under the sequential policy however
 * often it looks, while the fixed-sample test peeked at every hour is not; candidates worse by
 * twice the margin must be caught.
 */
class TestGateTest {
    /** A TIER0 model's rows per hour, and the spread of one row's contribution to the NE difference. */
    private static final double ROWS_PER_HOUR = 20_000;

    private static final double ROW_SD = 0.5;
    private static final double MARGIN = 0.01;
    private static final double ALPHA = 0.05;
    /**
     * The gated steps (the 100% step has no production left to compare with) and their most hours
     * each. A 1% step is left out: at this volume it needs about 130 hours to tell a 1% margin from
     * nothing, which is what planned bakes are to say before a launch starts.
     */
    private static final double[] SHARES = {0.05, 0.25, 0.50};

    private static final int[] MAX_HOURS = {36, 24, 24};

    /** How one simulated launch ended under one policy. */
    record Outcome(Decision decision, int step, int hours) {}

    /**
     * One launch: hour by hour at its step's share, the hour's difference estimate drawn around
     * {@code truth} with the variance the two versions' row counts give; looked at after every hour
     * on everything so far (inverse-variance pooled). PASS moves to the next step, FAIL rolls back,
     * INCONCLUSIVE bakes on until the step's most hours, then the launch is held.
     */
    static Outcome launch(Policy policy, double truth, long seed) {
        Random random = new Random(seed);
        double weights = 0;
        double weighted = 0;
        int hours = 0;
        for (int step = 0; step < SHARES.length; step++) {
            double share = SHARES[step];
            double hourVariance = ROW_SD * ROW_SD * (1 / (ROWS_PER_HOUR * share) + 1 / (ROWS_PER_HOUR * (1 - share)));
            Decision decision = Decision.INCONCLUSIVE;
            for (int hour = 0; hour < MAX_HOURS[step] && decision == Decision.INCONCLUSIVE; hour++) {
                double estimate = truth + random.nextGaussian() * Math.sqrt(hourVariance);
                weights += 1 / hourVariance;
                weighted += estimate / hourVariance;
                hours++;
                decision = GateTest.decide(policy, weighted / weights, 1 / weights, MARGIN, ALPHA)
                        .decision();
            }
            if (decision != Decision.PASS) {
                return new Outcome(decision, step, hours);
            }
        }
        return new Outcome(Decision.PASS, SHARES.length, hours);
    }

    static Map<Policy, Integer> rollbacks(double truth, int launches) {
        Map<Policy, Integer> failed = new EnumMap<>(Policy.class);
        for (Policy policy : Policy.values()) {
            int count = 0;
            for (int i = 0; i < launches; i++) {
                // The same draws for every policy: the policies are compared on the same launches.
                if (launch(policy, truth, 1000L + i).decision() == Decision.FAIL) {
                    count++;
                }
            }
            failed.put(policy, count);
        }
        return failed;
    }

    @Test
    void healthyCandidatesAreRolledBackAtMostAlphaOfTheTimeHoweverOftenTheGateLooks() {
        int launches = 2_000;
        Map<Policy, Integer> failed = rollbacks(0, launches);
        double sequential = (double) failed.get(Policy.SEQUENTIAL) / launches;
        double fixed = (double) failed.get(Policy.FIXED_REPEATED) / launches;
        assertThat(sequential).isLessThanOrEqualTo(0.06);
        assertThat(Proportions.wilsonUpper95(failed.get(Policy.SEQUENTIAL), launches))
                .isLessThan(0.07);
        // Peeking at a fixed-sample test every hour rolls back healthy candidates far above its nominal 5%.
        assertThat(fixed).isGreaterThan(2 * ALPHA);
    }

    @Test
    void candidatesWorseByTwiceTheMarginAreRolledBackMostlyBeforeHalfTheTraffic() {
        int launches = 1_000;
        int failed = 0;
        int early = 0;
        for (int i = 0; i < launches; i++) {
            Outcome outcome = launch(Policy.SEQUENTIAL, 2 * MARGIN, 5000L + i);
            if (outcome.decision() == Decision.FAIL) {
                failed++;
                if (outcome.step() < 2) {
                    early++;
                }
            }
        }
        assertThat(failed).isGreaterThanOrEqualTo((int) (0.95 * launches));
        assertThat(early).isGreaterThan(launches / 2);
    }

    @Test
    void theSequentialHalfWidthMatchesTheMixtureBoundaryComputedByHand() {
        // V = 1e-4, tau² = 1e-4, alpha = 0.05: sqrt(1e-4 * 2 * (ln 2 + 2 ln 20)) = 0.0365639...
        double byHand = Math.sqrt(1e-4 * 2e-4 / 1e-4 * (Math.log(2) + 2 * Math.log(20)));
        assertThat(GateTest.sequentialHalfWidth(1e-4, 0.05, 1e-4)).isCloseTo(byHand, within(1e-15));
        assertThat(byHand).isCloseTo(0.0365639, within(1e-6));
        // Wider than the fixed-sample one-sided interval at every variance: that is the price of peeking freely.
        for (double v : new double[] {1e-8, 1e-6, 1e-4, 1e-2}) {
            assertThat(GateTest.sequentialHalfWidth(v, 0.05, 1e-4)).isGreaterThan(1.6448536 * Math.sqrt(v));
        }
    }

    @Test
    void theFixedIntervalUsesTheNormalQuantile() {
        // z(0.95) = 1.6448536269514722; z(0.975) = 1.959963984540054 (tables).
        assertThat(Normal.quantile(0.95)).isCloseTo(1.6448536269514722, within(1e-8));
        assertThat(Normal.quantile(0.975)).isCloseTo(1.959963984540054, within(1e-8));
        assertThat(Normal.quantile(0.001)).isCloseTo(-3.090232306167813, within(1e-8));
        GateTest.Verdict verdict = GateTest.decide(Policy.FIXED_REPEATED, 0.004, 1e-6, MARGIN, 0.05);
        assertThat(verdict.upper()).isCloseTo(0.004 + 1.6448536269514722e-3, within(1e-10));
        assertThat(verdict.decision()).isEqualTo(Decision.PASS);
    }

    @Test
    void theWilsonUpperBoundMatchesItsFormulaWorkedByHand() {
        // 0 of 30: z² / (n + z²) = 3.8415 / 33.8415 = 0.11351; 5 of 100 by the formula: 0.11175 (tables give 0.1118).
        assertThat(Proportions.wilsonUpper95(0, 30)).isCloseTo(0.113516, within(1e-5));
        assertThat(Proportions.wilsonUpper95(5, 100)).isCloseTo(0.111751, within(1e-5));
    }

    @Test
    void theDistributionFunctionInvertsTheQuantile() {
        // Phi(1.959963984540054) = 0.975 and Phi(0) = 0.5 (tables); cdf(quantile(p)) = p across the range.
        assertThat(Normal.cdf(1.959963984540054)).isCloseTo(0.975, within(1e-7));
        assertThat(Normal.cdf(0)).isCloseTo(0.5, within(1e-7));
        for (double p : new double[] {0.001, 0.05, 0.3, 0.7, 0.95, 0.999}) {
            assertThat(Normal.cdf(Normal.quantile(p))).isCloseTo(p, within(1e-7 + 1e-6 * p));
        }
    }

    @Test
    void decisionsFollowTheIntervalAgainstZeroAndTheMargin() {
        // Surely worse and not surely within the margin: FAIL. Surely within: PASS. Neither: INCONCLUSIVE.
        assertThat(GateTest.decide(Policy.SEQUENTIAL, 0.03, 1e-6, MARGIN, ALPHA).decision())
                .isEqualTo(Decision.FAIL);
        assertThat(GateTest.decide(Policy.SEQUENTIAL, 0.0, 1e-7, MARGIN, ALPHA).decision())
                .isEqualTo(Decision.PASS);
        assertThat(GateTest.decide(Policy.SEQUENTIAL, 0.005, 1e-4, MARGIN, ALPHA)
                        .decision())
                .isEqualTo(Decision.INCONCLUSIVE);
        assertThat(GateTest.decide(Policy.RAW_THRESHOLD, 0.011, 1, MARGIN, ALPHA)
                        .decision())
                .isEqualTo(Decision.FAIL);
        assertThatThrownBy(() -> GateTest.decide(Policy.SEQUENTIAL, 0, -1, MARGIN, ALPHA))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("variance must be finite and at least 0");
    }
}
