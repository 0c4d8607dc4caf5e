package io.modelfleet.core.slo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelfleet.core.Hour;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class TestSloOpenMetrics {
    static final LatestSlo UNSTABLE = new LatestSlo(
            "feed_lsr",
            "feed",
            "TIER0",
            Hour.parse("2026-11-24T13"),
            SloStatus.UNSTABLE,
            12_345,
            Optional.of(new LatestSlo.Estimate(1.25, 1.2, 1.3)),
            Optional.of(new LatestSlo.Estimate(0.9731, 0.95, 0.99)),
            Optional.of(new LatestSlo.Budget(
                    LocalDate.parse("2026-11-23"),
                    OptionalDouble.of(-0.25),
                    OptionalDouble.of(14.4),
                    OptionalDouble.empty(),
                    OptionalDouble.of(1.0e-5))));

    /** An id no registry would accept, as a table written by hand might hold: quote, backslash, line feed. */
    static final String ODD_ID = "odd\"id\\x\nline";

    static final LatestSlo NO_DATA = new LatestSlo(
            ODD_ID,
            "t",
            "TIER3",
            Hour.parse("2026-11-24T13"),
            SloStatus.NO_DATA,
            0,
            Optional.empty(),
            Optional.empty(),
            Optional.empty());

    @Test
    void everyFigureOfTheHourAndTheBudgetWithLabelsEscaped() {
        // date -u -d 2026-11-24T13:00:00Z +%s = 1795525200; the budget's day 2026-11-23 ends at 1795478400.
        String a = "{model_id=\"feed_lsr\",team=\"feed\",tier=\"TIER0\"";
        String b = "{model_id=\"odd\\\"id\\\\x\\nline\",team=\"t\",tier=\"TIER3\"";
        String expected = String.join(
                "\n",
                "# HELP modelfleet_slo_hour_timestamp_seconds Start of the newest hour judged in slo_hourly (Unix"
                        + " time); every modelfleet_slo series but the error budget ones is of this hour.",
                "# TYPE modelfleet_slo_hour_timestamp_seconds gauge",
                "# UNIT modelfleet_slo_hour_timestamp_seconds seconds",
                "modelfleet_slo_hour_timestamp_seconds" + a + "} 1795525200",
                "modelfleet_slo_hour_timestamp_seconds" + b + "} 1795525200",
                "# HELP modelfleet_slo_status Status of the hour: 1 for the one it has (STABLE, UNSTABLE,"
                        + " INSUFFICIENT_DATA, NO_DATA or WATCH), 0 for the others. An OpenMetrics state set, typed gauge"
                        + " for Prometheus text parsers.",
                "# TYPE modelfleet_slo_status gauge",
                "modelfleet_slo_status" + a + ",modelfleet_slo_status=\"STABLE\"} 0",
                "modelfleet_slo_status" + a + ",modelfleet_slo_status=\"UNSTABLE\"} 1",
                "modelfleet_slo_status" + a + ",modelfleet_slo_status=\"INSUFFICIENT_DATA\"} 0",
                "modelfleet_slo_status" + a + ",modelfleet_slo_status=\"NO_DATA\"} 0",
                "modelfleet_slo_status" + a + ",modelfleet_slo_status=\"WATCH\"} 0",
                "modelfleet_slo_status" + b + ",modelfleet_slo_status=\"STABLE\"} 0",
                "modelfleet_slo_status" + b + ",modelfleet_slo_status=\"UNSTABLE\"} 0",
                "modelfleet_slo_status" + b + ",modelfleet_slo_status=\"INSUFFICIENT_DATA\"} 0",
                "modelfleet_slo_status" + b + ",modelfleet_slo_status=\"NO_DATA\"} 1",
                "modelfleet_slo_status" + b + ",modelfleet_slo_status=\"WATCH\"} 0",
                "# HELP modelfleet_slo_events Valid labeled events in the hour, the rows its metrics come from.",
                "# TYPE modelfleet_slo_events gauge",
                "modelfleet_slo_events" + a + "} 12345",
                "modelfleet_slo_events" + b + "} 0",
                "# HELP modelfleet_slo_calibration Calibration of the hour: weighted predictions over weighted"
                        + " positives (1 is perfect). No sample when undefined (no events or no positives).",
                "# TYPE modelfleet_slo_calibration gauge",
                "modelfleet_slo_calibration" + a + "} 1.25",
                "# HELP modelfleet_slo_calibration_lo Lower end of the 95% confidence interval of calibration.",
                "# TYPE modelfleet_slo_calibration_lo gauge",
                "modelfleet_slo_calibration_lo" + a + "} 1.2",
                "# HELP modelfleet_slo_calibration_hi Upper end of the 95% confidence interval of calibration.",
                "# TYPE modelfleet_slo_calibration_hi gauge",
                "modelfleet_slo_calibration_hi" + a + "} 1.3",
                "# HELP modelfleet_slo_ne Normalized entropy (NE) of the hour: log loss over the entropy of its"
                        + " click rate (below 1 beats predicting the rate). No sample when undefined (no events,"
                        + " positives or negatives).",
                "# TYPE modelfleet_slo_ne gauge",
                "modelfleet_slo_ne" + a + "} 0.9731",
                "# HELP modelfleet_slo_ne_lo Lower end of the 95% confidence interval of NE.",
                "# TYPE modelfleet_slo_ne_lo gauge",
                "modelfleet_slo_ne_lo" + a + "} 0.95",
                "# HELP modelfleet_slo_ne_hi Upper end of the 95% confidence interval of NE.",
                "# TYPE modelfleet_slo_ne_hi gauge",
                "modelfleet_slo_ne_hi" + a + "} 0.99",
                "# HELP modelfleet_slo_error_budget_remaining_ratio Share of the 28-day error budget left at the"
                        + " end of the model's newest day in slo_daily; negative when overspent.",
                "# TYPE modelfleet_slo_error_budget_remaining_ratio gauge",
                "# UNIT modelfleet_slo_error_budget_remaining_ratio ratio",
                "modelfleet_slo_error_budget_remaining_ratio" + a + "} -0.25",
                "# HELP modelfleet_slo_error_budget_burn_rate Error budget burn rate over the last 6, 24 or 72"
                        + " hours (label window) of that day: unstable share of evaluated hours over the share the"
                        + " objective allows; 1 spends the budget in 28 days.",
                "# TYPE modelfleet_slo_error_budget_burn_rate gauge",
                "modelfleet_slo_error_budget_burn_rate" + a + ",window=\"6h\"} 14.4",
                "modelfleet_slo_error_budget_burn_rate" + a + ",window=\"72h\"} 1.0e-5",
                "# HELP modelfleet_slo_error_budget_timestamp_seconds End of the slo_daily day the error budget and"
                        + " burn rates are computed through (Unix time).",
                "# TYPE modelfleet_slo_error_budget_timestamp_seconds gauge",
                "# UNIT modelfleet_slo_error_budget_timestamp_seconds seconds",
                "modelfleet_slo_error_budget_timestamp_seconds" + a + "} 1795478400",
                "# EOF",
                "");
        // Given out of order: the text is in model_id order whatever the input's.
        assertThat(SloOpenMetrics.render(List.of(NO_DATA, UNSTABLE))).isEqualTo(expected);
    }

    @Test
    void theOddIdStaysOnOneLineInsideItsQuotes() {
        String text = SloOpenMetrics.render(List.of(NO_DATA));
        // Every line is metadata or one whole sample: the id's line feed did not split a line.
        assertThat(text.lines())
                .allMatch(line -> line.startsWith("# ") || line.matches("modelfleet_slo_[a-z_]+\\{.*\\} -?[0-9.e+-]+"));
        assertThat(text).doesNotContain("odd\"id").contains("model_id=\"odd\\\"id\\\\x\\nline\"");
    }

    @Test
    void nothingToExportIsAnEmptyButValidExposition() {
        assertThat(SloOpenMetrics.render(List.of())).isEqualTo("# EOF\n");
    }

    @Test
    void numbersAreWrittenSoTheyReadBackExactly() {
        assertThat(SloOpenMetrics.number(3)).isEqualTo("3");
        assertThat(SloOpenMetrics.number(-0.25)).isEqualTo("-0.25");
        assertThat(SloOpenMetrics.number(1.0e-5)).isEqualTo("1.0e-5");
        assertThat(SloOpenMetrics.number(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
        double third = 1.0 / 3;
        assertThat(Double.parseDouble(SloOpenMetrics.number(third))).isEqualTo(third);
        assertThat(Double.parseDouble(SloOpenMetrics.number(1795525200.5))).isEqualTo(1795525200.5);
    }

    @Test
    void aModelTwiceIsRefusedRatherThanWrittenAsDuplicateSeries() {
        assertThatThrownBy(() -> SloOpenMetrics.render(List.of(UNSTABLE, UNSTABLE)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("model feed_lsr appears twice");
    }
}
