package io.modelfleet.core;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One UTC hour, the unit every SLO is judged in. Written {@code 2026-11-24T13} on the command line. */
public record Hour(Instant start) implements Comparable<Hour> {
    private static final DateTimeFormatter TEXT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH");
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("MMMM uuuu", Locale.ENGLISH);
    private static final Pattern SHAPE = Pattern.compile("(\\d{4})-(\\d{2})-(\\d{2})T(\\d{2})");
    private static final DateTimeFormatter DS = DateTimeFormatter.ofPattern("yyyy-MM-dd");

    public Hour {
        if (!start.truncatedTo(ChronoUnit.HOURS).equals(start)) {
            throw new IllegalArgumentException("Cannot create hour: " + start + " is not at the start of an hour");
        }
    }

    public static Hour of(Instant instant) {
        return new Hour(instant.truncatedTo(ChronoUnit.HOURS));
    }

    /**
     * Parses {@code YYYY-MM-DDTHH} (also accepting a trailing {@code :00} or {@code Z}), strictly: an
     * hour that does not exist ({@code T24}, February 30) is refused with the valid range, never
     * rolled over into another hour.
     */
    public static Hour parse(String text) {
        String trimmed = text.strip().replaceAll("(:00)+Z?$|Z$", "");
        Matcher parts = SHAPE.matcher(trimmed);
        if (!parts.matches()) {
            throw ModelfleetErrors.unreadableHour(text);
        }
        int year = Integer.parseInt(parts.group(1));
        int month = Integer.parseInt(parts.group(2));
        int day = Integer.parseInt(parts.group(3));
        int hour = Integer.parseInt(parts.group(4));
        if (month < 1 || month > 12) {
            throw ModelfleetErrors.hourOutOfRange(text, "months run 01 to 12");
        }
        int days = YearMonth.of(year, month).lengthOfMonth();
        if (day < 1 || day > days) {
            throw ModelfleetErrors.hourOutOfRange(
                    text, YearMonth.of(year, month).format(MONTH) + " has days 01 to " + days);
        }
        if (hour > 23) {
            throw ModelfleetErrors.hourOutOfRange(text, "hours run 00 to 23 (the hour after 23 is 00 of the next day)");
        }
        return new Hour(LocalDateTime.of(year, month, day, hour, 0).toInstant(ZoneOffset.UTC));
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
