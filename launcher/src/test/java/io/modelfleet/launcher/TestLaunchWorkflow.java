package io.modelfleet.launcher;

import static io.modelfleet.launcher.LaunchFixtures.estimate;
import static io.modelfleet.launcher.LaunchFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.modelfleet.core.ModelfleetException;
import io.modelfleet.registry.Model;
import io.modelfleet.registry.Registry;
import io.modelfleet.registry.RegistryLoader;
import io.modelfleet.registry.Resources;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestLaunchWorkflow {
    private static final String TIER0_MODEL = "ig_feed_mtml_lsr_v3";

    @TempDir
    Path state;

    private final Registry registry = LaunchFixtures.example();
    private final LaunchFixtures.TestClock clock = new LaunchFixtures.TestClock();
    private LaunchDatabase database;

    @BeforeEach
    void setUp() {
        database = LaunchFixtures.database();
    }

    private Launches launches(FreezePolicy freeze, SimulatedFleet.Settings fleet) {
        return new Launches(
                database,
                () -> registry,
                new SimulatedFleet(fleet),
                freeze,
                clock,
                new LaunchSettings(Duration.ofHours(72), state.resolve("changes"), fleet));
    }

    private Launches launches() {
        return launches(
                FreezePolicy.NONE,
                new SimulatedFleet.Settings(20, 0, Duration.ofMinutes(2), 3, Duration.ofMinutes(30)));
    }

    @Test
    void aTier0LaunchGoesFromEstimateToDoneAndHandsBackItsRegistryChange() throws Exception {
        Launches launches = launches();
        LaunchRecord submitted =
                launches.submit(request(registry, "lsr_v4", TIER0_MODEL, "v4", 12), estimate("FITS", 12), 12);
        assertThat(submitted.state()).isEqualTo(LaunchState.ESTIMATED);

        assertThatThrownBy(() -> launches.approve("lsr_v4", "omar@example.com"))
                .isInstanceOf(ModelfleetException.class)
                .hasMessageContaining("omar@example.com requested it");
        assertThatThrownBy(() -> launches.approve("lsr_v4", "reels-ranking-lead"))
                .isInstanceOf(ModelfleetException.class)
                .hasMessageContaining("not one of the people who may")
                .satisfies(e -> assertThat(((ModelfleetException) e).hint())
                        .contains("feed-ranking-lead or feed-ranking-tl")
                        .contains("ml-platform-lead or ml-platform-sre"));

        Launches.ApprovalOutcome first = launches.approve("lsr_v4", "feed-ranking-lead");
        assertThat(first.role()).isEqualTo(ApprovalRole.TEAM);
        assertThat(first.launch().state()).isEqualTo(LaunchState.ESTIMATED);
        assertThat(first.missing()).extracting(Launches.Requirement::role).containsExactly(ApprovalRole.PLATFORM);
        // A second team approver does not stand in for the platform.
        assertThatThrownBy(() -> launches.approve("lsr_v4", "feed-ranking-tl"))
                .isInstanceOf(ModelfleetException.class)
                .hasMessageContaining("not one of the people who may");
        assertThat(launches.approve("lsr_v4", "@ML-Platform-Lead").launch().state())
                .isEqualTo(LaunchState.APPROVED);

        // Preparation reserves the candidate's deployment: 12 replicas of 16 cpu, 64 GiB, 1 GPU.
        assertThat(tick(launches)).extracting(Launches.Step::to).containsExactly(LaunchState.PREPARING);
        assertThat(launches.view("lsr_v4").reservation()).contains(new Resources(192, 768, 12));
        Launches.PoolUse pool = launches.pools().stream()
                .filter(p -> p.pool().equals("feed_ranking_prod"))
                .findFirst()
                .orElseThrow();
        assertThat(pool.reserved()).isEqualTo(new Resources(192, 768, 12));
        assertThat(pool.inUse()).isEqualTo(new Resources(48 * 16, 48 * 64, 48));

        // 12 replicas at 20 a minute: the last is up after 36 seconds, not before.
        clock.advance(Duration.ofSeconds(32));
        assertThat(tick(launches).get(0).what()).contains("11 of 12 ready");
        clock.advance(Duration.ofSeconds(3));
        assertThat(tick(launches).get(0).to()).isEqualTo(LaunchState.SHIFTING);
        assertThat(launches.view("lsr_v4").launch().candidatePercent()).isEqualTo(1);

        // Each step bakes its time, then moves on; the last step leads to finalization.
        assertThat(tick(launches).get(0).what()).startsWith("waits for bake at 1%");
        for (double expected : new double[] {5, 25, 100}) {
            clock.advance(Duration.ofMinutes(120));
            tick(launches);
            assertThat(launches.view("lsr_v4").launch().candidatePercent()).isEqualTo(expected);
        }
        clock.advance(Duration.ofMinutes(1));
        assertThat(tick(launches).get(0).to()).isEqualTo(LaunchState.FINALIZING);
        assertThat(tick(launches).get(0).to()).isEqualTo(LaunchState.DONE);

        Launches.View done = launches.view("lsr_v4");
        assertThat(done.reservation()).isEmpty();
        assertThat(done.deployments())
                .extracting(
                        ServingFleet.Deployment::version,
                        ServingFleet.Deployment::status,
                        ServingFleet.Deployment::percent)
                .containsExactly(tuple("v3", "SCALED_DOWN", 0.0), tuple("v4", "SERVING", 100.0));
        Model written = RegistryLoader.loadModelFile(state.resolve("changes/lsr_v4")
                .resolve(registry.model(TIER0_MODEL).orElseThrow().file()));
        assertThat(written.serving().version()).isEqualTo("v4");
        assertThat(written.serving().replicas()).isEqualTo(12);
        assertThat(written.serving().artifact()).isEqualTo("s3://models/" + TIER0_MODEL + "/v4/model.pt");
        // Everything outside the serving block is kept: the SLO override still reads 0.95..1.05.
        assertThat(written.slo().calibrationMin()).hasValue(0.95);
        assertThat(written.tier())
                .isEqualTo(registry.model(TIER0_MODEL).orElseThrow().tier());

        assertChained(done.events());
        assertThat(done.events())
                .extracting(LaunchEvent::to)
                .containsExactly(
                        "REQUESTED",
                        "ESTIMATED",
                        "APPROVED",
                        "PREPARING",
                        "SHIFTING",
                        "SHIFTING",
                        "SHIFTING",
                        "SHIFTING",
                        "FINALIZING",
                        "DONE");
        // Recorded as the registry spells the approver, not as typed.
        assertThat(done.events().get(2).actor()).isEqualTo("ml-platform-lead");
        assertThat(done.events().get(2).reason()).contains("feed-ranking-lead", "ml-platform-lead");
    }

    /** A controller tick a second after the last: a tick at the same instant as another leaves launches alone. */
    private List<Launches.Step> tick(Launches launches) {
        clock.advance(Duration.ofSeconds(1));
        return launches.tick("controller");
    }

    /** Seq runs 1..n without a gap, and every event starts where the one before ended. */
    static void assertChained(List<LaunchEvent> events) {
        String previous = "NONE";
        for (int i = 0; i < events.size(); i++) {
            assertThat(events.get(i).seq()).isEqualTo(i + 1);
            assertThat(events.get(i).from()).isEqualTo(previous);
            previous = events.get(i).to();
        }
    }

    @Test
    void illegalMovesAreRefusedNamingTheStateAndWhatTheyNeed() {
        Launches launches = launches();
        launches.submit(request(registry, "lsr_v4", TIER0_MODEL, "v4", 12), estimate("FITS", 12), 12);
        assertThatThrownBy(() -> launches.rollback("lsr_v4", "feed-ranking-lead", "bad"))
                .isInstanceOf(ModelfleetException.class)
                .hasMessage("Cannot roll back launch 'lsr_v4': it is ESTIMATED");
        assertThatThrownBy(() -> launches.abort("lsr_v4", "feed-ranking-lead", " "))
                .isInstanceOf(ModelfleetException.class)
                .hasMessageContaining("without a reason");
        assertThatThrownBy(() -> launches.approve("nope", "feed-ranking-lead"))
                .isInstanceOf(ModelfleetException.class)
                .hasMessage("Cannot find launch 'nope'");
        assertThatThrownBy(() ->
                        launches.submit(request(registry, "lsr_v5", TIER0_MODEL, "v5", 12), estimate("FITS", 12), 12))
                .isInstanceOf(ModelfleetException.class)
                .hasMessageContaining("launch 'lsr_v4' of the same model is open (ESTIMATED)");
        launches.reject("lsr_v4", "ml-platform-sre", "not this quarter");
        assertThatThrownBy(() -> launches.approve("lsr_v4", "feed-ranking-lead"))
                .isInstanceOf(ModelfleetException.class)
                .hasMessage("Cannot approve launch 'lsr_v4': it is REJECTED");
        assertThatThrownBy(() ->
                        launches.submit(request(registry, "lsr_v4", TIER0_MODEL, "v4", 12), estimate("FITS", 12), 12))
                .isInstanceOf(ModelfleetException.class)
                .hasMessageContaining("was submitted before and is REJECTED");
        assertThat(launches.open()).isEmpty();
    }

    @Test
    void everyStateAllowsExactlyTheTransitionsTheDesignNames() {
        assertThat(LaunchState.ESTIMATED.next())
                .containsExactlyInAnyOrder(
                        LaunchState.APPROVED, LaunchState.FROZEN, LaunchState.REJECTED, LaunchState.ABORTED);
        for (LaunchState end :
                List.of(LaunchState.DONE, LaunchState.REJECTED, LaunchState.ABORTED, LaunchState.ROLLED_BACK)) {
            assertThat(end.isEnd()).isTrue();
            assertThat(end.next()).isEmpty();
        }
        // Traffic only moves forward through SHIFTING and FINALIZING, or back all at once.
        assertThat(LaunchState.SHIFTING.canMoveTo(LaunchState.PREPARING)).isFalse();
        assertThat(LaunchState.FINALIZING.next()).containsExactlyInAnyOrder(LaunchState.DONE, LaunchState.ROLLED_BACK);
    }

    @Test
    void aCannotFitEstimateIsNotApprovableAndNeedsApprovalAsksThePoolOwners() {
        Launches launches = launches();
        launches.submit(request(registry, "big", "ig_feed_mtml_lsr_v3", "v4", 500), estimate("CANNOT_FIT", 500), 500);
        assertThatThrownBy(() -> launches.approve("big", "feed-ranking-lead"))
                .isInstanceOf(ModelfleetException.class)
                .hasMessageContaining("CANNOT_FIT");
        launches.abort("big", "omar@example.com", "too big");

        String tier2 = registry.models().stream()
                .filter(m -> m.tier().name().equals("TIER2") && m.owner().team().equals("feed_ranking"))
                .findFirst()
                .orElseThrow()
                .id();
        launches.submit(request(registry, "borrow", tier2, "v9", 4), estimate("NEEDS_APPROVAL", 4), 4);
        Launches.ApprovalOutcome team = launches.approve("borrow", "feed-ranking-lead");
        assertThat(team.missing()).extracting(Launches.Requirement::role).containsExactly(ApprovalRole.POOL);
        // The pool belongs to the same team: its other approver signs for the pool.
        assertThat(launches.approve("borrow", "feed-ranking-tl").launch().state())
                .isEqualTo(LaunchState.APPROVED);
    }

    @Test
    void approvalsExpire() {
        Launches launches = launches();
        launches.submit(request(registry, "lsr_v4", TIER0_MODEL, "v4", 12), estimate("FITS", 12), 12);
        launches.approve("lsr_v4", "feed-ranking-lead");
        clock.advance(Duration.ofHours(73));
        // The team's approval has lapsed: the platform's alone does not complete the set.
        Launches.ApprovalOutcome platform = launches.approve("lsr_v4", "ml-platform-lead");
        assertThat(platform.launch().state()).isEqualTo(LaunchState.ESTIMATED);
        assertThat(platform.missing()).extracting(Launches.Requirement::role).containsExactly(ApprovalRole.TEAM);
    }

    @Test
    void anApprovedLaunchThatWaitsForItsPoolLongerThanItsApprovalNeedsApprovingAgain() {
        Launches launches = launches();
        // 60 replicas of 16 cpu: far more than the 512 cpu feed_ranking_prod has free.
        launches.submit(request(registry, "lsr_v4", TIER0_MODEL, "v4", 60), estimate("FITS", 60), 60);
        launches.approve("lsr_v4", "feed-ranking-lead");
        launches.approve("lsr_v4", "ml-platform-lead");
        Launches.Step waiting = tick(launches).get(0);
        assertThat(waiting.to()).isEqualTo(LaunchState.APPROVED);
        assertThat(waiting.what()).contains("needs 960 cpu", "free 512 cpu");
        clock.advance(Duration.ofHours(73));
        assertThat(tick(launches).get(0).to()).isEqualTo(LaunchState.ESTIMATED);
        assertThat(launches.view("lsr_v4").approvals())
                .allSatisfy(r -> assertThat(r.approvedBy()).isEmpty());
    }

    @Test
    void aFrozenTeamWaitsUnlessThePlatformApprovedAnExemption() {
        FreezePolicy.Freeze spent = new FreezePolicy.Freeze("ig_feed_mtml_esr_v3", "TIER1", "2026-11-29", -0.4);
        boolean[] budgetSpent = {true};
        Launches launches = launches(
                (team, now) -> team.equals("feed_ranking") && budgetSpent[0] ? Optional.of(spent) : Optional.empty(),
                new SimulatedFleet.Settings(20, 0, Duration.ofMinutes(2), 3, Duration.ofMinutes(30)));
        launches.submit(request(registry, "lsr_v4", TIER0_MODEL, "v4", 12), estimate("FITS", 12), 12);
        launches.approve("lsr_v4", "feed-ranking-lead");
        LaunchRecord frozen = launches.approve("lsr_v4", "ml-platform-lead").launch();
        assertThat(frozen.state()).isEqualTo(LaunchState.FROZEN);
        assertThat(frozen.waitingFor()).contains("ig_feed_mtml_esr_v3 (TIER1) has spent its 28-day error budget");
        assertThat(tick(launches).get(0).to()).isEqualTo(LaunchState.FROZEN);
        budgetSpent[0] = false;
        assertThat(tick(launches).get(0).to()).isEqualTo(LaunchState.APPROVED);

        // An exemption counts only when the platform approved it.
        budgetSpent[0] = true;
        String tier2 = registry.models().stream()
                .filter(m -> m.tier().name().equals("TIER2") && m.owner().team().equals("feed_ranking"))
                .map(Model::id)
                .toList()
                .get(0);
        String tier3 = registry.models().stream()
                .filter(m -> m.tier().name().equals("TIER3") && m.owner().team().equals("feed_ranking"))
                .map(Model::id)
                .toList()
                .get(0);
        launches.submit(
                LaunchFixtures.withExemption(request(registry, "self_approved", tier2, "v9", 1), "feed-ranking-lead"),
                estimate("FITS", 1),
                1);
        launches.submit(
                LaunchFixtures.withExemption(request(registry, "exempt", tier3, "v9", 1), "ml-platform-sre"),
                estimate("FITS", 1),
                1);
        assertThat(launches.approve("self_approved", "feed-ranking-tl").launch().state())
                .isEqualTo(LaunchState.FROZEN);
        LaunchRecord exempt = launches.approve("exempt", "feed-ranking-tl").launch();
        assertThat(exempt.state()).isEqualTo(LaunchState.APPROVED);
        assertThat(launches.view("exempt").events().get(2).reason())
                .contains("launch freeze lifted by exemption: quality-fix approved by ml-platform-sre");
    }

    @Test
    void aDeploymentThatCannotBecomeReadyFailsTheLaunchAndFreesItsPool() {
        Launches launches = launches(
                FreezePolicy.NONE,
                new SimulatedFleet.Settings(20, 1.0, Duration.ofMinutes(2), 3, Duration.ofMinutes(30)));
        launches.submit(request(registry, "lsr_v4", TIER0_MODEL, "v4", 12), estimate("FITS", 12), 12);
        launches.approve("lsr_v4", "feed-ranking-lead");
        launches.approve("lsr_v4", "ml-platform-lead");
        tick(launches);
        clock.advance(Duration.ofMinutes(29));
        assertThat(tick(launches).get(0).what()).contains("0 of 12 ready");
        clock.advance(Duration.ofMinutes(1));
        Launches.Step failed = tick(launches).get(0);
        assertThat(failed.to()).isEqualTo(LaunchState.ABORTED);
        // Every replica tried three times: 36 failed starts.
        assertThat(failed.what()).contains("0 of 12 replicas ready, 36 failed starts");
        assertThat(launches.view("lsr_v4").reservation()).isEmpty();
        assertThat(launches.pools().stream().map(Launches.PoolUse::reserved).toList())
                .allMatch(Resources.ZERO::equals);
    }

    @Test
    void rollbackPutsAllTrafficBackOnProductionAndReleasesThePool() {
        Launches launches = launches();
        launches.submit(request(registry, "lsr_v4", TIER0_MODEL, "v4", 12), estimate("FITS", 12), 12);
        launches.approve("lsr_v4", "feed-ranking-lead");
        launches.approve("lsr_v4", "ml-platform-lead");
        tick(launches);
        clock.advance(Duration.ofMinutes(5));
        tick(launches);
        assertThat(launches.view("lsr_v4").launch().state()).isEqualTo(LaunchState.SHIFTING);
        assertThatThrownBy(() -> launches.rollback("lsr_v4", "reels-ranking-lead", "saw a drop"))
                .isInstanceOf(ModelfleetException.class)
                .hasMessageContaining("not one of the people who may");
        LaunchRecord back = launches.rollback("lsr_v4", "omar@example.com", "click-through dropped in the 1% cohort");
        assertThat(back.state()).isEqualTo(LaunchState.ROLLED_BACK);
        Launches.View view = launches.view("lsr_v4");
        assertThat(view.reservation()).isEmpty();
        assertThat(view.deployments())
                .extracting(ServingFleet.Deployment::version, ServingFleet.Deployment::percent)
                .containsExactly(tuple("v3", 100.0), tuple("v4", 0.0));
        assertThat(view.events().get(view.events().size() - 1).actor()).isEqualTo("omar@example.com");
        assertChained(view.events());
    }

    @Test
    void approversAreRecordedAsTheRegistrySpellsThemAndLookalikeNamesAreRefused() {
        Launches launches = launches();
        launches.submit(request(registry, "lsr_v4", TIER0_MODEL, "v4", 12), estimate("FITS", 12), 12);
        assertThatThrownBy(() -> launches.approve("lsr_v4", "ml-platform-\u017Fre"))
                .isInstanceOf(ModelfleetException.class)
                .hasMessageContaining("not one of the people who may");
        assertThatThrownBy(() -> launches.approve("lsr_v4", "@@feed-ranking-lead"))
                .isInstanceOf(ModelfleetException.class)
                .hasMessageContaining("not one of the people who may");
        assertThatThrownBy(() -> launches.approve("lsr_v4", "  "))
                .isInstanceOf(ModelfleetException.class)
                .hasMessage("Cannot approve a launch as nobody");
        assertThatThrownBy(() -> launches.approve("lsr_v4", "feed-ranking-lead\nml-platform-lead"))
                .isInstanceOf(ModelfleetException.class)
                .hasMessageContaining("holds control characters");
        launches.approve("lsr_v4", " @FEED-Ranking-Lead ");
        LaunchRecord approved = launches.approve("lsr_v4", "ML-PLATFORM-SRE").launch();
        assertThat(approved.state()).isEqualTo(LaunchState.APPROVED);
        Launches.View view = launches.view("lsr_v4");
        assertThat(view.approvals())
                .extracting(r -> r.approvedBy().orElseThrow())
                .containsExactly("feed-ranking-lead", "ml-platform-sre");
        assertThat(view.events().get(2).actor()).isEqualTo("ml-platform-sre");
        assertThatThrownBy(() -> launches.abort("lsr_v4", "omar@example.com", "x".repeat(2001)))
                .isInstanceOf(ModelfleetException.class)
                .hasMessage("Cannot abort a launch with a reason of 2001 characters");
        assertThat(launches.abort("lsr_v4", "OMAR@example.com", "found a bug").state())
                .isEqualTo(LaunchState.ABORTED);
        assertThat(last(launches.view("lsr_v4")).actor()).isEqualTo("omar@example.com");
    }

    private static LaunchEvent last(Launches.View view) {
        return view.events().get(view.events().size() - 1);
    }

    @Test
    void aNewLaunchIsRefusedWhileTheFleetServesAVersionTheRegistryDoesNotSay() {
        Launches launches = launches();
        launches.submit(request(registry, "lsr_v4", TIER0_MODEL, "v4", 12), estimate("FITS", 12), 12);
        launches.approve("lsr_v4", "feed-ranking-lead");
        launches.approve("lsr_v4", "ml-platform-lead");
        for (int i = 0; i < 40 && !launches.view("lsr_v4").launch().state().isEnd(); i++) {
            clock.advance(Duration.ofMinutes(30));
            launches.tick("controller");
        }
        assertThat(launches.view("lsr_v4").launch().state()).isEqualTo(LaunchState.DONE);
        // The registry (never edited by the workflow) still says v3 while the fleet serves v4.
        assertThatThrownBy(() -> launches.checkSubmittable(request(registry, "lsr_v5", TIER0_MODEL, "v5", 12)))
                .isInstanceOf(ModelfleetException.class)
                .hasMessage("Cannot submit a launch of " + TIER0_MODEL
                        + ": the fleet serves v4, but the registry's entry says v3");
        assertThatThrownBy(() ->
                        launches.submit(request(registry, "lsr_v5", TIER0_MODEL, "v5", 12), estimate("FITS", 12), 12))
                .isInstanceOf(ModelfleetException.class)
                .hasMessageContaining("the fleet serves v4");
    }
}
