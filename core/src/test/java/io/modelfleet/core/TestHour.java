package io.modelfleet.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TestHour {
    @Test
    void readsHoursWithOrWithoutMinutesAndZone() {
        Instant expected = Instant.parse("2026-11-24T13:00:00Z");
        for (String text :
                new String[] {"2026-11-24T13", "2026-11-24T13:00", "2026-11-24T13:00:00Z", " 2026-11-24T13Z "}) {
            assertThat(Hour.parse(text).start()).as(text).isEqualTo(expected);
        }
        assertThat(Hour.parse("2028-02-29T00").toString()).isEqualTo("2028-02-29T00");
    }

    @Test
    void anHourThatDoesNotExistIsRefusedNotRolledOver() {
        // Probes: T24 used to run the next day's 00, February 30 wrote rows under February 28.
        assertThatThrownBy(() -> Hour.parse("2026-11-20T24"))
                .isInstanceOf(ModelfleetException.class)
                .hasMessage("Cannot read hour '2026-11-20T24': no such hour, hours run 00 to 23"
                        + " (the hour after 23 is 00 of the next day)");
        assertThatThrownBy(() -> Hour.parse("2026-02-30T00"))
                .hasMessage("Cannot read hour '2026-02-30T00': no such hour, February 2026 has days 01 to 28");
        assertThatThrownBy(() -> Hour.parse("2027-02-29T05")).hasMessageContaining("February 2027 has days 01 to 28");
        assertThatThrownBy(() -> Hour.parse("2026-13-01T00")).hasMessageContaining("months run 01 to 12");
        assertThatThrownBy(() -> Hour.parse("2026-11-2T13")).hasMessage("Cannot read hour '2026-11-2T13'");
        assertThatThrownBy(() -> Hour.parse("yesterday"))
                .satisfies(
                        e -> assertThat(((ModelfleetException) e).input()).contains(ModelfleetException.Input.HOURS));
    }

    @Test
    void rangesIncludeBothEnds() {
        assertThat(Hour.range(Hour.parse("2026-11-24T22"), Hour.parse("2026-11-25T01")))
                .extracting(Hour::toString)
                .containsExactly("2026-11-24T22", "2026-11-24T23", "2026-11-25T00", "2026-11-25T01");
        assertThatThrownBy(() -> Hour.range(Hour.parse("2026-11-25T01"), Hour.parse("2026-11-24T22")))
                .hasMessageContaining("it ends before it starts");
    }
}
