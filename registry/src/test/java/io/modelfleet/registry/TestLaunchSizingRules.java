package io.modelfleet.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.modelfleet.core.ModelfleetException;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry's rules both launch estimates size by (the full one with Spark and the plan's from a
 * traffic profile): which models form the funnel ({@link LaunchFunnel}) and whether the increase
 * fits the pool ({@link PoolFit}).
 */
class TestLaunchSizingRules {
    @TempDir
    Path root;

    Registry registry;

    /**
     * Team feed: pool feed_pool (100 cores, 1,000 GiB, no GPU) holding lsr_a (10 × 4 cores, 4 GiB)
     * and esr_small, esr_big, esr_wide; pool feed_spare (50 cores, 200 GiB) holding nothing.
     */
    @BeforeEach
    void registry() {
        RegistryFixtures.write(root, "tiers.yaml", RegistryFixtures.TIERS);
        RegistryFixtures.write(
                root,
                "teams/feed.yaml",
                RegistryFixtures.team("feed", "feed_pool", 100, 1000, 0)
                        + "  - id: feed_spare\n    quota: {cpu: 50, memory_gb: 200, gpus: 0}\n");
        RegistryFixtures.write(
                root,
                "models/feed/lsr_a.yaml",
                RegistryFixtures.model("lsr_a", "feed", "feed_pool", "TIER2", 10, 4, ""));
        esr("esr_small", 2, 16);
        esr("esr_big", 3, 16);
        esr("esr_wide", 5, 200);
        ValidationReport report = RegistryLoader.load(root, LocalDate.of(2026, 11, 25));
        assertThat(report.diagnostics()).isEmpty();
        registry = report.registry();
    }

    /** An ESR model of {@code replicas} × 1 core reading {@code width} features per pair. */
    private void esr(String id, int replicas, int width) {
        RegistryFixtures.write(
                root,
                "models/feed/" + id + ".yaml",
                RegistryFixtures.model(id, "feed", "feed_pool", "TIER2", replicas, 1, "")
                        .replace("funnel_stage: lsr", "funnel_stage: esr")
                        .replace("input_width: 16", "input_width: " + width));
    }

    @Test
    void theFunnelIsTheLaunchingModelAndTheBiggestActiveModelTheTrafficCanFeed() {
        Model lsr = registry.model("lsr_a").orElseThrow();
        LaunchFunnel funnel = LaunchFunnel.of(registry, lsr, lsr, 128);
        // esr_wide has the most replicas but reads 200 features; the traffic carries 128.
        assertThat(funnel.stages())
                .extracting(s -> s.stage(), s -> s.production().id())
                .containsExactly(tuple(FunnelStage.ESR, "esr_big"), tuple(FunnelStage.LSR, "lsr_a"));
        assertThat(funnel.changed()).isEqualTo(1);
        assertThat(LaunchFunnel.of(registry, lsr, lsr, 256)
                        .stages()
                        .get(0)
                        .production()
                        .id())
                .isEqualTo("esr_wide");
        // Entries that leave them out get the stage's defaults.
        assertThat(LaunchFunnel.objectiveMs(lsr)).isEqualTo(100);
        assertThat(LaunchFunnel.keepTop(lsr)).isEqualTo(50);
        assertThat(LaunchFunnel.keepTop(registry.model("esr_big").orElseThrow()))
                .isEqualTo(500);
    }

    @Test
    void anIncreaseWithinTheFreeQuotaFits() {
        // feed_pool holds 10 × 4 + 2 + 3 + 5 = 50 cores and 20 × 4 = 80 GiB: 50 cores, 920 GiB free.
        PoolFit fit = PoolFit.check(registry, "feed_pool", "feed", 50, 920, 0);
        assertThat(fit.verdict()).isEqualTo(PoolFit.Verdict.FITS);
        assertThat(fit.cpuFree()).isEqualTo(50);
        assertThat(fit.memoryGbFree()).isEqualTo(920);
        assertThat(fit.reason())
                .isEqualTo("the increase fits in feed_pool's unused quota (50 cores, 920 GiB, 0 GPU(s) free)");
        assertThat(PoolFit.check(registry, "feed_pool", "feed", -10, -40, 0).verdict())
                .isEqualTo(PoolFit.Verdict.FITS);
    }

    @Test
    void aShortfallTheTeamsOtherPoolsCoverNeedsAPoolOwner() {
        PoolFit fit = PoolFit.check(registry, "feed_pool", "feed", 100, 0, 0);
        assertThat(fit.verdict()).isEqualTo(PoolFit.Verdict.NEEDS_APPROVAL);
        assertThat(fit.reason())
                .isEqualTo("feed_pool is short by 50 cores, 0 GiB, 0 GPU(s); feed's other pools have the room:"
                        + " a pool owner (lead-feed) must approve moving quota");
        assertThat(fit.approvers()).containsExactly("lead-feed");
    }

    @Test
    void aShortfallBeyondAllTheTeamsPoolsCannotFit() {
        // 101 cores: 51 short, feed_spare has 50.
        assertThat(PoolFit.check(registry, "feed_pool", "feed", 101, 0, 0).verdict())
                .isEqualTo(PoolFit.Verdict.CANNOT_FIT);
        PoolFit gpu = PoolFit.check(registry, "feed_pool", "feed", 0, 0, 1);
        assertThat(gpu.verdict()).isEqualTo(PoolFit.Verdict.CANNOT_FIT);
        assertThat(gpu.reason())
                .isEqualTo("feed_pool is short by 0 cores, 0 GiB, 1 GPU(s), more than all of feed's pools have free:"
                        + " ask the ML platform team for quota, or make the model cheaper");
    }

    @Test
    void anUnknownPoolIsAUserError() {
        assertThatThrownBy(() -> PoolFit.check(registry, "nowhere", "feed", 1, 0, 0))
                .isInstanceOf(ModelfleetException.class)
                .hasMessageContaining("nowhere");
    }
}
