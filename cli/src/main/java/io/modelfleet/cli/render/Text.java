package io.modelfleet.cli.render;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * How values look in text output, the same in every command: numbers with fixed decimals ('-' for
 * no value), and text that came from logs or files made inert.
 */
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

    /** A quantity as short as it is exact to three decimals: {@code 25}, {@code 12.5}, {@code 768}. */
    public static String amount(double value) {
        return new BigDecimal(String.format(Locale.ROOT, "%.3f", value))
                .stripTrailingZeros()
                .toPlainString();
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

    /**
     * Text from outside (a model id from logs, a cell of a table) made safe for a terminal: control
     * and bidirectional-formatting characters escaped ({@code \n}, {@code \u001b}), and anything
     * longer than {@code max} characters cut, with its length shown.
     */
    public static String inert(String text, int max) {
        String escaped = escapeControls(text, false);
        if (escaped.length() <= max) {
            return escaped;
        }
        return escaped.substring(0, Math.max(0, max - 1)) + "… (" + count(text.length()) + " chars)";
    }

    /** Control and bidirectional-formatting characters escaped (newlines kept if asked); nothing cut. */
    public static String escapeControls(String text, boolean keepNewlines) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean unsafe = (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT)
                    && !(keepNewlines && c == '\n');
            if (unsafe && out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (out != null) {
                if (!unsafe) {
                    out.append(c);
                } else if (c == '\n') {
                    out.append("\\n");
                } else if (c == '\r') {
                    out.append("\\r");
                } else if (c == '\t') {
                    out.append("\\t");
                } else {
                    out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                }
            }
        }
        return out == null ? text : out.toString();
    }
}
