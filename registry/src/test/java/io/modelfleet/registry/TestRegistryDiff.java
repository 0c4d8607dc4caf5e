package io.modelfleet.registry;

import static io.modelfleet.registry.RegistryFixtures.copyExample;
import static io.modelfleet.registry.RegistryFixtures.read;
import static io.modelfleet.registry.RegistryFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelfleet.core.ModelfleetException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestRegistryDiff {
    private static final String MODEL = "models/search_ranking/ig_search_mtml_esr_v3.yaml";

    @TempDir
    Path repo;

    Path registry;

    @BeforeEach
    void commitSampleRegistry() throws Exception {
        registry = repo.resolve("registry");
        copyExample(registry);
        git("init", "-q", "-b", "main");
        git("add", "-A");
        git("commit", "-q", "-m", "base");
    }

    private void git(String... args) throws IOException, InterruptedException {
        List<String> command =
                new ArrayList<>(List.of("git", "-C", repo.toString(), "-c", "user.name=t", "-c", "user.email=t@x.io"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor())
                .as("git %s: %s", String.join(" ", args), output)
                .isZero();
    }

    @Test
    void tierRaiseAndOwnerChangeBothNeedASecondLook() throws Exception {
        // Move a TIER2 model to TIER0 and hand it to another team: path, pool and on-call move too.
        String before = read(registry, MODEL);
        assertThat(before).contains("tier: TIER2");
        String after = before.replace("tier: TIER2", "tier: TIER0")
                .replace("team: search_ranking", "team: explore_ranking")
                .replace("pool: search_ranking_shared", "pool: explore_ranking_prod")
                .replace("replicas: ", "replicas: 2\n  # was: ");
        Files.delete(registry.resolve(MODEL));
        write(registry, "models/explore_ranking/ig_search_mtml_esr_v3.yaml", after);
        git("commit", "-q", "-am", "move");

        RegistryDiff.Result result = RegistryDiff.againstGitRef(registry, "HEAD~1");
        assertThat(result.added()).isEmpty();
        assertThat(result.removed()).isEmpty();
        assertThat(result.changed()).extracting(RegistryDiff.ModelChange::id).containsExactly("ig_search_mtml_esr_v3");
        assertThat(result.changed().get(0).fields())
                .extracting(RegistryDiff.FieldChange::field)
                .contains("(file)", "tier", "owner.team", "pool", "serving.replicas");
        assertThat(result.secondLook()).extracting(RegistryDiff.Flag::kind).contains("tier", "owner", "pool");
        RegistryDiff.Flag tier = result.secondLook().stream()
                .filter(f -> f.kind().equals("tier"))
                .findFirst()
                .orElseThrow();
        assertThat(tier.reason()).startsWith("TIER2 → TIER0 (raised, more critical");
        assertThat(result.secondLook())
                .filteredOn(f -> f.kind().equals("owner"))
                .extracting(RegistryDiff.Flag::reason)
                .containsExactly("owning team search_ranking → explore_ranking (both teams should approve)");
        assertThat(result.secondLook())
                .filteredOn(f -> f.kind().equals("pool"))
                .extracting(RegistryDiff.Flag::reason)
                .containsExactly("search_ranking_shared → explore_ranking_prod (capacity moves from search_ranking's"
                        + " pool to explore_ranking's: both teams should approve)");
    }

    @Test
    void aLoweredTierSaysSo() {
        write(registry, MODEL, read(registry, MODEL).replace("tier: TIER2", "tier: TIER3"));
        assertThat(RegistryDiff.againstGitRef(registry, "HEAD").secondLook())
                .filteredOn(f -> f.kind().equals("tier"))
                .extracting(RegistryDiff.Flag::reason)
                .containsExactly(
                        "TIER2 → TIER3 (lowered, less critical: looser SLO and fewer guarantees for its consumers)");
    }

    @Test
    void uncommittedChangesAreComparedToo() {
        write(
                registry,
                "models/feed_ranking/ig_feed_new_lsr_v1.yaml",
                RegistryFixtures.model("ig_feed_new_lsr_v1", "feed_ranking", "feed_ranking_shared", "TIER3", 1, 1, ""));
        RegistryDiff.Result result = RegistryDiff.againstGitRef(registry, "HEAD");
        assertThat(result.added()).extracting(Model::id).containsExactly("ig_feed_new_lsr_v1");
        assertThat(result.removed()).isEmpty();
        assertThat(result.changed()).isEmpty();
    }

    @Test
    void loosenedSloAndRemovedCriticalModelAreFlagged() throws IOException {
        String loose = "models/feed_ranking/ig_feed_mtml_lsr_v3.yaml";
        write(registry, loose, read(registry, loose).replace("calibration_max: 1.05", "calibration_max: 1.09"));
        Files.delete(registry.resolve("models/stories_ranking/ig_stories_tray_mtml_esr_v3.yaml"));
        RegistryDiff.Result result = RegistryDiff.againstGitRef(registry, "HEAD");
        assertThat(result.secondLook())
                .extracting(RegistryDiff.Flag::subject, RegistryDiff.Flag::kind)
                .contains(
                        Tuple.tuple("ig_feed_mtml_lsr_v3", "slo-loosened"),
                        Tuple.tuple("ig_stories_tray_mtml_esr_v3", "removed"));
    }

    @Test
    void tightenedSloNeedsNoSecondLook() {
        String model = "models/feed_ranking/ig_feed_mtml_lsr_v3.yaml";
        write(registry, model, read(registry, model).replace("calibration_max: 1.05", "calibration_max: 1.04"));
        RegistryDiff.Result result = RegistryDiff.againstGitRef(registry, "HEAD");
        assertThat(result.changed()).hasSize(1);
        assertThat(result.secondLook()).isEmpty();
    }

    @Test
    void loosenedTierDefaultsAreFlagged() {
        write(registry, "tiers.yaml", read(registry, "tiers.yaml").replace("objective: 0.995", "objective: 0.99"));
        assertThat(RegistryDiff.againstGitRef(registry, "HEAD").secondLook())
                .extracting(RegistryDiff.Flag::subject)
                .contains("tiers.yaml");
    }

    @Test
    void unknownRefIsAUserError() {
        assertThatThrownBy(() -> RegistryDiff.againstGitRef(registry, "no-such-branch"))
                .isInstanceOf(ModelfleetException.class)
                .hasMessageStartingWith("git rev-parse --verify --quiet no-such-branch^{commit} failed");
    }

    @Test
    void fieldChangesAreComputedLeafByLeaf() throws Exception {
        var mapper = new ObjectMapper();
        var a = mapper.readTree("{\"a\":1,\"b\":{\"c\":\"x\",\"d\":[1,2]},\"gone\":true}");
        var b = mapper.readTree("{\"a\":1,\"b\":{\"c\":\"y\",\"d\":[1,2,3]},\"new\":null}");
        assertThat(RegistryDiff.fieldChanges(a, b))
                .extracting(
                        RegistryDiff.FieldChange::field,
                        RegistryDiff.FieldChange::before,
                        RegistryDiff.FieldChange::after)
                .containsExactly(
                        tuple("b.c", Optional.of("x"), Optional.of("y")),
                        tuple("b.d", Optional.of("[1,2]"), Optional.of("[1,2,3]")),
                        tuple("gone", Optional.of("true"), Optional.empty()),
                        tuple("new", Optional.empty(), Optional.of("null")));
        // The YAML values ride along, so a number stays a number for JSON output.
        assertThat(RegistryDiff.fieldChanges(mapper.readTree("{\"r\":48}"), mapper.readTree("{\"r\":60}")))
                .singleElement()
                .satisfies(f -> {
                    assertThat(f.beforeValue().orElseThrow().isIntegralNumber()).isTrue();
                    assertThat(f.afterValue().orElseThrow().asInt()).isEqualTo(60);
                });
    }
}
