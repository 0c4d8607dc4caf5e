package io.modelfleet.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelfleet.core.gate.CandidateQuality;
import io.modelfleet.core.gate.GateTest;
import io.modelfleet.core.slo.HourSums;
import io.modelfleet.registry.Launch;
import io.modelfleet.registry.TierPolicy;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Planned bakes against a second method: healthy steps simulated hour by hour and judged by the gate. */
class TestBakePlan {
    private static final TierPolicy.Gate GATE = new TierPolicy.Gate(0.03, Math.log(1.1), 0.05);
    private static final SimulatedTraffic.Profile TRAFFIC = new SimulatedTraffic.Profile(0.05, 20_000);

    @Test
    void aHealthyCandidatePassesByItsPlannedBakeAboutAsOftenAsPlanned() {
        List<Launch.Step> steps = List.of(new Launch.Step(25, 60), new Launch.Step(100, 0));
        double alpha = GATE.alpha() / 2;
        SimulatedTraffic traffic = new SimulatedTraffic(Duration.ZERO, 5, l -> TRAFFIC, l -> CandidateQuality.GOOD);
        BakePlan.StepPlan plan = BakePlan.plan(traffic.typicalHour(TRAFFIC), 1, steps, GATE, alpha, 0.8)
                .orElseThrow()
                .get(0);
        assertThat(plan.plannedHours()).isPresent();
        long hours = plan.plannedHours().getAsLong();
        int launches = 400;
        int passed = 0;
        for (int i = 0; i < launches; i++) {
            // Each hour's sums for both versions at 25%, pooled, looked at every hour until the planned bake.
            SimulatedTraffic seeded =
                    new SimulatedTraffic(Duration.ZERO, 100 + i, l -> TRAFFIC, l -> CandidateQuality.GOOD);
            HourSums production = HourSums.EMPTY;
            HourSums candidate = HourSums.EMPTY;
            boolean pass = false;
            for (long h = 0; h < hours && !pass; h++) {
                production = production.plus(seeded.hourOf("p" + i, 0, h, 15_000, CandidateQuality.GOOD));
                candidate = candidate.plus(seeded.hourOf("p" + i, 1, h, 5_000, CandidateQuality.GOOD));
                pass = QualityGate.judge(
                                        production,
                                        candidate,
                                        QualityGate.Margins.of(GATE),
                                        alpha,
                                        GateTest.Policy.SEQUENTIAL)
                                .decision()
                        == GateTest.Decision.PASS;
            }
            if (pass) {
                passed++;
            }
        }
        double rate = (double) passed / launches;
        // Planned for 80%: the plan's normal approximations hold within a few points.
        assertThat(rate).isBetween(0.70, 0.95);
    }

    @Test
    void aStepTooSmallToDecideIsSaidSoAndCountsTheLabelsWait() {
        List<Launch.Step> steps = List.of(new Launch.Step(1, 60), new Launch.Step(100, 0));
        SimulatedTraffic traffic = new SimulatedTraffic(Duration.ZERO, 5, l -> TRAFFIC, l -> CandidateQuality.GOOD);
        BakePlan.StepPlan small = BakePlan.plan(
                        traffic.typicalHour(TRAFFIC), 1, steps, new TierPolicy.Gate(0.01, 0.05, 0.05), 0.0125, 0.8)
                .orElseThrow()
                .get(0);
        assertThat(small.plannedHours()).isEqualTo(OptionalLong.empty());
        assertThat(small.decidesWithin(Long.MAX_VALUE, Duration.ZERO)).isFalse();
        BakePlan.StepPlan planned = new BakePlan.StepPlan(0, 25, 5000, OptionalLong.of(3), true);
        // 3 h of looks, after the split first hour and a 60-minute attribution window: 300 minutes.
        assertThat(planned.minutesToDecide(Duration.ofMinutes(60))).isEqualTo(300);
        assertThat(planned.decidesWithin(299, Duration.ofMinutes(60))).isFalse();
        assertThat(planned.decidesWithin(300, Duration.ofMinutes(60))).isTrue();
    }
}
