package io.modelfleet.core.slo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The evidence rule against the single-hour rule it extends, on simulated hours: the false alarms
 * of a healthy model, and the hours a persistent drift takes to be UNSTABLE. "Before" is the rule
 * this replaced: one hour more than 4 standard errors past a limit.
 */
class TestSloEvidence {
    static final double BEFORE_Z = 4.0;
    static final SloPolicy SLO = new SloPolicy(0.8, 1.25, 0.05, 1000, 0.99);
    /** A busy model's hour: 20,000 labeled events at a 5% click rate (about 1,000 clicks). */
    static final int EVENTS = 20_000;

    static final double CTR = 0.05;

    /**
     * The worst healthy case, a model sitting exactly on its limit: each hour's exceedance is then
     * a standard normal z. Both rules see the same ten million hours.
     */
    @Test
    void atItsLimitAModelIsFlaggedNoMoreOftenThanByTheSingleHourRule() {
        SplittableRandom random = new SplittableRandom(20261201);
        long hours = 10_000_000;
        long before = 0;
        long after = 0;
        double evidence = 0;
        for (long h = 0; h < hours; h++) {
            double z = gaussian(random);
            evidence = SloJudge.accumulate(evidence, z);
            if (z > BEFORE_Z) {
                before++;
            }
            if (SloJudge.breached(z, evidence)) {
                after++;
            }
        }
        System.out.printf(
                Locale.ROOT,
                "false UNSTABLE hours at the limit, per 100,000: before %.2f, after %.2f%n",
                1e5 * before / hours,
                1e5 * after / hours);
        // P(z > 4) = 3.17e-5: the draws agree with it, and the new rules flag fewer hours on them.
        assertThat((double) before / hours).isBetween(2.8e-5, 3.6e-5);
        assertThat(after).isLessThan(before);
    }

    /** A well-calibrated model, judged on the full rule with its real statistics: never UNSTABLE. */
    @Test
    void aHealthyModelIsNeverUnstableAndRarelyWatched() {
        SplittableRandom random = new SplittableRandom(7);
        SloJudge.Evidence evidence = SloJudge.Evidence.NONE;
        int hours = 3_000;
        int unstable = 0;
        int watch = 0;
        for (int h = 0; h < hours; h++) {
            SloJudge.Judgement j =
                    SloJudge.judge(Optional.of(hour(random, 1.0, 2_000)), SLO, OptionalDouble.empty(), evidence);
            evidence = j.evidence();
            unstable += j.status() == SloStatus.UNSTABLE ? 1 : 0;
            watch += j.status() == SloStatus.WATCH ? 1 : 0;
        }
        assertThat(unstable).isZero();
        // 2,000 events, about 100 clicks: the calibration's standard error is about 0.1, so 1.25 is
        // 2.5 errors above and 0.8 two below; an hour lands past one by chance with probability
        // P(z > 2.5) + P(z > 2) = 0.006 + 0.023, about 3%: watched, never counted.
        assertThat((double) watch / hours).isBetween(0.01, 0.04);
    }

    /**
     * Drifts of 1.1x, 1.2x and 1.5x the band's width above 1 (calibration 1.275, 1.30, 1.375
     * against a maximum of 1.25), each hour of a busy model. The median hours to the first UNSTABLE
     * hour over 15 drifts, before and after; a drift not found in 96 hours counts as 96.
     */
    @Test
    void persistentDriftIsFoundWithinHoursThatTheSingleHourRuleMissesForDays() {
        int cap = 96;
        double[] factors = {1.1, 1.2, 1.5};
        double[][] medians = new double[factors.length][];
        for (int f = 0; f < factors.length; f++) {
            double calibration = 1 + factors[f] * (SLO.calibrationMax() - 1);
            medians[f] = medianHoursToDetection(calibration, 15, cap, 1000L * f);
            System.out.printf(
                    Locale.ROOT,
                    "drift %.1fx the band (calibration %.3f): median hours to UNSTABLE before %.0f, after %.0f%n",
                    factors[f],
                    calibration,
                    medians[f][0],
                    medians[f][1]);
        }
        // 1.5x: about 3 standard errors an hour; one hour alone clears 4 only now and then.
        assertThat(medians[2][1]).isLessThanOrEqualTo(4).isLessThan(medians[2][0]);
        // 1.2x: about 1.2 standard errors an hour; the single-hour rule almost never fires.
        assertThat(medians[1][1]).isLessThanOrEqualTo(24);
        assertThat(medians[1][0]).isEqualTo(cap);
        // 1.1x: about 0.6 an hour, under the CUSUM's allowance: neither rule is asked to find it.
        assertThat(medians[0][1]).isLessThanOrEqualTo(medians[0][0]);
    }

    @Test
    void anHourPastItsLimitButNotConclusivelyIsWatchedWithTheNumbers() {
        // Sums chosen so that calibration = 1.3 with a standard error near 0.1: 0.5 errors past 1.25.
        SplittableRandom random = new SplittableRandom(3);
        SloJudge.Judgement j = SloJudge.judge(
                Optional.of(hour(random, 1.3, 2_000)), SLO, OptionalDouble.empty(), SloJudge.Evidence.NONE);
        HourMetrics m =
                HourMetrics.of(hour(new SplittableRandom(3), 1.3, 2_000)).orElseThrow();
        double z = (m.calibration() - 1.25) / m.calibrationSe();
        assertThat(z).isBetween(0.0, SloJudge.HOUR_Z);
        assertThat(j.status()).isEqualTo(SloStatus.WATCH);
        assertThat(j.reasons())
                .containsExactly(String.format(
                        Locale.ROOT,
                        "calibration %.3f above 1.25; %.1f standard errors, 4.1 needed; %.1f of 8 accumulated over"
                                + " recent hours",
                        m.calibration(),
                        z,
                        Math.max(0, z - SloJudge.EVIDENCE_ALLOWANCE)));
        // Evidence carried through an hour without data, and added to by the next.
        SloJudge.Judgement empty = SloJudge.judge(Optional.empty(), SLO, OptionalDouble.empty(), j.evidence());
        assertThat(empty.status()).isEqualTo(SloStatus.NO_DATA);
        assertThat(empty.evidence()).isEqualTo(j.evidence());
    }

    /** [before, after] median hours over {@code runs} drifts. */
    private static double[] medianHoursToDetection(double calibration, int runs, int cap, long seed) {
        double[] before = new double[runs];
        double[] after = new double[runs];
        for (int r = 0; r < runs; r++) {
            SplittableRandom random = new SplittableRandom(seed + r);
            SloJudge.Evidence evidence = SloJudge.Evidence.NONE;
            before[r] = cap;
            after[r] = cap;
            for (int h = 1; h <= cap && (before[r] == cap || after[r] == cap); h++) {
                HourSums sums = hour(random, calibration, EVENTS);
                HourMetrics m = HourMetrics.of(sums).orElseThrow();
                if (before[r] == cap && (m.calibration() - SLO.calibrationMax()) / m.calibrationSe() > BEFORE_Z) {
                    before[r] = h;
                }
                SloJudge.Judgement j = SloJudge.judge(Optional.of(sums), SLO, OptionalDouble.empty(), evidence);
                evidence = j.evidence();
                if (after[r] == cap && j.status() == SloStatus.UNSTABLE) {
                    after[r] = h;
                }
            }
        }
        return new double[] {median(before), median(after)};
    }

    /**
     * One hour of {@code events} impressions whose predictions average {@code calibration} times
     * the click rate: predictions spread around {@code CTR * calibration}, clicks drawn at the
     * prediction over {@code calibration}.
     */
    private static HourSums hour(SplittableRandom random, double calibration, int events) {
        HourSums sums = HourSums.EMPTY;
        for (int i = 0; i < events; i++) {
            double p = Math.min(0.99, CTR * calibration * 2 * random.nextDouble());
            int label = random.nextDouble() < p / calibration ? 1 : 0;
            sums = sums.add(p, label, 1.0);
        }
        return sums;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double gaussian(SplittableRandom random) {
        // Box-Muller: SplittableRandom has no nextGaussian on Java 17.
        double u = 1 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
