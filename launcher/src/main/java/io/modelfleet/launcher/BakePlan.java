package io.modelfleet.launcher;

import io.modelfleet.core.gate.GateTest;
import io.modelfleet.core.gate.Normal;
import io.modelfleet.core.slo.HourMetrics;
import io.modelfleet.core.slo.HourSums;
import io.modelfleet.registry.Launch;
import io.modelfleet.registry.TierPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * How long each step of a launch must bake for the quality gate to pass a candidate as good as
 * production, with a planned chance, before the launch starts.
 *
 * <p>From a typical hour of production's traffic (its sums, as {@code slo_hourly} keeps them) come
 * the per-event variances of ln NE and ln calibration (the hour's delta-method standard errors
 * times its events). At share s of N events per hour, after h hours the difference of the two
 * versions has variance {@code v (1 / (N s h) + 1 / (N (1 - s) h))}; a healthy candidate passes a
 * metric when its estimate plus the confidence sequence's half-width is below the margin, with
 * chance {@code Φ((margin - halfWidth) / sd)} (for |ln calibration|, the folded interval of
 * {@link QualityGate}: {@code 2Φ((margin - halfWidth) / sd) - 1}). The planned bake is the fewest whole hours at which
 * both metrics pass with the planned power.
 */
public final class BakePlan {
    /** A week and a day: longer, and a step is too small to decide in any launch anyone waits for. */
    public static final int MAX_HOURS = 24 * 8;

    /** The chance a healthy candidate passes each step by its planned bake. */
    public static final double DEFAULT_POWER = 0.8;

    /**
     * One step's plan.
     *
     * @param plannedHours empty for the 100% step (not gated) or a step that cannot decide within {@link #MAX_HOURS}
     */
    public record StepPlan(
            int step, double percent, double candidateEventsPerHour, OptionalLong plannedHours, boolean gated) {
        /**
         * Whether the step can decide within its longest bake, counting the hours before the gate's
         * first look: the step's first, split hour, and the attribution window its labels wait.
         */
        public boolean decidesWithin(long maxBakeMinutes, Duration labelDelay) {
            return !gated || plannedHours.isPresent() && minutesToDecide(labelDelay) <= maxBakeMinutes;
        }

        /** Minutes from the step's start to the look that decides it, as planned. */
        public long minutesToDecide(Duration labelDelay) {
            return (plannedHours.orElse(0) + 1) * 60 + labelDelay.toMinutes();
        }
    }

    private BakePlan() {}

    /**
     * @param recent production's sums over {@code hours} recent hours at full traffic
     * @return empty when the hours have no events to judge (no positives or no negatives)
     */
    public static Optional<List<StepPlan>> plan(
            HourSums recent,
            int hours,
            List<Launch.Step> steps,
            TierPolicy.Gate gate,
            double alphaPerTest,
            double power) {
        Optional<HourMetrics> metrics = HourMetrics.of(recent);
        if (metrics.isEmpty() || recent.events() == 0 || hours < 1) {
            return Optional.empty();
        }
        HourMetrics m = metrics.get();
        // Per-event variances of ln NE and ln calibration (the gate's NE margin is relative).
        double perEventNe = Math.pow(m.neSe() / m.ne(), 2) * recent.events();
        double perEventCalibration = Math.pow(m.calibrationSe() / m.calibration(), 2) * recent.events();
        double events = (double) recent.events() / hours;
        List<StepPlan> out = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            double share = steps.get(i).percent() / 100;
            if (share >= 1) {
                out.add(new StepPlan(i, steps.get(i).percent(), events, OptionalLong.empty(), false));
                continue;
            }
            OptionalLong planned = OptionalLong.empty();
            for (int h = 1; h <= MAX_HOURS; h++) {
                double inverseEvents = 1 / (events * share * h) + 1 / (events * (1 - share) * h);
                double pass = passChance(perEventNe * inverseEvents, gate.neMargin(), alphaPerTest)
                        * foldedPassChance(
                                perEventCalibration / (events * share * h), gate.calibrationMargin(), alphaPerTest);
                if (pass >= power) {
                    planned = OptionalLong.of(h);
                    break;
                }
            }
            out.add(new StepPlan(i, steps.get(i).percent(), events * share, planned, true));
        }
        return Optional.of(out);
    }

    /**
     * The chance the gate passes |ln calibration| of a calibrated candidate whose ln C has this
     * variance: its folded interval (at half the metric's alpha, see {@link QualityGate}) must end
     * below the margin, that is {@code |x| + halfWidth < margin} with x normal around zero (production's
     * interval, much narrower, holds zero).
     */
    static double foldedPassChance(double variance, double margin, double alpha) {
        double halfWidth = GateTest.sequentialHalfWidth(variance, alpha / 2, GateTest.tau2(margin));
        return Math.max(0, 2 * Normal.cdf((margin - halfWidth) / Math.sqrt(variance)) - 1);
    }

    /** The chance the sequential gate passes a difference of zero with this variance. */
    static double passChance(double variance, double margin, double alpha) {
        double halfWidth = GateTest.sequentialHalfWidth(variance, alpha, GateTest.tau2(margin));
        return Normal.cdf((margin - halfWidth) / Math.sqrt(variance));
    }

    /** The plan in one line per step, for a person. */
    public static List<String> describe(List<StepPlan> plan, List<Launch.Step> steps, Duration labelDelay) {
        List<String> lines = new ArrayList<>();
        for (StepPlan p : plan) {
            Launch.Step step = steps.get(p.step());
            if (!p.gated()) {
                lines.add(String.format(
                        Locale.ROOT,
                        "step %d at %s%%: no gate (production has no traffic left to compare); bakes %d min",
                        p.step() + 1,
                        Launches.plain(p.percent()),
                        step.bakeMinutes()));
                continue;
            }
            String planned = p.plannedHours().isPresent()
                    ? "the gate decides in about " + p.plannedHours().getAsLong() + " h"
                    : "the gate cannot decide within " + MAX_HOURS + " h";
            lines.add(String.format(
                    Locale.ROOT,
                    "step %d at %s%%: %,.0f candidate events/h; %s (bake at least %d min, held after %d min)%s",
                    p.step() + 1,
                    Launches.plain(p.percent()),
                    p.candidateEventsPerHour(),
                    planned,
                    step.bakeMinutes(),
                    step.maxBakeMinutes(),
                    p.decidesWithin(step.maxBakeMinutes(), labelDelay) ? "" : "  <- too small to decide in time"));
        }
        return lines;
    }

    /** Hours the whole plan is expected to take: each step's planned bake, or its least bake if longer. */
    public static long expectedHours(List<StepPlan> plan, List<Launch.Step> steps) {
        long minutes = 0;
        for (StepPlan p : plan) {
            long bake = steps.get(p.step()).bakeMinutes();
            minutes += Math.max(bake, p.plannedHours().orElse(0) * 60);
        }
        return (minutes + 59) / 60;
    }
}
