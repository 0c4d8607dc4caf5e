package io.modelfleet.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestCodeownersAndSnapshot {
    @TempDir
    Path dir;

    @Test
    void eachTeamOwnsItsModelsAndThePlatformOwnsPolicy() {
        RegistryFixtures.tiny(dir);
        RegistryFixtures.write(
                dir,
                "teams/ads.yaml",
                RegistryFixtures.team("ads", "ads_pool", 10, 10, 0).replace("github_team: \"@acme/ads\"\n", ""));
        Registry registry = RegistryLoader.load(dir, LocalDate.of(2026, 11, 25)).registry();
        List<String> lines = Codeowners.lines(registry, "fleet/registry/");
        assertThat(lines)
                .contains(
                        "/fleet/registry/ @acme/ml-platform",
                        "/fleet/registry/tiers.yaml @acme/ml-platform",
                        "/fleet/registry/models/feed/ @acme/feed",
                        "/fleet/registry/teams/feed.yaml @acme/feed @acme/ml-platform",
                        // without a GitHub team, the approvers own the folder
                        "/fleet/registry/models/ads/ @lead-ads");
        // GitHub applies the last matching pattern: the catch-all must come before the team lines
        assertThat(lines.indexOf("/fleet/registry/ @acme/ml-platform"))
                .isLessThan(lines.indexOf("/fleet/registry/models/feed/ @acme/feed"));
        assertThat(Codeowners.lines(registry, "")).contains("/models/feed/ @acme/feed");
    }

    @Test
    void snapshotHoldsEveryModelWithItsEffectiveSloAndThePoolUsage() throws Exception {
        RegistryFixtures.tiny(dir);
        RegistryFixtures.write(
                dir,
                "models/feed/feed_a.yaml",
                RegistryFixtures.model("feed_a", "feed", "feed_pool", "TIER1", 3, 7, "slo:\n  objective: 0.999\n"));
        Registry registry = RegistryLoader.load(dir, LocalDate.of(2026, 11, 25)).registry();
        Path out = dir.resolve("out/snapshot.json");
        RegistrySnapshot.compile(registry, out);
        JsonNode json = new ObjectMapper().readTree(out.toFile());
        assertThat(json.path("format_version").asInt()).isEqualTo(1);
        assertThat(json.path("content_hash").asText())
                .isEqualTo(registry.contentHash())
                .hasSize(64);
        assertThat(json.path("git_commit").isNull()).isTrue();
        JsonNode model = json.path("models").get(0);
        assertThat(model.path("id").asText()).isEqualTo("feed_a");
        assertThat(model.path("file").asText()).isEqualTo("models/feed/feed_a.yaml");
        assertThat(model.path("effective_slo").path("objective").asDouble()).isEqualTo(0.999);
        assertThat(model.path("effective_slo").path("calibration_min").asDouble())
                .isEqualTo(0.85);
        JsonNode pool = json.path("teams").get(0).path("pools").get(0);
        assertThat(pool.path("used_cpu").asDouble()).isEqualTo(21.0);
        assertThat(pool.path("used_memory_gb").asDouble()).isEqualTo(12.0);
        assertThat(dir.resolve("out").toFile().list()).containsExactly("snapshot.json");
    }
}
