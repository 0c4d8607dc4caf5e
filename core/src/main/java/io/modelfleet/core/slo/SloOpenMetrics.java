package io.modelfleet.core.slo;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.Function;

/**
 * Writes {@link LatestSlo}s as OpenMetrics text that the Prometheus text format 0.0.4 reads the
 * same way. node_exporter's textfile collector and {@code promtool check metrics} parse 0.0.4
 * only, and the file is meant for them, so the text keeps to what both formats share:
 *
 * <ul>
 *   <li>Every family is a gauge. The status is an OpenMetrics state set in all but its type line:
 *       one series per status, labelled with the family's own name, 1 for the status the hour has
 *       and 0 for the others. A 0.0.4 parser refuses the type {@code stateset} and with it the whole
 *       file (promtool 2.42 does), so it is typed gauge, as Prometheus's own Python client writes a
 *       state set in 0.0.4. Nothing here is a counter: every figure is of one hour or one window,
 *       and the two formats name counters' families differently.
 *   <li>No sample carries a timestamp (the textfile collector refuses them): the hour judged and
 *       the day the budget is computed through are gauges of their own, in Unix seconds.
 *   <li>{@code # UNIT} lines and the closing {@code # EOF}, which OpenMetrics requires, are comments
 *       to a 0.0.4 parser.
 *   <li>A figure the hour leaves undefined (calibration of an hour without events, a burn rate over
 *       a window without evaluated hours) has no sample rather than a NaN one: a missing series
 *       reads as "not known", a NaN compares false with every threshold and poisons aggregations.
 *   <li>Label values escape backslash, double quote and line feed as both formats do; help texts
 *       contain no double quote, which the two formats escape differently.
 * </ul>
 *
 * <p>Every series carries {@code model_id}, {@code team} and {@code tier}; models are written in
 * {@code model_id} order, so equal inputs give equal text.
 */
public final class SloOpenMetrics {
    private static final String STATUS = "modelfleet_slo_status";

    private static final String UNITLESS = "";

    private SloOpenMetrics() {}

    /** One metric family: its name, unit (empty when it has none) and help. */
    private record Family(String name, String unit, String help) {
        Family {
            if (help.contains("\"") || help.contains("\\") || help.contains("\n")) {
                throw new IllegalArgumentException("help of " + name + " must hold no quote, backslash or newline");
            }
            if (!unit.isEmpty() && !name.endsWith("_" + unit)) {
                throw new IllegalArgumentException(name + " must end with its unit " + unit);
            }
        }
    }

    private static final Family HOUR = new Family(
            "modelfleet_slo_hour_timestamp_seconds",
            "seconds",
            "Start of the newest hour judged in slo_hourly (Unix time); every modelfleet_slo series but the"
                    + " error budget ones is of this hour.");
    private static final Family STATUS_FAMILY = new Family(
            STATUS,
            UNITLESS,
            "Status of the hour: 1 for the one it has (STABLE, UNSTABLE, INSUFFICIENT_DATA, NO_DATA or WATCH), 0 for"
                    + " the others. An OpenMetrics state set, typed gauge for Prometheus text parsers.");
    private static final Family EVENTS = new Family(
            "modelfleet_slo_events", UNITLESS, "Valid labeled events in the hour, the rows its metrics come from.");
    private static final Family CALIBRATION = new Family(
            "modelfleet_slo_calibration",
            UNITLESS,
            "Calibration of the hour: weighted predictions over weighted positives (1 is perfect). No sample"
                    + " when undefined (no events or no positives).");
    private static final Family CALIBRATION_LO = new Family(
            "modelfleet_slo_calibration_lo", UNITLESS, "Lower end of the 95% confidence interval of calibration.");
    private static final Family CALIBRATION_HI = new Family(
            "modelfleet_slo_calibration_hi", UNITLESS, "Upper end of the 95% confidence interval of calibration.");
    private static final Family NE = new Family(
            "modelfleet_slo_ne",
            UNITLESS,
            "Normalized entropy (NE) of the hour: log loss over the entropy of its click rate (below 1 beats"
                    + " predicting the rate). No sample when undefined (no events, positives or negatives).");
    private static final Family NE_LO =
            new Family("modelfleet_slo_ne_lo", UNITLESS, "Lower end of the 95% confidence interval of NE.");
    private static final Family NE_HI =
            new Family("modelfleet_slo_ne_hi", UNITLESS, "Upper end of the 95% confidence interval of NE.");
    private static final Family BUDGET = new Family(
            "modelfleet_slo_error_budget_remaining_ratio",
            "ratio",
            "Share of the 28-day error budget left at the end of the model's newest day in slo_daily;"
                    + " negative when overspent.");
    private static final Family BURN = new Family(
            "modelfleet_slo_error_budget_burn_rate",
            UNITLESS,
            "Error budget burn rate over the last 6, 24 or 72 hours (label window) of that day: unstable"
                    + " share of evaluated hours over the share the objective allows; 1 spends the budget in 28"
                    + " days.");
    private static final Family BUDGET_TIME = new Family(
            "modelfleet_slo_error_budget_timestamp_seconds",
            "seconds",
            "End of the slo_daily day the error budget and burn rates are computed through (Unix time).");

    /** The text for {@code models}: one series set per model, ending with {@code # EOF}. */
    public static String render(List<LatestSlo> models) {
        List<LatestSlo> sorted = new ArrayList<>(models);
        sorted.sort(Comparator.comparing(LatestSlo::modelId));
        Set<String> seen = new HashSet<>();
        for (LatestSlo model : sorted) {
            if (!seen.add(model.modelId())) {
                // two rows of one model would be two identical series, which invalidates the file
                throw new IllegalArgumentException("model " + model.modelId() + " appears twice");
            }
        }
        StringBuilder out = new StringBuilder();
        gauge(out, HOUR, sorted, m -> Optional.of((double) m.hour().start().getEpochSecond()));
        statuses(out, sorted);
        gauge(out, EVENTS, sorted, m -> Optional.of((double) m.events()));
        gauge(out, CALIBRATION, sorted, m -> m.calibration().map(LatestSlo.Estimate::value));
        gauge(out, CALIBRATION_LO, sorted, m -> m.calibration().map(LatestSlo.Estimate::low));
        gauge(out, CALIBRATION_HI, sorted, m -> m.calibration().map(LatestSlo.Estimate::high));
        gauge(out, NE, sorted, m -> m.ne().map(LatestSlo.Estimate::value));
        gauge(out, NE_LO, sorted, m -> m.ne().map(LatestSlo.Estimate::low));
        gauge(out, NE_HI, sorted, m -> m.ne().map(LatestSlo.Estimate::high));
        gauge(out, BUDGET, sorted, m -> m.budget().flatMap(b -> boxed(b.remaining())));
        burnRates(out, sorted);
        gauge(
                out,
                BUDGET_TIME,
                sorted,
                m -> m.budget().map(b -> (double)
                        b.day().plusDays(1).atStartOfDay(ZoneOffset.UTC).toEpochSecond()));
        out.append("# EOF\n");
        return out.toString();
    }

    private static void gauge(
            StringBuilder out, Family family, List<LatestSlo> models, Function<LatestSlo, Optional<Double>> value) {
        List<String> samples = new ArrayList<>();
        for (LatestSlo m : models) {
            value.apply(m).ifPresent(v -> samples.add(sample(family, m, "", v)));
        }
        write(out, family, samples);
    }

    private static void statuses(StringBuilder out, List<LatestSlo> models) {
        List<String> samples = new ArrayList<>();
        for (LatestSlo m : models) {
            for (SloStatus status : SloStatus.values()) {
                samples.add(sample(STATUS_FAMILY, m, label(STATUS, status.name()), m.status() == status ? 1.0 : 0.0));
            }
        }
        write(out, STATUS_FAMILY, samples);
    }

    private static void burnRates(StringBuilder out, List<LatestSlo> models) {
        List<String> samples = new ArrayList<>();
        for (LatestSlo m : models) {
            m.budget().ifPresent(b -> {
                b.burnRate6h().ifPresent(v -> samples.add(sample(BURN, m, label("window", "6h"), v)));
                b.burnRate24h().ifPresent(v -> samples.add(sample(BURN, m, label("window", "24h"), v)));
                b.burnRate72h().ifPresent(v -> samples.add(sample(BURN, m, label("window", "72h"), v)));
            });
        }
        write(out, BURN, samples);
    }

    /** A family without samples is left out whole: its metadata alone would say nothing. */
    private static void write(StringBuilder out, Family family, List<String> samples) {
        if (samples.isEmpty()) {
            return;
        }
        out.append("# HELP ")
                .append(family.name())
                .append(' ')
                .append(family.help())
                .append('\n');
        out.append("# TYPE ").append(family.name()).append(" gauge\n");
        if (!family.unit().isEmpty()) {
            out.append("# UNIT ")
                    .append(family.name())
                    .append(' ')
                    .append(family.unit())
                    .append('\n');
        }
        samples.forEach(out::append);
    }

    private static String sample(Family family, LatestSlo m, String extraLabel, double value) {
        return family.name() + "{" + label("model_id", m.modelId()) + "," + label("team", m.team()) + ","
                + label("tier", m.tier()) + (extraLabel.isEmpty() ? "" : "," + extraLabel) + "} " + number(value)
                + "\n";
    }

    private static String label(String name, String value) {
        return name + "=\"" + escape(value) + "\"";
    }

    /** A label value as both formats escape it: backslash, double quote and line feed. */
    static String escape(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * Whole numbers without a fraction (counts, Unix times, state values), others as Java's shortest
     * round-trip decimal ({@code 0.9731}, {@code 1.0e-5}), which both formats read back to the same
     * double; the non-finite ones in the spelling both formats share.
     */
    static String number(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value).toLowerCase(Locale.ROOT);
    }

    private static Optional<Double> boxed(OptionalDouble value) {
        return value.isPresent() ? Optional.of(value.getAsDouble()) : Optional.empty();
    }
}
