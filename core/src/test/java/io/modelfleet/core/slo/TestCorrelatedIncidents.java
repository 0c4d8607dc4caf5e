package io.modelfleet.core.slo;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelfleet.core.Hour;
import io.modelfleet.core.slo.CorrelatedIncidents.Incident;
import io.modelfleet.core.slo.CorrelatedIncidents.ModelHour;
import io.modelfleet.core.slo.CorrelatedIncidents.Settings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TestCorrelatedIncidents {
    static final Hour HOUR = Hour.parse("2026-11-24T13");

    private static ModelHour model(String id, String surface, String stage, String team, SloStatus status, String why) {
        return new ModelHour(id, Map.of("surface", surface, "funnel_stage", stage, "team", team), status, why);
    }

    /** A fleet of 12: feed (5 models, teams a and b), reels (4, team c), explore (3, team c). */
    private static List<ModelHour> fleet(SloStatus feedStatus, String feedReason) {
        List<ModelHour> fleet = new ArrayList<>();
        fleet.add(model("feed_esr_1", "feed", "esr", "a", feedStatus, feedReason));
        fleet.add(model("feed_esr_2", "feed", "esr", "a", feedStatus, feedReason));
        fleet.add(model("feed_lsr_1", "feed", "lsr", "a", feedStatus, feedReason));
        fleet.add(model("feed_lsr_2", "feed", "lsr", "b", feedStatus, feedReason));
        fleet.add(model("feed_lsr_3", "feed", "lsr", "b", feedStatus, feedReason));
        for (int i = 1; i <= 4; i++) {
            fleet.add(model("reels_" + i, "reels", i <= 2 ? "esr" : "lsr", "c", SloStatus.STABLE, ""));
        }
        for (int i = 1; i <= 3; i++) {
            fleet.add(model("explore_" + i, "explore", "lsr", "c", SloStatus.STABLE, ""));
        }
        return fleet;
    }

    @Test
    void aSurfaceWideOutageIsOneIncidentNamedBySurfaceNotOnePerTeamOrStage() {
        List<Incident> incidents = CorrelatedIncidents.find(
                HOUR, fleet(SloStatus.UNSTABLE, "calibration 1.512 above 1.10"), Settings.DEFAULT);

        // feed's 5 of 5 failing; team a (3 of 3) and b (2 of 2) and stage esr (2 of 4) are all within it,
        // and lsr (3 of 8) is under the fraction.
        assertThat(incidents).hasSize(1);
        Incident feed = incidents.get(0);
        assertThat(feed.dimension()).isEqualTo("surface");
        assertThat(feed.value()).isEqualTo("feed");
        assertThat(feed.models()).containsExactly("feed_esr_1", "feed_esr_2", "feed_lsr_1", "feed_lsr_2", "feed_lsr_3");
        assertThat(feed.groupModels()).isEqualTo(5);
        assertThat(feed.cause())
                .isEqualTo("calibration moved in all 5 models at once: a shared feature, label or logging change");
        assertThat(feed.key()).isEqualTo("surface=feed");
    }

    @Test
    void breachesTooFewOrTooSpreadOutAreNoIncidentUntilAGroupHasEnough() {
        List<ModelHour> fleet = fleet(SloStatus.STABLE, "");
        // feed 2 of 5 failing, stage esr 2 of 4, team a 2 of 3: each under the minimum of three
        fleet.set(0, model("feed_esr_1", "feed", "esr", "a", SloStatus.UNSTABLE, "NE 1.020 >= 1"));
        fleet.set(1, model("feed_esr_2", "feed", "esr", "a", SloStatus.NO_DATA, "no rows"));
        assertThat(CorrelatedIncidents.find(HOUR, fleet, Settings.DEFAULT)).isEmpty();
        // a third on stage esr, on another surface and team: esr now has 3 of its 4 failing
        fleet.set(5, model("reels_1", "reels", "esr", "c", SloStatus.UNSTABLE, "calibration 1.300 above 1.10"));
        List<Incident> found = CorrelatedIncidents.find(HOUR, fleet, Settings.DEFAULT);
        assertThat(found).extracting(Incident::key).containsExactly("funnel_stage=esr");
        assertThat(found.get(0).models()).containsExactly("feed_esr_1", "feed_esr_2", "reels_1");
        assertThat(found.get(0).groupModels()).isEqualTo(4);
        assertThat(found.get(0).cause())
                .isEqualTo("3 models failing at once (NE, calibration, no rows): look for a dependency they share");
        // asked for 4 models, or for all of the group, it is not one
        assertThat(CorrelatedIncidents.find(HOUR, fleet, new Settings(4, 0.5))).isEmpty();
        assertThat(CorrelatedIncidents.find(HOUR, fleet, new Settings(3, 1.0))).isEmpty();
    }

    @Test
    void smallModelsOnlyWatchedCountWithTheBigOneThatBreachedButWatchesAloneAreNoIncident() {
        List<ModelHour> fleet = fleet(SloStatus.STABLE, "");
        fleet.set(0, model("feed_esr_1", "feed", "esr", "a", SloStatus.WATCH, "calibration 1.300 above 1.25; 2.0 ..."));
        fleet.set(1, model("feed_esr_2", "feed", "esr", "a", SloStatus.WATCH, "calibration 1.310 above 1.25; 1.8 ..."));
        fleet.set(2, model("feed_lsr_1", "feed", "lsr", "a", SloStatus.WATCH, "calibration 1.120 above 1.10; 0.9 ..."));
        // three of five watched, none conclusive: not an incident
        assertThat(CorrelatedIncidents.find(HOUR, fleet, Settings.DEFAULT)).isEmpty();
        // the biggest one breaches: the three watched with it are the incident
        fleet.set(3, model("feed_lsr_2", "feed", "lsr", "b", SloStatus.UNSTABLE, "calibration 1.512 above 1.10"));
        List<Incident> found = CorrelatedIncidents.find(HOUR, fleet, Settings.DEFAULT);
        assertThat(found).extracting(Incident::key).containsExactly("surface=feed");
        assertThat(found.get(0).models()).containsExactly("feed_esr_1", "feed_esr_2", "feed_lsr_1", "feed_lsr_2");
        assertThat(found.get(0).cause()).startsWith("calibration moved in all 4 models at once");
    }

    @Test
    void aLoggingOutageIsNamedAsSuch() {
        List<Incident> incidents =
                CorrelatedIncidents.find(HOUR, fleet(SloStatus.NO_DATA, "no rows"), new Settings(5, 1.0));
        assertThat(incidents).extracting(Incident::key).containsExactly("surface=feed");
        assertThat(incidents.get(0).cause())
                .isEqualTo("no rows from any of the 5 models: a logging or serving outage upstream of them");
    }
}
