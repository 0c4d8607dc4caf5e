package io.modelfleet.core.slo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TestHourMetrics {
    /** Hand-worked: 4 events, two weighted negatives. */
    @Test
    void smallHourByHand() {
        HourSums s = HourSums.EMPTY
                .add(0.8, 1, 1.0)
                .add(0.4, 0, 2.0)
                .add(0.1, 0, 2.0)
                .add(0.5, 1, 1.0);
        // W = 6, Y = 2, P = 0.8 + 0.8 + 0.2 + 0.5 = 2.3
        HourMetrics m = HourMetrics.of(s).orElseThrow();
        assertThat(m.ctr()).isCloseTo(2.0 / 6, within(1e-15));
        assertThat(m.calibration()).isCloseTo(2.3 / 2, within(1e-15));
        double ll = -(Math.log(0.8) + 2 * Math.log(0.6) + 2 * Math.log(0.9) + Math.log(0.5)) / 6;
        double c = 1.0 / 3;
        double h = -(c * Math.log(c) + (1 - c) * Math.log(1 - c));
        assertThat(m.logLoss()).isCloseTo(ll, within(1e-15));
        assertThat(m.ne()).isCloseTo(ll / h, within(1e-14));
    }

    @Test
    void clippingKeepsCertainWrongPredictionsFinite() {
        HourSums s = HourSums.EMPTY
                .add(0.0, 1, 1.0)
                .add(1.0, 0, 1.0)
                .add(0.5, 1, 1.0)
                .add(0.5, 0, 1.0);
        HourMetrics m = HourMetrics.of(s).orElseThrow();
        // p = 1 is clipped to 1 - 1e-7, and the loss of a negative is -ln(1 - p) of the clipped p
        double ll = -(Math.log(1e-7) + Math.log(1 - (1 - 1e-7)) + 2 * Math.log(0.5)) / 4;
        assertThat(m.logLoss()).isCloseTo(ll, within(1e-12));
        assertThat(Double.isFinite(m.ne())).isTrue();
    }

    @Test
    void invalidAndUnlabeledRowsAreCountedNotUsed() {
        HourSums s = HourSums.EMPTY
                .add(Double.NaN, 1, 1.0)
                .add(1.5, 0, 1.0)
                .add(0.5, 2, 1.0)
                .add(0.5, 0, -1.0)
                .add(null, 1, 1.0)
                .add(0.3, null, 1.0)
                .add(0.3, 1, null);
        assertThat(s.rows()).isEqualTo(7);
        assertThat(s.invalid()).isEqualTo(5);
        assertThat(s.unlabeled()).isEqualTo(1);
        assertThat(s.events()).isEqualTo(1);
        assertThat(s.w()).isEqualTo(1.0);
    }

    @Test
    void noPositivesOrNoNegativesHasNoMetrics() {
        assertThat(HourMetrics.of(HourSums.EMPTY.add(0.2, 0, 1.0).add(0.3, 0, 1.0)))
                .isEmpty();
        assertThat(HourMetrics.of(HourSums.EMPTY.add(0.2, 1, 1.0).add(0.3, 1, 1.0)))
                .isEmpty();
        assertThat(HourMetrics.of(HourSums.EMPTY)).isEmpty();
    }

    /**
     * 400 simulated hours with a known true calibration k: labels drawn with probability p / k, so
     * E[Σp] / E[Σy] = k. The 95% interval must cover k in 92% to 98% of the hours.
     */
    @Test
    void calibrationIntervalCoversTheTruthNinetyFivePercentOfTheTime() {
        SplittableRandom random = new SplittableRandom(7);
        double k = 1.25;
        int hours = 400;
        int covered = 0;
        for (int hour = 0; hour < hours; hour++) {
            HourSums s = HourSums.EMPTY;
            for (int i = 0; i < 3000; i++) {
                double p = Math.min(0.9, 0.02 + 0.3 * random.nextDouble() * random.nextDouble());
                boolean negativeSampled = random.nextDouble() < 0.5;
                int y = random.nextDouble() < p / k ? 1 : 0;
                if (y == 0 && negativeSampled) {
                    continue; // keep half the negatives, weighted 2
                }
                s = s.add(p, y, y == 0 ? 2.0 : 1.0);
            }
            HourMetrics m = HourMetrics.of(s).orElseThrow();
            if (m.calibrationLow() <= k && k <= m.calibrationHigh()) {
                covered++;
            }
        }
        assertThat(covered / (double) hours).isBetween(0.92, 0.98);
    }

    /** The NE interval, against the NE of the population the hours are drawn from (estimated on 2M events). */
    @Test
    void neIntervalCoversThePopulationNe() {
        SplittableRandom random = new SplittableRandom(11);
        HourSums population = HourSums.EMPTY;
        for (int i = 0; i < 2_000_000; i++) {
            double[] e = event(random);
            population = population.add(e[0], (int) e[1], 1.0);
        }
        double truth = HourMetrics.of(population).orElseThrow().ne();
        int hours = 300;
        int covered = 0;
        for (int hour = 0; hour < hours; hour++) {
            HourSums s = HourSums.EMPTY;
            for (int i = 0; i < 4000; i++) {
                double[] e = event(random);
                s = s.add(e[0], (int) e[1], 1.0);
            }
            HourMetrics m = HourMetrics.of(s).orElseThrow();
            if (m.neLow() <= truth && truth <= m.neHigh()) {
                covered++;
            }
        }
        assertThat(covered / (double) hours).isBetween(0.92, 0.98);
    }

    private static double[] event(SplittableRandom random) {
        double z = Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
        double q = 1 / (1 + Math.exp(-(Math.log(0.05 / 0.95) + z)));
        return new double[] {q, random.nextDouble() < q ? 1 : 0};
    }
}
