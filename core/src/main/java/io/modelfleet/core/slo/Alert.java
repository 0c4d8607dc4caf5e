package io.modelfleet.core.slo;

import java.util.Locale;

/**
 * What an error budget's burn asks of on-call: a page (fast burn, confirmed over a day), a ticket
 * (slow burn, confirmed over three days), or nothing. Stored in {@code slo_daily.alert} as its id.
 */
public enum Alert {
    NONE,
    TICKET,
    PAGE;

    /** The value in tables and JSON: {@code none}, {@code ticket}, {@code page}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
