package io.modelfleet.registry;

import static io.modelfleet.registry.RegistryFixtures.copyExample;
import static io.modelfleet.registry.RegistryFixtures.read;
import static io.modelfleet.registry.RegistryFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Capacity of the plan, between two copies of the sample fleet; the amounts are worked out from the YAML by hand. */
class TestRegistryPlan {
    private static final String SEARCH_ESR = "models/search_ranking/ig_search_mtml_esr_v3.yaml";

    @TempDir
    Path temp;

    Path base;
    Path head;

    @BeforeEach
    void copyTheSampleTwice() {
        base = copyExample(temp.resolve("base"));
        head = copyExample(temp.resolve("head"));
    }

    private RegistryPlan plan() {
        return RegistryPlan.of(RegistryLoader.load(base).registry(), RegistryLoader.load(head));
    }

    @Test
    void aModelMovingToAnotherTeamsPoolLeavesOneAndJoinsTheOther() throws Exception {
        String esr = read(head, SEARCH_ESR);
        assertThat(esr).contains("pool: search_ranking_shared", "replicas: 35", "resources: {cpu: 4, memory_gb: 16}");
        Files.delete(head.resolve(SEARCH_ESR));
        write(
                head,
                "models/explore_ranking/ig_search_mtml_esr_v3.yaml",
                esr.replace("team: search_ranking", "team: explore_ranking")
                        .replace("pool: search_ranking_shared", "pool: explore_ranking_prod"));

        RegistryPlan plan = plan();
        assertThat(plan.head().isValid())
                .as(plan.head().diagnostics().toString())
                .isTrue();
        assertThat(plan.pools())
                .extracting(RegistryPlan.PoolCapacity::pool)
                .containsExactly("explore_ranking_prod", "search_ranking_shared");
        // 35 replicas × 4 cores = 140 cores, × 16 GiB = 560 GiB, no GPUs
        RegistryPlan.PoolCapacity joined = plan.pools().get(0);
        assertThat(joined.after().cpu() - joined.before().cpu()).isEqualTo(140);
        assertThat(joined.after().memoryGb() - joined.before().memoryGb()).isEqualTo(560);
        assertThat(joined.after().gpus()).isEqualTo(joined.before().gpus());
        assertThat(joined.team()).hasValue("explore_ranking");
        assertThat(joined.quotaAfter()).hasValue(new Resources(3100, 12300, 192));
        assertThat(joined.models())
                .containsExactly(new RegistryPlan.ModelCapacity(
                        "ig_search_mtml_esr_v3",
                        OptionalLong.empty(),
                        OptionalLong.of(35),
                        Resources.ZERO,
                        new Resources(140, 560, 0)));
        RegistryPlan.PoolCapacity left = plan.pools().get(1);
        assertThat(left.before().cpu() - left.after().cpu()).isEqualTo(140);
        assertThat(left.before().memoryGb() - left.after().memoryGb()).isEqualTo(560);
        assertThat(left.models())
                .containsExactly(new RegistryPlan.ModelCapacity(
                        "ig_search_mtml_esr_v3",
                        OptionalLong.of(35),
                        OptionalLong.empty(),
                        new Resources(140, 560, 0),
                        Resources.ZERO));
        assertThat(plan.diff().secondLook()).extracting(RegistryDiff.Flag::kind).contains("owner", "pool");
    }

    @Test
    void deprecatingAModelFreesWhatItHeldAndAQuotaChangeAloneIsShown() {
        String esr = read(head, SEARCH_ESR);
        write(head, SEARCH_ESR, esr.replace("lifecycle: active", "lifecycle: deprecated"));
        String team = read(head, "teams/explore_ranking.yaml");
        write(
                head,
                "teams/explore_ranking.yaml",
                team.replace(
                        "quota: {cpu: 3100, memory_gb: 12300, gpus: 192}",
                        "quota: {cpu: 3200, memory_gb: 12300, gpus: 192}"));

        List<RegistryPlan.PoolCapacity> pools = plan().pools();
        assertThat(pools)
                .extracting(RegistryPlan.PoolCapacity::pool)
                .containsExactly("explore_ranking_prod", "search_ranking_shared");
        RegistryPlan.PoolCapacity quotaOnly = pools.get(0);
        assertThat(quotaOnly.after()).isEqualTo(quotaOnly.before());
        assertThat(quotaOnly.quotaBefore()).hasValue(new Resources(3100, 12300, 192));
        assertThat(quotaOnly.quotaAfter()).hasValue(new Resources(3200, 12300, 192));
        assertThat(quotaOnly.models()).isEmpty();
        RegistryPlan.ModelCapacity deprecated = pools.get(1).models().get(0);
        assertThat(deprecated.replicasBefore())
                .isEqualTo(deprecated.replicasAfter())
                .hasValue(35);
        assertThat(deprecated.before()).isEqualTo(new Resources(140, 560, 0));
        assertThat(deprecated.after()).isEqualTo(Resources.ZERO);
    }

    @Test
    void aPoolOverItsQuotaIsOverQuota() {
        RegistryPlan.PoolCapacity pool = new RegistryPlan.PoolCapacity(
                "p",
                Optional.of("t"),
                new Resources(10, 10, 0),
                new Resources(10, 10, 1),
                Optional.of(new Resources(10, 10, 0)),
                Optional.of(new Resources(10, 10, 0)),
                List.of());
        assertThat(pool.overQuota()).as("one GPU over a quota of none").isTrue();
        RegistryPlan.PoolCapacity atQuota = new RegistryPlan.PoolCapacity(
                "p",
                Optional.of("t"),
                Resources.ZERO,
                new Resources(10, 10, 0),
                Optional.empty(),
                Optional.of(new Resources(10, 10, 0)),
                List.of());
        assertThat(atQuota.overQuota()).as("exactly the quota").isFalse();
    }
}
