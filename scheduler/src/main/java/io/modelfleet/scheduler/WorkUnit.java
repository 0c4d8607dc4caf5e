package io.modelfleet.scheduler;

import io.modelfleet.core.Hour;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * What one run of a job does: an hour of SLOs, a day of rollups, or one registry version's
 * snapshot. The ledger and {@code job_runs} store it as its {@link #key()}.
 */
public sealed interface WorkUnit permits WorkUnit.HourUnit, WorkUnit.DayUnit, WorkUnit.RegistryVersion {
    /** The unit as text: {@code 2026-11-24T13} (or {@code 2026-11-24T13/final}), {@code 2026-11-24}, or the registry version. */
    String key();

    /**
     * An hour of SLOs: its first computation, or with {@code finalPass} the one more computation
     * after its label window closed, which makes its provisional model-hours final.
     */
    record HourUnit(Hour hour, boolean finalPass) implements WorkUnit {
        static final String FINAL = "/final";

        public HourUnit(Hour hour) {
            this(hour, false);
        }

        /** The same hour's final pass. */
        public HourUnit finalized() {
            return new HourUnit(hour, true);
        }

        @Override
        public String key() {
            return finalPass ? hour + FINAL : hour.toString();
        }
    }

    record DayUnit(LocalDate day) implements WorkUnit {
        @Override
        public String key() {
            return day.toString();
        }
    }

    record RegistryVersion(String version) implements WorkUnit {
        @Override
        public String key() {
            return version;
        }
    }

    static HourUnit hour(String key) {
        return key.endsWith(HourUnit.FINAL)
                ? new HourUnit(Hour.parse(key.substring(0, key.length() - HourUnit.FINAL.length())), true)
                : new HourUnit(Hour.parse(key));
    }

    static DayUnit day(String key) {
        try {
            return new DayUnit(LocalDate.parse(key));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not a day: " + key, e);
        }
    }
}
