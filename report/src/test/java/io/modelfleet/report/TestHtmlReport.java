package io.modelfleet.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelfleet.core.Hour;
import io.modelfleet.report.FleetReport.BudgetLine;
import io.modelfleet.report.FleetReport.DataQuality;
import io.modelfleet.report.FleetReport.HourPoint;
import io.modelfleet.report.FleetReport.ModelFacts;
import io.modelfleet.report.FleetReport.ModelSection;
import io.modelfleet.report.FleetReport.Thresholds;
import io.modelfleet.report.FleetReport.TierHour;
import io.modelfleet.report.FleetReport.Unregistered;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class TestHtmlReport {
    private static final Hour FROM = Hour.parse("2026-11-24T00");
    private static final String HOSTILE = "ig_<script>alert(1)</script>\"&'";

    private static HourPoint hour(int i, String status, double calibration) {
        return new HourPoint(
                FROM.plus(i),
                status,
                calibration,
                calibration - 0.1,
                calibration + 0.1,
                0.9,
                0.88,
                0.92,
                0.89,
                12_000,
                11_000,
                5,
                995,
                status.equals("UNSTABLE") ? "calibration 1.5 outside [0.9, 1.1]" : "",
                false);
    }

    private static FleetReport report() {
        List<TierHour> heatmap = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            // the newest hour is provisional: its labels are still coming in
            heatmap.add(new TierHour("TIER0", FROM.plus(i), i >= 20 ? 9 : 10, i >= 20 ? 1 : 0, 0, 0, i == 23 ? 10 : 0));
            heatmap.add(new TierHour("TIER3", FROM.plus(i), 30, 0, i == 5 ? 2 : 0, i == 6 ? 1 : 0));
        }
        List<HourPoint> hours = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            hours.add(hour(i, i >= 20 ? "UNSTABLE" : "STABLE", i >= 20 ? 1.5 : 1.0));
        }
        HourPoint last = hour(23, "UNSTABLE", 1.5);
        hours.add(new HourPoint(
                last.hour(),
                last.status(),
                last.calibration(),
                last.calibrationLo(),
                last.calibrationHi(),
                last.ne(),
                last.neLo(),
                last.neHi(),
                last.neBaseline(),
                last.rows(),
                last.events(),
                last.invalidRows(),
                last.unlabeledRows(),
                last.reasons(),
                true));
        ModelSection section = new ModelSection(
                new ModelFacts(
                        "ig_feed_v3",
                        "TIER0",
                        "mtml",
                        "feed",
                        "lsr",
                        "feed",
                        "feed-oncall",
                        "feed_prod",
                        "v3",
                        "cal",
                        null),
                "4 unstable hours",
                new Thresholds(0.9, 1.1, 0.01, 10_000),
                hours,
                List.of(new FleetReport.LaunchLine("launch-1", "ig_feed_v3", "DONE", "v2 -> v3", "3/3 at 100%", "-")));
        ModelSection hostile = new ModelSection(
                new ModelFacts(
                        HOSTILE, "TIER4", "t", "s", "f", "team", null, "p", "v1", "cal", "until 2027: <b>why</b>"),
                null,
                new Thresholds(0.7, 1.3, 0.1, 500),
                List.of(hour(3, "STABLE", 1.0)),
                List.of());
        return new FleetReport(
                FROM,
                FROM.plus(24),
                Instant.parse("2026-11-25T00:05:00Z"),
                "abc123",
                heatmap,
                List.of(new BudgetLine(
                        "ig_feed_v3", "TIER0", "feed", "feed-oncall", "page", "2026-11-24", -3.2, 14.0, 6.0)),
                List.of(new FleetReport.TrendPoint("tier", "TIER0", "2026-11-24", 10, 240, 4, 236 / 240.0)),
                List.of(section, hostile),
                List.of("ig_other_v1"),
                List.of(
                        new FleetReport.LaunchLine(
                                "launch-2", "ig_other_v1", "HELD", "v1 -> v2", "1/3 at 5%", "a person"),
                        new FleetReport.LaunchLine("launch-1", "ig_feed_v3", "DONE", "v2 -> v3", "3/3 at 100%", "-")),
                new DataQuality(
                        List.of(new Unregistered(HOSTILE, 7, 1, FROM.plus(2))),
                        List.of(),
                        List.of(new FleetReport.InvalidRate("ig_feed_v3", "TIER0", 288_000, 120))));
    }

    @Test
    void tilesCountTheModelHoursOfTheHeatmap() {
        String html = HtmlReport.render(report());
        // 24 hours × (10 TIER0 + 30..32 TIER3): 240 + 24 × 30 + 2 + 1 model-hours; 4 unstable; 2 insufficient; 1 no
        // data.
        assertThat(tile(html, "model-hours judged")).isEqualTo("963");
        assertThat(tile(html, "unstable model-hours")).isEqualTo("4");
        assertThat(tile(html, "insufficient data")).isEqualTo("2");
        assertThat(tile(html, "no data")).isEqualTo("1");
        assertThat(tile(html, "budgets paging")).isEqualTo("1");
    }

    @Test
    void heatmapCellsSayWhatEachTierHourWas() {
        String html = HtmlReport.render(report());
        assertThat(html)
                .contains("<title>TIER0 2026-11-24T21: 1 unstable, 0 insufficient, 0 no data, 9 stable</title>")
                .contains("<title>TIER3 2026-11-24T05: 0 unstable, 2 insufficient, 0 no data, 30 stable</title>");
        // 48 tier-hours: 4 red, 2 amber (hours 5 and 6 of TIER3), the rest green; plus the flagged strip's 25 cells.
        assertThat(count(html, "<rect class=\"s-unstable\"")).isEqualTo(4 + 4);
        assertThat(count(html, "<rect class=\"s-insufficient\"")).isEqualTo(2);
        assertThat(count(html, "<rect class=\"s-stable\"")).isEqualTo(42 + 20 + 1);
    }

    @Test
    void provisionalHoursAreMarkedInTheHeatmapAndTheModelCharts() {
        String html = HtmlReport.render(report());
        assertThat(html)
                .contains("<title>TIER0 2026-11-24T23: 1 unstable, 0 insufficient, 0 no data, 9 stable;"
                        + " 10 provisional (labels still coming in, not in budgets yet)</title>")
                .contains("2026-11-24T23 UNSTABLE (provisional: labels still coming in): calibration 1.5 outside")
                .doesNotContain("2026-11-24T22 UNSTABLE (provisional");
    }

    @Test
    void nothingFromTheDataCanBreakOutOfThePage() {
        String html = HtmlReport.render(report());
        assertThat(html).doesNotContain("<script", "<b>why</b>");
        assertThat(html).contains("ig_&lt;script&gt;alert(1)&lt;/script&gt;&quot;&amp;&#39;");
        // The hostile id's anchor is a plain fragment, and the budget links to the flagged model's section.
        assertThat(html).contains("id=\"model-ig__script_alert_1___script____\"");
        assertThat(html).contains("<a href=\"#model-ig_feed_v3\">ig_feed_v3</a>");
    }

    @Test
    void thePageFetchesNothing() {
        String html = HtmlReport.render(report());
        assertThat(html).doesNotContainPattern("(src|href)=\"(https?:)?//");
        assertThat(html).doesNotContain("@import", "url(");
    }

    @Test
    void chartsPlaceValuesOnTheirAxis() {
        List<String> ticks = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ticks.add(null);
        }
        Chart chart = new Chart("t", 200, ticks).include(0).include(10);
        chart.svg();
        // 10 above 0, both inside the plot (12 to 176 px), 5 half way between them.
        assertThat(chart.y(10)).isLessThan(chart.y(0));
        assertThat(chart.y(5)).isCloseTo((chart.y(0) + chart.y(10)) / 2, Offset.offset(1e-9));
        assertThat(chart.y(0)).isEqualTo(176.0);
        assertThat(chart.x(0)).isLessThan(chart.x(9));
        assertThat(Chart.niceStep(0.23)).isEqualTo(0.5);
        assertThat(Chart.niceStep(0.0041)).isCloseTo(0.005, Offset.offset(1e-12));
        assertThat(Chart.niceStep(170)).isEqualTo(200);
    }

    @Test
    void everyFlaggedModelHasASectionWithItsThresholdsDrawn() {
        String html = HtmlReport.render(report());
        assertThat(html).contains("<article class=\"model\" id=\"model-ig_feed_v3\">");
        assertThat(html).contains(">max 1.100</text>", ">min 0.900</text>");
        assertThat(html).contains("4 unstable hours, first 2026-11-24T20");
        assertThat(html).contains("1 more flagged models are not drawn here", "ig_other_v1");
        assertThat(html).contains("launch-1", "3/3 at 100%");
        // The fleet's launches link to the flagged model's section, and name the model that has none.
        assertThat(html)
                .contains(
                        "<td>launch-1</td><td><a href=\"#model-ig_feed_v3\">ig_feed_v3</a></td>",
                        "<td>launch-2</td><td>ig_other_v1</td><td><span class=\"badge warn\">HELD</span>");
    }

    private static String tile(String html, String label) {
        Matcher m = Pattern.compile(
                        "<div class=\"value\">([^<]*)</div><div class=\"label\">" + Pattern.quote(label) + "</div>")
                .matcher(html);
        assertThat(m.find()).as(label).isTrue();
        return m.group(1).replace(",", "");
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
