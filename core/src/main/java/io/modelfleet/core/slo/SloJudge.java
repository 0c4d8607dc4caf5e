package io.modelfleet.core.slo;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Judges one model-hour against its SLO.
 *
 * <p>A fleet judges thousands of model-hours a day, so a rule that fires on noise would page
 * someone daily. An hour is therefore UNSTABLE only when a violation is clear beyond sampling
 * error: the estimate lies outside the limit by more than {@value #SIGNIFICANCE_Z} standard errors
 * (one false alarm in about 30,000 healthy model-hours). The reported 95% intervals are for
 * people; this margin is for the alarm.
 */
public final class SloJudge {
    public static final double SIGNIFICANCE_Z = 4.0;
    /** Stable hours a trailing baseline needs before NE regression is judged. */
    public static final int MIN_BASELINE_HOURS = 12;

    private SloJudge() {}

    public record Judgement(SloStatus status, List<String> reasons) {
        public Judgement {
            reasons = List.copyOf(reasons);
        }
    }

    /**
     * @param sums the hour's sums, empty when no row arrived
     * @param baselineNe mean NE of the model's stable hours in the trailing 7 days, if it has at
     *     least {@link #MIN_BASELINE_HOURS} of them
     */
    public static Judgement judge(Optional<HourSums> sums, SloPolicy slo, OptionalDouble baselineNe) {
        if (sums.isEmpty() || sums.get().rows() == 0) {
            return new Judgement(SloStatus.NO_DATA, List.of("no rows"));
        }
        HourSums s = sums.get();
        if (s.events() < slo.minEventsPerHour()) {
            return new Judgement(
                    SloStatus.INSUFFICIENT_DATA,
                    List.of(s.events() + " labeled events < " + slo.minEventsPerHour() + " needed"));
        }
        Optional<HourMetrics> computed = HourMetrics.of(s);
        if (computed.isEmpty()) {
            return new Judgement(
                    SloStatus.INSUFFICIENT_DATA,
                    List.of(s.positives() == 0 ? "no positive labels" : "no negative labels"));
        }
        HourMetrics m = computed.get();
        List<String> reasons = new ArrayList<>();
        if (m.calibration() - SIGNIFICANCE_Z * m.calibrationSe() > slo.calibrationMax()) {
            reasons.add(format("calibration %.3f above %.2f", m.calibration(), slo.calibrationMax()));
        } else if (m.calibration() + SIGNIFICANCE_Z * m.calibrationSe() < slo.calibrationMin()) {
            reasons.add(format("calibration %.3f below %.2f", m.calibration(), slo.calibrationMin()));
        }
        if (m.ne() - SIGNIFICANCE_Z * m.neSe() >= 1.0) {
            reasons.add(format("NE %.3f >= 1: no better than predicting the base rate", m.ne()));
        } else if (baselineNe.isPresent()) {
            double limit = baselineNe.getAsDouble() * (1 + slo.neRegressionLimit());
            if (m.ne() - SIGNIFICANCE_Z * m.neSe() > limit) {
                reasons.add(format(
                        "NE %.4f is %.1f%% above its 7-day baseline %.4f (limit %.1f%%)",
                        m.ne(),
                        100 * (m.ne() / baselineNe.getAsDouble() - 1),
                        baselineNe.getAsDouble(),
                        100 * slo.neRegressionLimit()));
            }
        }
        return new Judgement(reasons.isEmpty() ? SloStatus.STABLE : SloStatus.UNSTABLE, reasons);
    }

    private static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}
