package io.modelfleet.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelfleet.alerts.SloState.ModelDay;
import io.modelfleet.alerts.SloState.ModelHour;
import io.modelfleet.alerts.internal.AlertRules;
import io.modelfleet.alerts.internal.FiringAlert;
import io.modelfleet.core.Hour;
import io.modelfleet.core.slo.Alert;
import io.modelfleet.core.slo.SloStatus;
import io.modelfleet.registry.Tier;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which alerts fire for hand-made SLO rows; every expected value is written out by hand. */
class TestAlertRules {
    static final AlertSettings SETTINGS = new AlertSettings(
            URI.create("http://localhost:9093"),
            Map.of("env", "prod"),
            Optional.of(URI.create("https://reports.example.com/fleet.html")),
            3,
            Duration.ofSeconds(1),
            Duration.ofSeconds(10),
            Duration.ofHours(3));

    static ModelHour hour(String model, Tier tier, String hour, SloStatus status, String reasons) {
        return new ModelHour(model, "feed_ranking", tier, Hour.parse(hour), status, reasons, "run-" + hour);
    }

    static ModelDay day(String model, Tier tier, String day, Alert alert) {
        return new ModelDay(
                model,
                "feed_ranking",
                tier,
                LocalDate.parse(day),
                alert,
                Optional.of(33.3),
                Optional.of(8.25),
                Optional.empty(),
                Optional.of(-0.5));
    }

    static ModelHour provisional(String model, String hour, SloStatus status, String reasons) {
        return new ModelHour(
                model, "feed_ranking", Tier.TIER0, Hour.parse(hour), status, reasons, "run-" + hour, false);
    }

    @Test
    void aProvisionalUnstableHourPagesEarlyAndSaysSo() {
        List<ModelHour> hours = List.of(
                hour("feed_lsr", Tier.TIER0, "2026-11-24T11", SloStatus.STABLE, ""),
                provisional("feed_lsr", "2026-11-24T12", SloStatus.UNSTABLE, "calibration 1.5 above 1.10"),
                provisional("feed_lsr", "2026-11-24T13", SloStatus.UNSTABLE, "calibration 1.6 above 1.10"));
        SloState state = new SloState(Optional.of(Hour.parse("2026-11-24T13")), hours, Optional.empty(), List.of());

        List<FiringAlert> firing = AlertRules.firing(state, SETTINGS);

        assertThat(firing).singleElement().satisfies(alert -> {
            assertThat(alert.since()).isEqualTo(Instant.parse("2026-11-24T12:00:00Z"));
            assertThat(alert.annotations())
                    .containsEntry("provisional", "true")
                    .containsEntry("hour", "2026-11-24T13")
                    .containsEntry(
                            "summary",
                            "feed_lsr (TIER0, team feed_ranking) has been UNSTABLE since 2026-11-24T12 UTC (2 hours);"
                                    + " early: its labels are not all in yet");
        });
    }

    @Test
    void anEarlyAlertHoldsWhileTheHoursAfterItAreTooThinToJudge() {
        // 12:00 provisional UNSTABLE fired early; 13:00, provisional, has too few labels yet. The alert holds
        // (it does not resolve to fire again when 12:00 turns final).
        List<ModelHour> hours = List.of(
                hour("feed_lsr", Tier.TIER0, "2026-11-24T11", SloStatus.STABLE, ""),
                provisional("feed_lsr", "2026-11-24T12", SloStatus.UNSTABLE, "calibration 1.5 above 1.10"),
                provisional("feed_lsr", "2026-11-24T13", SloStatus.INSUFFICIENT_DATA, "800 labeled events < 10000"));
        SloState state = new SloState(Optional.of(Hour.parse("2026-11-24T13")), hours, Optional.empty(), List.of());

        assertThat(AlertRules.firing(state, SETTINGS))
                .singleElement()
                .satisfies(alert -> assertThat(alert.annotations())
                        .containsEntry("hour", "2026-11-24T12")
                        .containsEntry("provisional", "true"));
    }

    @Test
    void provisionalHoursThatLookStableDoNotEndAnAlertOnTheNewestFinalHour() {
        // 12:00 is final and UNSTABLE; 13:00 and 14:00 look STABLE on early labels, which may change.
        List<ModelHour> hours = List.of(
                hour("feed_lsr", Tier.TIER0, "2026-11-24T11", SloStatus.UNSTABLE, "calibration 1.4 above 1.10"),
                hour("feed_lsr", Tier.TIER0, "2026-11-24T12", SloStatus.UNSTABLE, "calibration 1.5 above 1.10"),
                provisional("feed_lsr", "2026-11-24T13", SloStatus.STABLE, ""),
                provisional("feed_lsr", "2026-11-24T14", SloStatus.WATCH, "calibration 1.12 above 1.10"),
                hour("other_lsr", Tier.TIER0, "2026-11-24T12", SloStatus.STABLE, ""),
                provisional("other_lsr", "2026-11-24T13", SloStatus.STABLE, ""),
                provisional("other_lsr", "2026-11-24T14", SloStatus.STABLE, ""));
        SloState state = new SloState(Optional.of(Hour.parse("2026-11-24T14")), hours, Optional.empty(), List.of());

        List<FiringAlert> firing = AlertRules.firing(state, SETTINGS);

        assertThat(firing).singleElement().satisfies(alert -> {
            assertThat(alert.labels()).containsEntry("model_id", "feed_lsr");
            assertThat(alert.since()).isEqualTo(Instant.parse("2026-11-24T11:00:00Z"));
            assertThat(alert.annotations())
                    .containsEntry("provisional", "false")
                    .containsEntry("hour", "2026-11-24T12")
                    .containsEntry("unstable_hours", "2")
                    .containsEntry("description", "calibration 1.5 above 1.10");
        });
    }

    @Test
    void anUnstableTier0HourPagesFromTheFirstHourOfItsRun() {
        List<ModelHour> hours = new ArrayList<>();
        hours.add(hour("feed_lsr", Tier.TIER0, "2026-11-24T10", SloStatus.STABLE, ""));
        hours.add(hour("feed_lsr", Tier.TIER0, "2026-11-24T11", SloStatus.UNSTABLE, "calibration 1.4 above 1.10"));
        hours.add(hour("feed_lsr", Tier.TIER0, "2026-11-24T12", SloStatus.UNSTABLE, "calibration 1.5 above 1.10"));
        hours.add(hour("feed_lsr", Tier.TIER0, "2026-11-24T13", SloStatus.UNSTABLE, "calibration 1.6 above 1.10"));
        SloState state = new SloState(Optional.of(Hour.parse("2026-11-24T13")), hours, Optional.empty(), List.of());

        List<FiringAlert> firing = AlertRules.firing(state, SETTINGS);

        assertThat(firing).hasSize(1);
        FiringAlert alert = firing.get(0);
        assertThat(alert.labels())
                .isEqualTo(Map.of(
                        "alertname", "ModelfleetModelUnstable",
                        "model_id", "feed_lsr",
                        "team", "feed_ranking",
                        "tier", "TIER0",
                        "severity", "page",
                        "env", "prod"));
        assertThat(alert.since()).isEqualTo(Instant.parse("2026-11-24T11:00:00Z"));
        assertThat(alert.until()).isEqualTo(Instant.parse("2026-11-24T14:00:00Z"));
        assertThat(alert.annotations())
                .containsEntry("description", "calibration 1.6 above 1.10")
                .containsEntry("hour", "2026-11-24T13")
                .containsEntry("run_id", "run-2026-11-24T13")
                .containsEntry("unstable_hours", "3")
                .containsEntry(
                        "summary",
                        "feed_lsr (TIER0, team feed_ranking) has been UNSTABLE since 2026-11-24T11 UTC (3 hours)")
                .containsEntry("report", "https://reports.example.com/fleet.html#model-feed_lsr");
        assertThat(alert.generatorUrl()).contains(URI.create("https://reports.example.com/fleet.html#model-feed_lsr"));
    }

    @Test
    void aCorrelatedIncidentIsOneAlertAndItsModelsGetNoneOfTheirOwn() {
        List<ModelHour> hours = new ArrayList<>();
        for (String model : List.of("feed_esr", "feed_lsr", "feed_mtml")) {
            hours.add(hour(model, Tier.TIER0, "2026-11-24T12", SloStatus.UNSTABLE, "calibration 1.5 above 1.10"));
            hours.add(hour(model, Tier.TIER0, "2026-11-24T13", SloStatus.UNSTABLE, "calibration 1.6 above 1.10"));
        }
        // another TIER1 model, UNSTABLE for a cause of its own: still its own alert
        hours.add(hour("reels_lsr", Tier.TIER1, "2026-11-24T13", SloStatus.UNSTABLE, "NE 1.020 >= 1"));
        SloState.IncidentHour feed = new SloState.IncidentHour(
                Hour.parse("2026-11-24T13"),
                "surface",
                "feed",
                Tier.TIER0,
                List.of("feed_esr", "feed_lsr", "feed_mtml", "feed_t3_sourcing"),
                Hour.parse("2026-11-24T12"),
                "calibration moved in all 4 models at once: a shared feature, label or logging change",
                false);
        SloState state = new SloState(
                Optional.of(Hour.parse("2026-11-24T13")), hours, Optional.empty(), List.of(), List.of(feed));

        List<FiringAlert> firing = AlertRules.firing(state, SETTINGS);

        assertThat(firing).hasSize(2);
        assertThat(firing.get(0).labels())
                .isEqualTo(Map.of(
                        "alertname", "ModelfleetModelUnstable",
                        "model_id", "reels_lsr",
                        "team", "feed_ranking",
                        "tier", "TIER1",
                        "severity", "ticket",
                        "env", "prod"));
        FiringAlert incident = firing.get(1);
        assertThat(incident.labels())
                .isEqualTo(Map.of(
                        "alertname", "ModelfleetCorrelatedIncident",
                        "dimension", "surface",
                        "value", "feed",
                        "tier", "TIER0",
                        "severity", "page",
                        "env", "prod"));
        assertThat(incident.since()).isEqualTo(Instant.parse("2026-11-24T12:00:00Z"));
        assertThat(incident.until()).isEqualTo(Instant.parse("2026-11-24T14:00:00Z"));
        assertThat(incident.annotations())
                .containsEntry("summary", "4 models of surface feed failing together since 2026-11-24T12 UTC (2 hours)")
                .containsEntry(
                        "description",
                        "calibration moved in all 4 models at once: a shared feature, label or logging change."
                                + " Models: feed_esr, feed_lsr, feed_mtml, feed_t3_sourcing")
                .containsEntry("models", "4")
                .containsEntry("provisional", "false");

        // The same incident over provisional hours pages early, and says so.
        SloState.IncidentHour early = new SloState.IncidentHour(
                feed.hour(),
                feed.dimension(),
                feed.value(),
                feed.tier(),
                feed.models(),
                feed.firstHour(),
                feed.cause(),
                true);
        FiringAlert earlyAlert = AlertRules.firing(
                        new SloState(state.latestHour(), hours, Optional.empty(), List.of(), List.of(early)), SETTINGS)
                .get(1);
        assertThat(earlyAlert.labels()).isEqualTo(incident.labels());
        assertThat(earlyAlert.annotations())
                .containsEntry(
                        "summary",
                        "4 models of surface feed failing together since 2026-11-24T12 UTC (2 hours);"
                                + " early: their labels are not all in yet")
                .containsEntry("provisional", "true");
    }

    @Test
    void onlyTheLatestHourOfTier0AndTier1ModelsCounts() {
        List<ModelHour> hours = List.of(
                // TIER1: a ticket; a missing hour ends the run, so it starts at 13.
                hour("reels_lsr", Tier.TIER1, "2026-11-24T11", SloStatus.UNSTABLE, "NE 0.9 is 5% above"),
                hour("reels_lsr", Tier.TIER1, "2026-11-24T13", SloStatus.UNSTABLE, "NE 0.9 is 6% above"),
                // Cleared in the latest hour: nothing fires.
                hour("stories_esr", Tier.TIER0, "2026-11-24T12", SloStatus.UNSTABLE, "calibration 1.3 above 1.10"),
                hour("stories_esr", Tier.TIER0, "2026-11-24T13", SloStatus.STABLE, ""),
                // Not in the latest hour at all (removed from the registry): nothing fires.
                hour("old_lsr", Tier.TIER0, "2026-11-24T12", SloStatus.UNSTABLE, "calibration 2 above 1.10"),
                // Not data enough to judge is not unstable.
                hour("search_esr", Tier.TIER1, "2026-11-24T13", SloStatus.INSUFFICIENT_DATA, "1,200 events"),
                // TIER2 hours page nobody, whatever their state.
                hour("explore_esr", Tier.TIER2, "2026-11-24T13", SloStatus.UNSTABLE, "calibration 1.5 above 1.2"));
        SloState state = new SloState(Optional.of(Hour.parse("2026-11-24T13")), hours, Optional.empty(), List.of());

        List<FiringAlert> firing = AlertRules.firing(state, SETTINGS);

        assertThat(firing).extracting(a -> a.labels().get("model_id")).containsExactly("reels_lsr");
        assertThat(firing.get(0).labels()).containsEntry("severity", "ticket").containsEntry("tier", "TIER1");
        assertThat(firing.get(0).since()).isEqualTo(Instant.parse("2026-11-24T13:00:00Z"));
        assertThat(firing.get(0).annotations()).containsEntry("unstable_hours", "1");
    }

    @Test
    void aBurningBudgetAlertsAtItsLevelFromTheFirstDayAtIt() {
        List<ModelDay> days = List.of(
                day("feed_lsr", Tier.TIER0, "2026-11-21", Alert.TICKET),
                day("feed_lsr", Tier.TIER0, "2026-11-22", Alert.PAGE),
                day("feed_lsr", Tier.TIER0, "2026-11-23", Alert.PAGE),
                day("comments_src", Tier.TIER4, "2026-11-23", Alert.TICKET),
                day("reels_lsr", Tier.TIER1, "2026-11-22", Alert.PAGE),
                day("reels_lsr", Tier.TIER1, "2026-11-23", Alert.NONE));
        SloState state = new SloState(Optional.empty(), List.of(), Optional.of(LocalDate.parse("2026-11-23")), days);

        List<FiringAlert> firing = AlertRules.firing(state, SETTINGS);

        assertThat(firing)
                .extracting(a -> a.labels().get("model_id") + " " + a.labels().get("severity") + " " + a.since() + " "
                        + a.until())
                .containsExactly(
                        "comments_src ticket 2026-11-23T00:00:00Z 2026-11-24T00:00:00Z",
                        "feed_lsr page 2026-11-22T00:00:00Z 2026-11-24T00:00:00Z");
        FiringAlert page = firing.get(1);
        assertThat(page.labels()).containsEntry("alertname", "ModelfleetErrorBudgetBurn");
        assertThat(page.annotations())
                .containsEntry(
                        "description",
                        "burn rate 33.3 over 6 h, 8.3 over 24 h, n/a over 72 h (1 spends the 28-day budget exactly);"
                                + " budget left -50%")
                .containsEntry("day", "2026-11-23")
                .containsEntry("burn_rate_6h", "33.3")
                .containsEntry("error_budget_remaining", "-0.5000")
                .containsEntry(
                        "summary",
                        "feed_lsr (TIER0, team feed_ranking) is burning its error budget: page since 2026-11-22");
    }

    @Test
    void emptyTablesFireNothing() {
        assertThat(AlertRules.firing(SloState.EMPTY, SETTINGS)).isEmpty();
    }
}
