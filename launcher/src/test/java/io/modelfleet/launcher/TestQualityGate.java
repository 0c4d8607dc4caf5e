package io.modelfleet.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.modelfleet.core.gate.GateTest;
import io.modelfleet.core.slo.HourMetrics;
import io.modelfleet.core.slo.HourSums;
import io.modelfleet.registry.TierPolicy;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TestQualityGate {
    private static final QualityGate.Margins MARGINS = new QualityGate.Margins(0.01, 0.05);

    /** Rows whose true click rate is {@code rate}, predicted as {@code rate * miscalibration}. */
    private static HourSums rows(int n, double rate, double miscalibration, long seed) {
        Random random = new Random(seed);
        HourSums sums = HourSums.EMPTY;
        for (int i = 0; i < n; i++) {
            double truth = rate * Math.exp(0.8 * random.nextGaussian() - 0.32);
            int label = random.nextDouble() < truth ? 1 : 0;
            sums = sums.add(Math.min(0.99, truth * miscalibration), label, 1.0);
        }
        return sums;
    }

    @Test
    void theCalibrationDifferenceIsTheOneComputedFromTheSumsByHand() {
        HourSums production = rows(50_000, 0.05, 1.0, 1);
        HourSums candidate = rows(50_000, 0.05, 1.3, 2);
        QualityGate.Decision decision =
                QualityGate.judge(production, candidate, MARGINS, 0.05, GateTest.Policy.SEQUENTIAL);
        QualityGate.MetricVerdict calibration = decision.metrics().get(1);
        // Calibration = Σ w·p / Σ w·y per version; the gate compares |ln| of it.
        double byHand = Math.abs(Math.log(candidate.wp() / candidate.wy()))
                - Math.abs(Math.log(production.wp() / production.wy()));
        assertThat(calibration.verdict().estimate()).isCloseTo(byHand, within(1e-12));
        // 30% over-prediction is ln 1.3 = 0.26 worse, far beyond a 0.05 margin: rolled back.
        assertThat(decision.decision()).isEqualTo(GateTest.Decision.FAIL);
        assertThat(calibration.verdict().decision()).isEqualTo(GateTest.Decision.FAIL);
    }

    @Test
    void aCandidateAsGoodAsProductionPassesOnEnoughRowsAndWaitsOnFew() {
        QualityGate.Decision many = QualityGate.judge(
                rows(400_000, 0.05, 1.0, 3), rows(400_000, 0.05, 1.0, 4), MARGINS, 0.05, GateTest.Policy.SEQUENTIAL);
        assertThat(many.decision()).isEqualTo(GateTest.Decision.PASS);
        QualityGate.Decision few = QualityGate.judge(
                rows(2_000, 0.05, 1.0, 5), rows(2_000, 0.05, 1.0, 6), MARGINS, 0.05, GateTest.Policy.SEQUENTIAL);
        assertThat(few.decision()).isEqualTo(GateTest.Decision.INCONCLUSIVE);
        // No rows for the candidate yet: nothing to judge.
        assertThat(QualityGate.judge(
                                rows(2_000, 0.05, 1.0, 7), HourSums.EMPTY, MARGINS, 0.05, GateTest.Policy.SEQUENTIAL)
                        .decision())
                .isEqualTo(GateTest.Decision.INCONCLUSIVE);
    }

    @Test
    void theCalibrationIntervalIsEachVersionsOwnIntervalFoldedAndSubtracted() {
        HourSums production = rows(50_000, 0.05, 1.0, 8);
        HourSums candidate = rows(5_000, 0.05, 1.1, 9);
        QualityGate.MetricVerdict calibration = QualityGate.judge(
                        production, candidate, MARGINS, 0.05, GateTest.Policy.SEQUENTIAL)
                .metrics()
                .get(1);
        // By hand: ln C per version with its delta-method half-width at alpha / 2, folded, then candidate
        // bounds less production's.
        HourMetrics p = HourMetrics.of(production).orElseThrow();
        HourMetrics c = HourMetrics.of(candidate).orElseThrow();
        double pLog = Math.log(p.calibration());
        double cLog = Math.log(c.calibration());
        double pHalf = GateTest.sequentialHalfWidth(
                Math.pow(p.calibrationSe() / p.calibration(), 2), 0.025, GateTest.tau2(0.05));
        double cHalf = GateTest.sequentialHalfWidth(
                Math.pow(c.calibrationSe() / c.calibration(), 2), 0.025, GateTest.tau2(0.05));
        double pLow = Math.abs(pLog) <= pHalf ? 0 : Math.abs(pLog) - pHalf;
        double cLow = Math.abs(cLog) <= cHalf ? 0 : Math.abs(cLog) - cHalf;
        assertThat(calibration.verdict().upper()).isCloseTo(Math.abs(cLog) + cHalf - pLow, within(1e-12));
        assertThat(calibration.verdict().lower()).isCloseTo(cLow - (Math.abs(pLog) + pHalf), within(1e-12));
    }

    @Test
    void aCandidatePredictingNoClicksFailsInsteadOfBreakingTheGate() {
        HourSums production = rows(20_000, 0.05, 1.0, 10);
        HourSums candidate = rows(20_000, 0.05, 0.0, 11);
        QualityGate.Decision decision =
                QualityGate.judge(production, candidate, MARGINS, 0.05, GateTest.Policy.SEQUENTIAL);
        assertThat(decision.decision()).isEqualTo(GateTest.Decision.FAIL);
        assertThat(decision.metrics().get(1).verdict().decision()).isEqualTo(GateTest.Decision.FAIL);
    }

    @Test
    void aTiersGateGivesTheMargins() {
        assertThat(QualityGate.Margins.of(new TierPolicy.Gate(0.01, 0.05, 0.05)))
                .isEqualTo(MARGINS);
    }
}
