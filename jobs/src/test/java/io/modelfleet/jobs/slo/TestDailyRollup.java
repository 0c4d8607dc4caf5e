package io.modelfleet.jobs.slo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.modelfleet.core.slo.Alert;
import io.modelfleet.core.slo.SloStatus;
import io.modelfleet.registry.FunnelStage;
import io.modelfleet.registry.Tier;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class TestDailyRollup {
    @Test
    void alertRulesFollowBothWindows() {
        assertThat(DailyRollupJob.alert(Optional.of(15.0), Optional.of(6.0), Optional.of(1.0)))
                .isEqualTo(Alert.PAGE);
        // a short spike alone does not page
        assertThat(DailyRollupJob.alert(Optional.of(30.0), Optional.of(5.9), Optional.of(5.0)))
                .isEqualTo(Alert.TICKET);
        assertThat(DailyRollupJob.alert(Optional.of(30.0), Optional.of(2.0), Optional.of(5.0)))
                .isEqualTo(Alert.NONE);
        assertThat(DailyRollupJob.alert(Optional.of(0.0), Optional.of(3.0), Optional.of(0.9)))
                .isEqualTo(Alert.NONE);
        assertThat(DailyRollupJob.alert(Optional.empty(), Optional.empty(), Optional.empty()))
                .isEqualTo(Alert.NONE);
    }

    @Test
    void aDayUnderWayBurnsOverTheHoursItHas() {
        // 08:00-11:00 of a TIER0 model (objective 99.5%), the last two hours unstable: 2 of 4 hours bad is
        // (2 / 4) / 0.005 = 100 times the allowed rate, over 6 hours and over 24 alike, which pages.
        Instant day = Instant.parse("2026-11-24T00:00:00Z");
        TreeMap<Instant, DailyRollupJob.HourStatus> hours = new TreeMap<>();
        for (int h = 8; h < 12; h++) {
            Instant hour = day.plus(Duration.ofHours(h));
            hours.put(hour, tier0Hour(hour, h >= 10 ? SloStatus.UNSTABLE : SloStatus.STABLE, true));
        }
        Instant end = DailyRollupJob.burnEnd(
                hours.headMap(day.plus(Duration.ofDays(1)), false),
                hours.subMap(day, true, day.plus(Duration.ofDays(1)), false));
        assertThat(end).isEqualTo(Instant.parse("2026-11-24T12:00:00Z"));
        Optional<Double> burn6 = DailyRollupJob.burn(hours, end, 6, 0.995);
        Optional<Double> burn24 = DailyRollupJob.burn(hours, end, 24, 0.995);
        assertThat(burn6.orElseThrow()).isCloseTo(100.0, within(1e-9));
        assertThat(burn24.orElseThrow()).isCloseTo(100.0, within(1e-9));
        assertThat(DailyRollupJob.alert(burn6, burn24, burn24)).isEqualTo(Alert.PAGE);
        // Midnight as the end, as before, sees nothing in its 6-hour window: that day could only ticket.
        assertThat(DailyRollupJob.burn(hours, day.plus(Duration.ofDays(1)), 6, 0.995))
                .isEmpty();
    }

    @Test
    void provisionalHoursCountInNoBurnWindow() {
        // 08:00-11:00 final (10:00 and 11:00 unstable), then 12:00-15:00 provisional: four STABLE hours
        // judged on early labels. Counted, they would halve the 6-hour burn to (2 / 8) / 0.005 = 50 and
        // move the window's end to 16:00, where it would hold 1 unstable hour of 6. Final hours only:
        // the window ends after 11:00 and burns (2 / 4) / 0.005 = 100, as without the provisional hours.
        Instant day = Instant.parse("2026-11-24T00:00:00Z");
        TreeMap<Instant, DailyRollupJob.HourStatus> hours = new TreeMap<>();
        for (int h = 8; h < 16; h++) {
            Instant hour = day.plus(Duration.ofHours(h));
            hours.put(hour, tier0Hour(hour, h == 10 || h == 11 ? SloStatus.UNSTABLE : SloStatus.STABLE, h < 12));
        }
        Instant end = DailyRollupJob.burnEnd(
                hours.headMap(day.plus(Duration.ofDays(1)), false),
                hours.subMap(day, true, day.plus(Duration.ofDays(1)), false));
        assertThat(end).isEqualTo(Instant.parse("2026-11-24T12:00:00Z"));
        assertThat(DailyRollupJob.burn(hours, end, 6, 0.995).orElseThrow()).isCloseTo(100.0, within(1e-9));
        // a window over provisional hours alone is empty, not a burn of 0
        assertThat(DailyRollupJob.burn(hours, Instant.parse("2026-11-24T16:00:00Z"), 4, 0.995))
                .isEmpty();
    }

    private static DailyRollupJob.HourStatus tier0Hour(Instant hour, SloStatus status, boolean isFinal) {
        return new DailyRollupJob.HourStatus("m", hour, status, "t", Tier.TIER0, "feed", FunnelStage.LSR, isFinal);
    }
}
