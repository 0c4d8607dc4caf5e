package io.modelfleet.cli.render;

import java.util.Locale;

/** How numbers look in text output, the same in every command: fixed decimals, '-' for no value. */
public final class Text {
    /** What a missing number shows as. */
    public static final String NONE = "-";

    private Text() {}

    /** Three decimals ({@code 1.234}), or '-' for no value. */
    public static String num(Double value) {
        return decimals(value, 3);
    }

    /** {@code digits} decimals, or '-' for no value. */
    public static String decimals(Double value, int digits) {
        return value == null ? NONE : String.format(Locale.ROOT, "%." + digits + "f", value);
    }

    /** A fraction as a percentage with one decimal ({@code 0.995} is {@code 99.5%}), or '-' for no value. */
    public static String pct(Double fraction) {
        return fraction == null ? NONE : String.format(Locale.ROOT, "%.1f%%", 100 * fraction);
    }

    /** A whole number with thousands separators ({@code 1,234,567}). */
    public static String count(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    /** Seconds with one decimal ({@code 12.3}). */
    public static String seconds(double seconds) {
        return String.format(Locale.ROOT, "%.1f", seconds);
    }
}
