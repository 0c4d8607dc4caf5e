package io.modelfleet.core;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** One UTC hour, the unit every SLO is judged in. Written {@code 2026-11-24T13} on the command line. */
public record Hour(Instant start) implements Comparable<Hour> {
    private static final DateTimeFormatter TEXT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH");
    private static final DateTimeFormatter DS = DateTimeFormatter.ofPattern("yyyy-MM-dd");

    public Hour {
        if (!start.truncatedTo(ChronoUnit.HOURS).equals(start)) {
            throw new IllegalArgumentException("Cannot create hour: " + start + " is not at the start of an hour");
        }
    }

    public static Hour of(Instant instant) {
        return new Hour(instant.truncatedTo(ChronoUnit.HOURS));
    }

    /** Parses {@code YYYY-MM-DDTHH} (also accepting a trailing {@code :00} or {@code Z}). */
    public static Hour parse(String text) {
        String trimmed = text.strip().replaceAll("(:00)+Z?$|Z$", "");
        try {
            return new Hour(LocalDateTime.parse(trimmed, TEXT).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            throw ModelfleetErrors.unreadableHour(text);
        }
    }

    /** Every hour from {@code first} to {@code last}, both included. */
    public static List<Hour> range(Hour first, Hour last) {
        if (last.compareTo(first) < 0) {
            throw ModelfleetErrors.hourRangeBackwards(first, last);
        }
        List<Hour> hours = new ArrayList<>();
        for (Hour h = first; h.compareTo(last) <= 0; h = h.plus(1)) {
            hours.add(h);
        }
        return hours;
    }

    public Hour plus(long hours) {
        return new Hour(start.plus(hours, ChronoUnit.HOURS));
    }

    /** Partition value {@code ds=YYYY-MM-DD}. */
    public String ds() {
        return DS.format(start.atOffset(ZoneOffset.UTC));
    }

    /** Partition value {@code hr=HH}. */
    public String hr() {
        return String.format("%02d", start.atOffset(ZoneOffset.UTC).getHour());
    }

    /** The UTC day the hour belongs to. */
    public LocalDate day() {
        return start.atOffset(ZoneOffset.UTC).toLocalDate();
    }

    public int hourOfDay() {
        return start.atOffset(ZoneOffset.UTC).getHour();
    }

    public long epochHour() {
        return start.getEpochSecond() / 3600;
    }

    @Override
    public int compareTo(Hour other) {
        return start.compareTo(other.start);
    }

    @Override
    public String toString() {
        return TEXT.format(start.atOffset(ZoneOffset.UTC));
    }
}
