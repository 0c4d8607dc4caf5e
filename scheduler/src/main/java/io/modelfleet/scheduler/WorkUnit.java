package io.modelfleet.scheduler;

import io.modelfleet.core.Hour;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * What one run of a job does: an hour of SLOs, a day of rollups, or one registry version's
 * snapshot. The ledger and {@code job_runs} store it as its {@link #key()}.
 */
public sealed interface WorkUnit permits WorkUnit.HourUnit, WorkUnit.DayUnit, WorkUnit.RegistryVersion {
    /** The unit as text: {@code 2026-11-24T13}, {@code 2026-11-24}, or the registry version. */
    String key();

    record HourUnit(Hour hour) implements WorkUnit {
        @Override
        public String key() {
            return hour.toString();
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
        return new HourUnit(Hour.parse(key));
    }

    static DayUnit day(String key) {
        try {
            return new DayUnit(LocalDate.parse(key));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not a day: " + key, e);
        }
    }
}
