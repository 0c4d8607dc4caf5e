package io.modelfleet.registry;

import static io.modelfleet.registry.RegistryFixtures.copyExample;
import static io.modelfleet.registry.RegistryFixtures.model;
import static io.modelfleet.registry.RegistryFixtures.positionOf;
import static io.modelfleet.registry.RegistryFixtures.read;
import static io.modelfleet.registry.RegistryFixtures.tiny;
import static io.modelfleet.registry.RegistryFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelfleet.core.ModelfleetException;
import io.modelfleet.core.slo.SloPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestRegistryLoader {
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 25);

    @TempDir
    Path dir;

    private static Diagnostic only(ValidationReport report, String rule) {
        List<Diagnostic> matching =
                report.diagnostics().stream().filter(d -> d.rule().equals(rule)).toList();
        assertThat(matching)
                .as("diagnostics with rule %s in %s", rule, report.diagnostics())
                .hasSize(1);
        return matching.get(0);
    }

    private static void assertAt(Diagnostic d, String file, int[] position) {
        assertThat(d.file()).isEqualTo(file);
        assertThat(new int[] {d.line(), d.column()}).as("position of %s", d).containsExactly(position);
    }

    @Test
    void sampleFleetIsValidAndCoversTheWholeFleet() {
        ValidationReport report = RegistryLoader.load(RegistryFixtures.EXAMPLE, TODAY);
        assertThat(report.diagnostics()).isEmpty();
        Registry registry = report.registry();
        assertThat(registry.teams()).hasSizeGreaterThanOrEqualTo(8);
        assertThat(registry.models()).hasSizeGreaterThanOrEqualTo(80);
        assertThat(registry.models().stream().map(Model::tier).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(Tier.values());
        assertThat(registry.models().stream().map(Model::funnelStage).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(FunnelStage.values());
        assertThat(registry.models().stream().map(Model::surface).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(
                        "feed",
                        "stories_tray",
                        "reels",
                        "explore",
                        "notifications",
                        "comments",
                        "tag_suggestions",
                        "search");
        // several versions of one model type
        assertThat(registry.models().stream()
                        .filter(m -> m.type().equals("ig_feed_mtml"))
                        .map(m -> m.serving().version())
                        .distinct())
                .hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void brokenCopyNamesEveryErrorWithFileLineColumnAndRule() throws IOException {
        copyExample(dir);
        // 1. duplicate id: the search team's model id appears again under explore
        String original = "models/search_ranking/ig_search_ctr_sourcing_v2.yaml";
        String duplicate = "models/explore_ranking/ig_search_ctr_sourcing_v2.yaml";
        write(
                dir,
                duplicate,
                read(dir, original)
                        .replace("team: search_ranking", "team: explore_ranking")
                        .replace("pool: search_ranking_", "pool: explore_ranking_")
                        .replace("replicas: ", "replicas: 1\n  # was: "));
        // 2. unknown team
        String ghost = "models/ghost_team/ig_feed_ghost_lsr_v1.yaml";
        write(dir, ghost, model("ig_feed_ghost_lsr_v1", "ghost_team", "feed_ranking_shared", "TIER3", 1, 1, ""));
        // 3. TIER0 without on-call
        String tier0 = "models/stories_ranking/ig_stories_tray_mtml_esr_v3.yaml";
        write(dir, tier0, read(dir, tier0).replace("  oncall: stories-ranking-oncall\n", ""));
        // 4. tier TIER9
        String tier9 = "models/search_ranking/ig_search_ctr_sourcing_v3.yaml";
        write(dir, tier9, read(dir, tier9).replaceFirst("tier: TIER\\d", "tier: TIER9"));
        // 5. loosened SLO without an exception
        String loose = "models/explore_ranking/ig_explore_ctr_sourcing_v3.yaml";
        String looseTier = read(dir, loose)
                .lines()
                .filter(l -> l.startsWith("tier:"))
                .findFirst()
                .orElseThrow();
        write(dir, loose, read(dir, loose) + "slo:\n  calibration_max: 1.9\n");

        ValidationReport report = RegistryLoader.load(dir, TODAY);
        assertThat(report.isValid()).isFalse();

        Diagnostic dup = only(report, "unique-id");
        assertAt(dup, original, positionOf(dir, original, "ig_search_ctr_sourcing_v2"));
        assertThat(dup.message()).isEqualTo("model id 'ig_search_ctr_sourcing_v2' is already used by " + duplicate);

        Diagnostic unknownTeam = only(report, "team-unknown");
        assertAt(unknownTeam, ghost, positionOf(dir, ghost, "ghost_team\n"));
        assertThat(unknownTeam.message()).isEqualTo("owner team 'ghost_team' is not defined");
        assertThat(unknownTeam.hint()).contains("teams/ghost_team.yaml");

        Diagnostic oncall = only(report, "tier-oncall-required");
        assertAt(oncall, tier0, positionOf(dir, tier0, "owner:"));
        assertThat(oncall.message()).isEqualTo("TIER0 model has no on-call rotation");

        Diagnostic tier = only(report, "schema/enum");
        assertAt(tier, tier9, positionOf(dir, tier9, "TIER9"));
        assertThat(tier.message()).isEqualTo("'tier' is 'TIER9', which is not allowed");
        assertThat(tier.hint()).contains("TIER0, TIER1, TIER2, TIER3, TIER4");

        Diagnostic slo = only(report, "slo-loosened");
        assertAt(slo, loose, positionOf(dir, loose, "1.9"));
        assertThat(slo.message())
                .startsWith("calibration_max 1.9 is looser than the "
                        + looseTier.substring(6).strip() + " default ");
        assertThat(slo.hint()).contains("exception:");

        assertThat(report.diagnostics()).hasSize(5);
    }

    @Test
    void sloExceptionAllowsLooseningUntilItExpires() {
        tiny(dir);
        String exception =
                "slo:\n  calibration_max: 1.5\n  exception:\n    reason: Recalibrating after a data outage.\n    expires: \"2026-12-31\"\n";
        write(dir, "models/feed/feed_a.yaml", model("feed_a", "feed", "feed_pool", "TIER2", 1, 1, exception));
        assertThat(RegistryLoader.load(dir, TODAY).diagnostics()).isEmpty();

        ValidationReport expired = RegistryLoader.load(dir, LocalDate.of(2027, 1, 1));
        Diagnostic d = only(expired, "slo-exception-expired");
        assertAt(d, "models/feed/feed_a.yaml", positionOf(dir, "models/feed/feed_a.yaml", "\"2026-12-31\""));
        assertThat(d.message()).isEqualTo("SLO exception expired on 2026-12-31 (today is 2027-01-01)");
    }

    @Test
    void impossibleExpiryDateIsAnError() {
        tiny(dir);
        write(
                dir,
                "models/feed/feed_a.yaml",
                model(
                        "feed_a",
                        "feed",
                        "feed_pool",
                        "TIER2",
                        1,
                        1,
                        "slo:\n  calibration_max: 1.5\n  exception:\n    reason: Recalibrating after a data outage.\n    expires: \"2027-02-30\"\n"));
        assertThat(only(RegistryLoader.load(dir, TODAY), "slo-exception-invalid-date")
                        .message())
                .isEqualTo("'2027-02-30' is not a real date");
    }

    @Test
    void tighteningNeedsNoException() {
        tiny(dir);
        write(
                dir,
                "models/feed/feed_a.yaml",
                model(
                        "feed_a",
                        "feed",
                        "feed_pool",
                        "TIER2",
                        1,
                        1,
                        "slo:\n  calibration_min: 0.9\n  calibration_max: 1.1\n  objective: 0.999\n"));
        ValidationReport report = RegistryLoader.load(dir, TODAY);
        assertThat(report.diagnostics()).isEmpty();
        SloPolicy slo =
                report.registry().effectiveSlo(report.registry().model("feed_a").orElseThrow());
        assertThat(slo).isEqualTo(new SloPolicy(0.9, 1.1, 0.03, 2000, 0.999));
    }

    @Test
    void labelDelayComesFromTheTierUnlessTheModelSetsItsOwn() {
        tiny(dir);
        write(
                dir,
                "tiers.yaml",
                RegistryFixtures.TIERS.replace("objective: 0.98,", "objective: 0.98, label_delay_hours: 2.5,"));
        write(dir, "models/feed/feed_a.yaml", model("feed_a", "feed", "feed_pool", "TIER2", 1, 1, ""));
        write(
                dir,
                "models/feed/feed_b.yaml",
                model(
                        "feed_b",
                        "feed",
                        "feed_pool",
                        "TIER2",
                        1,
                        1,
                        "slo:\n  label_delay_hours: 48\n  exception:\n    reason: conversions come in over two days\n"
                                + "    expires: 2099-01-01\n"));
        write(
                dir,
                "models/feed/feed_c.yaml",
                model("feed_c", "feed", "feed_pool", "TIER2", 1, 1, "slo:\n  label_delay_hours: 1\n"));
        ValidationReport report = RegistryLoader.load(dir, TODAY);
        assertThat(report.diagnostics()).isEmpty();
        Registry registry = report.registry();
        assertThat(registry.effectiveSlo(registry.model("feed_c").orElseThrow()).labelDelay())
                .isEqualTo(Duration.ofHours(1));
        assertThat(registry.effectiveSlo(registry.model("feed_a").orElseThrow()).labelDelay())
                .isEqualTo(Duration.ofMinutes(150));
        assertThat(registry.effectiveSlo(registry.model("feed_b").orElseThrow()).labelDelay())
                .isEqualTo(Duration.ofHours(48));
    }

    @Test
    void aLongerLabelDelayThanTheTiersIsALooseningThatNeedsAnException() {
        tiny(dir);
        write(
                dir,
                "models/feed/feed_a.yaml",
                model("feed_a", "feed", "feed_pool", "TIER2", 1, 1, "slo:\n  label_delay_hours: 720\n"));
        ValidationReport report = RegistryLoader.load(dir, TODAY);
        assertThat(report.diagnostics())
                .singleElement()
                .satisfies(d -> assertThat(d.toString())
                        .contains("slo-loosened")
                        .contains("label_delay_hours 720 is looser than the TIER2 default 0"));
    }

    @Test
    void emptyCalibrationBandIsAnError() {
        tiny(dir);
        write(
                dir,
                "models/feed/feed_a.yaml",
                model(
                        "feed_a",
                        "feed",
                        "feed_pool",
                        "TIER2",
                        1,
                        1,
                        "slo:\n  calibration_min: 0.95\n  calibration_max: 0.9\n"));
        assertThat(only(RegistryLoader.load(dir, TODAY), "slo-invalid-band").message())
                .isEqualTo("calibration band [0.95, 0.9] is empty");
    }

    @Test
    void oversubscribedPoolNamesTheQuotaAndTheUsage() {
        tiny(dir);
        // 6 x 10 cpu + 5 x 9 cpu = 105 cpu against a quota of 100; memory 11 x 4 = 44 fits.
        write(dir, "models/feed/feed_a.yaml", model("feed_a", "feed", "feed_pool", "TIER2", 6, 10, ""));
        write(dir, "models/feed/feed_b.yaml", model("feed_b", "feed", "feed_pool", "TIER2", 5, 9, ""));
        ValidationReport report = RegistryLoader.load(dir, TODAY);
        Diagnostic d = only(report, "pool-oversubscribed");
        assertAt(d, "teams/feed.yaml", positionOf(dir, "teams/feed.yaml", "quota"));
        assertThat(d.message()).isEqualTo("pool 'feed_pool' is oversubscribed: cpu 105 > 100 by 2 models");
        assertThat(d.hint()).contains("feed_a (6 x 10 cpu)");
    }

    @Test
    void deprecatedModelsDoNotCountAgainstTheirPool() {
        tiny(dir);
        write(dir, "models/feed/feed_a.yaml", model("feed_a", "feed", "feed_pool", "TIER2", 6, 10, ""));
        write(
                dir,
                "models/feed/feed_b.yaml",
                model("feed_b", "feed", "feed_pool", "TIER2", 5, 9, "")
                        .replace("lifecycle: active", "lifecycle: deprecated"));
        assertThat(RegistryLoader.load(dir, TODAY).diagnostics()).isEmpty();
    }

    /** Fixture model whose artifact is {@code artifact}, with {@code serving:} lines inserted before replicas. */
    private static String servingModel(String id, String artifact, String lifecycle, String servingExtra) {
        return model(id, "feed", "feed_pool", "TIER3", 1, 1, "")
                .replace("artifact: s3://models/" + id + "/v1", "artifact: " + artifact)
                .replace("lifecycle: active", "lifecycle: " + lifecycle)
                .replace("  replicas:", servingExtra + "  replicas:");
    }

    @Test
    void artifactServedByTwoModelsIsAnErrorAtEachOfThem() {
        tiny(dir);
        String shared = "s3://models/acme_feed_mtml/v1/model.pt";
        write(dir, "models/feed/feed_a.yaml", servingModel("feed_a", shared, "active", ""));
        write(dir, "models/feed/feed_b.yaml", servingModel("feed_b", shared, "active", ""));
        ValidationReport report = RegistryLoader.load(dir, TODAY);

        assertThat(report.isValid()).isFalse();
        assertThat(report.diagnostics())
                .extracting(Diagnostic::file, Diagnostic::line, Diagnostic::column, Diagnostic::rule)
                // line 17, column 13: the value of '  artifact: ' in the fixture entry
                .containsExactly(
                        Tuple.tuple("models/feed/feed_a.yaml", 17, 13, "artifact-shared"),
                        Tuple.tuple("models/feed/feed_b.yaml", 17, 13, "artifact-shared"));
        Diagnostic a = report.diagnostics().get(0);
        Diagnostic b = report.diagnostics().get(1);
        assertAt(a, "models/feed/feed_a.yaml", positionOf(dir, "models/feed/feed_a.yaml", shared));
        assertAt(b, "models/feed/feed_b.yaml", positionOf(dir, "models/feed/feed_b.yaml", shared));
        assertThat(a.severity()).isEqualTo(Diagnostic.Severity.ERROR);
        assertThat(a.message())
                .isEqualTo("serving.artifact '" + shared + "' is also served by 'feed_b' (models/feed/feed_b.yaml)");
        assertThat(b.message())
                .isEqualTo("serving.artifact '" + shared + "' is also served by 'feed_a' (models/feed/feed_a.yaml)");
        assertThat(a.hint()).contains("own artifact").contains("artifact_shared_with: [feed_b]");
        assertThat(b.hint()).contains("artifact_shared_with: [feed_a]");
    }

    @Test
    void threeModelsOnOneArtifactNameEachOther() {
        tiny(dir);
        String shared = "s3://models/acme_feed_mtml/v1/model.pt";
        for (String id : List.of("feed_a", "feed_b", "feed_c")) {
            write(dir, "models/feed/" + id + ".yaml", servingModel(id, shared, "active", ""));
        }
        ValidationReport report = RegistryLoader.load(dir, TODAY);
        assertThat(report.diagnostics()).extracting(Diagnostic::rule).containsOnly("artifact-shared");
        assertThat(report.diagnostics())
                .extracting(Diagnostic::file)
                .containsExactly("models/feed/feed_a.yaml", "models/feed/feed_b.yaml", "models/feed/feed_c.yaml");
        assertThat(report.diagnostics().get(1).message())
                .isEqualTo("serving.artifact '" + shared + "' is also served by 'feed_a' (models/feed/feed_a.yaml), "
                        + "'feed_c' (models/feed/feed_c.yaml)");
        assertThat(report.diagnostics().get(1).hint()).contains("artifact_shared_with: [feed_a, feed_c]");
    }

    @Test
    void aCrowdOnOneArtifactGetsOneShortFindingEach() {
        tiny(dir);
        write(dir, "teams/feed.yaml", RegistryFixtures.team("feed", "feed_pool", 100_000, 100_000, 0));
        String shared = "s3://models/acme_feed_mtml/v1/model.pt";
        int crowd = 400;
        for (int i = 0; i < crowd; i++) {
            String id = String.format(Locale.ROOT, "feed_m%03d", i);
            write(dir, "models/feed/" + id + ".yaml", servingModel(id, shared, "active", ""));
        }
        ValidationReport report = RegistryLoader.load(dir, TODAY);
        assertThat(report.diagnostics()).hasSize(crowd).allMatch(d -> d.rule().equals("artifact-shared"));
        Diagnostic first = report.diagnostics().get(0);
        assertThat(first.file()).isEqualTo("models/feed/feed_m000.yaml");
        // five of the 399 others are named, then a count
        assertThat(first.message()).endsWith("'feed_m005' (models/feed/feed_m005.yaml) and 394 more");
        assertThat(first.hint()).contains("feed_m005 and 394 more]");
    }

    @Test
    void artifactSharedOnPurposeByEveryEntryIsValid() {
        tiny(dir);
        String shared = "s3://models/acme_feed_mtml/v1/model.pt";
        write(
                dir,
                "models/feed/feed_a.yaml",
                servingModel("feed_a", shared, "active", "  artifact_shared_with: [feed_b]\n"));
        write(
                dir,
                "models/feed/feed_b.yaml",
                servingModel("feed_b", shared, "shadow", "  artifact_shared_with: [feed_a]\n"));
        ValidationReport report = RegistryLoader.load(dir, TODAY);
        assertThat(report.diagnostics()).isEmpty();
        assertThat(report.registry().model("feed_a").orElseThrow().serving().artifactSharedWith())
                .containsExactly("feed_b");
    }

    @Test
    void sharingDeclaredByOnlySomeEntriesIsStillAnErrorThatSaysWhoLacksWhat() {
        tiny(dir);
        String shared = "s3://models/acme_feed_mtml/v1/model.pt";
        write(
                dir,
                "models/feed/feed_a.yaml",
                servingModel("feed_a", shared, "active", "  artifact_shared_with: [feed_b, feed_c]\n"));
        write(
                dir,
                "models/feed/feed_b.yaml",
                servingModel("feed_b", shared, "active", "  artifact_shared_with: [feed_a, feed_c]\n"));
        write(
                dir,
                "models/feed/feed_c.yaml",
                servingModel("feed_c", shared, "active", "  artifact_shared_with: [feed_a]\n"));
        ValidationReport report = RegistryLoader.load(dir, TODAY);
        assertThat(report.diagnostics())
                .extracting(Diagnostic::file, Diagnostic::rule)
                .containsExactly(
                        Tuple.tuple("models/feed/feed_a.yaml", "artifact-shared"),
                        Tuple.tuple("models/feed/feed_b.yaml", "artifact-shared"),
                        Tuple.tuple("models/feed/feed_c.yaml", "artifact-shared"));
        assertThat(report.diagnostics().get(0).hint()).contains("models/feed/feed_c.yaml lacks feed_b");
        assertThat(report.diagnostics().get(2).hint()).contains("artifact_shared_with: [feed_a, feed_b]");
    }

    @Test
    void deprecatedModelsDoNotCountAsSharingAnArtifact() {
        tiny(dir);
        String shared = "s3://models/acme_feed_mtml/v1/model.pt";
        write(dir, "models/feed/feed_a.yaml", servingModel("feed_a", shared, "active", ""));
        write(dir, "models/feed/feed_b.yaml", servingModel("feed_b", shared, "deprecated", ""));
        assertThat(RegistryLoader.load(dir, TODAY).diagnostics()).isEmpty();

        // a shadow model loads its artifact too, so it counts
        write(dir, "models/feed/feed_b.yaml", servingModel("feed_b", shared, "shadow", ""));
        assertThat(RegistryLoader.load(dir, TODAY).diagnostics())
                .extracting(Diagnostic::rule)
                .containsExactly("artifact-shared", "artifact-shared");
    }

    @Test
    void sharingListThatNamesAModelNotOnTheArtifactIsAWarning() {
        tiny(dir);
        write(
                dir,
                "models/feed/feed_a.yaml",
                servingModel("feed_a", "s3://models/a/v1", "active", "  artifact_shared_with: [feed_b]\n"));
        write(dir, "models/feed/feed_b.yaml", servingModel("feed_b", "s3://models/b/v1", "active", ""));
        ValidationReport report = RegistryLoader.load(dir, TODAY);
        assertThat(report.isValid()).isTrue();
        Diagnostic d = only(report, "artifact-shared-with-stale");
        assertThat(d.severity()).isEqualTo(Diagnostic.Severity.WARNING);
        // line 18, column 26: the list item after '  artifact_shared_with: ['
        assertAt(d, "models/feed/feed_a.yaml", new int[] {18, 26});
        assertAt(d, "models/feed/feed_a.yaml", positionOf(dir, "models/feed/feed_a.yaml", "feed_b]"));
        assertThat(d.message())
                .isEqualTo("serving.artifact_shared_with lists 'feed_b', which does not serve 's3://models/a/v1'"
                        + " (it serves another artifact, is deprecated, or does not exist)");
    }

    @Test
    void implausiblyLowServingNumbersAreSchemaErrorsAtTheirValues() {
        tiny(dir);
        String file = "models/feed/feed_a.yaml";
        write(
                dir,
                file,
                servingModel("feed_a", "s3://models/a/v1", "active", "  keep_top: 1\n  latency_p99_ms: 0.0001\n"));
        ValidationReport report = RegistryLoader.load(dir, TODAY);
        assertThat(report.diagnostics())
                .extracting(Diagnostic::file, Diagnostic::line, Diagnostic::column, Diagnostic::rule)
                // keep_top on line 18 and latency_p99_ms on line 19, each value after its key
                .containsExactly(
                        Tuple.tuple(file, 18, 13, "schema/minimum"), Tuple.tuple(file, 19, 19, "schema/minimum"));
        Diagnostic keepTop = report.diagnostics().get(0);
        Diagnostic latency = report.diagnostics().get(1);
        assertAt(keepTop, file, positionOf(dir, file, "1\n  latency"));
        assertAt(latency, file, positionOf(dir, file, "0.0001"));
        assertThat(keepTop.message()).isEqualTo("'serving.keep_top' is 1, below the minimum 2");
        assertThat(latency.message()).isEqualTo("'serving.latency_p99_ms' is 0.0001, below the minimum 1");
        assertThat(keepTop.hint()).startsWith("write at least 2 (").contains("does not rank, it only picks a winner");
        assertThat(latency.hint()).startsWith("write at least 1 (").contains("seconds written where milliseconds");
    }

    @Test
    void servingModelNeedsAReplicaAndRealResourcesWhileADeprecatedOneMaySayZero() {
        tiny(dir);
        String file = "models/feed/feed_a.yaml";
        write(
                dir,
                file,
                servingModel("feed_a", "s3://models/a/v1", "shadow", "")
                        .replace("replicas: 1", "replicas: 0")
                        .replace("cpu: 1,", "cpu: 0.0001,"));
        ValidationReport report = RegistryLoader.load(dir, TODAY);
        assertThat(report.diagnostics())
                .extracting(Diagnostic::line, Diagnostic::column, Diagnostic::rule)
                .containsExactly(Tuple.tuple(18, 13, "schema/minimum"), Tuple.tuple(19, 20, "schema/minimum"));
        assertThat(report.diagnostics().get(0).message()).isEqualTo("'serving.replicas' is 0, below the minimum 1");
        assertThat(report.diagnostics().get(0).hint())
                .startsWith("write at least 1 (")
                .contains("active or shadow");
        assertThat(report.diagnostics().get(1).message())
                .isEqualTo("'serving.resources.cpu' is 0.0001, below the minimum 0.001");

        write(
                dir,
                file,
                servingModel("feed_a", "s3://models/a/v1", "deprecated", "").replace("replicas: 1", "replicas: 0"));
        assertThat(RegistryLoader.load(dir, TODAY).diagnostics()).isEmpty();
    }

    @Test
    void deprecatedIdIsNotReused() {
        tiny(dir);
        write(dir, "teams/ads.yaml", RegistryFixtures.team("ads", "ads_pool", 100, 1000, 0));
        write(
                dir,
                "models/feed/feed_a.yaml",
                model("feed_a", "feed", "feed_pool", "TIER3", 1, 1, "")
                        .replace("lifecycle: active", "lifecycle: deprecated"));
        write(dir, "models/ads/feed_a.yaml", model("feed_a", "ads", "ads_pool", "TIER3", 1, 1, ""));
        Diagnostic d = only(RegistryLoader.load(dir, TODAY), "deprecated-id-reused");
        assertAt(d, "models/ads/feed_a.yaml", positionOf(dir, "models/ads/feed_a.yaml", "feed_a"));
        assertThat(d.hint()).contains("feed_a_v2");
    }

    @Test
    void pathMustMatchTeamAndId() {
        tiny(dir);
        write(dir, "models/feed/wrong_name.yaml", model("feed_a", "feed", "feed_pool", "TIER3", 1, 1, ""));
        Diagnostic d = only(RegistryLoader.load(dir, TODAY), "path-mismatch");
        assertThat(d.message()).contains("models/feed/feed_a.yaml");
    }

    @Test
    void poolOfAnotherTeamIsRefused() {
        tiny(dir);
        write(dir, "teams/ads.yaml", RegistryFixtures.team("ads", "ads_pool", 100, 1000, 0));
        write(dir, "models/feed/feed_a.yaml", model("feed_a", "feed", "ads_pool", "TIER3", 1, 1, ""));
        assertThat(only(RegistryLoader.load(dir, TODAY), "pool-team-mismatch").message())
                .isEqualTo("pool 'ads_pool' belongs to team 'ads', not to owner team 'feed'");
    }

    @Test
    void unknownPoolSuggestsTheClosest() {
        tiny(dir);
        write(dir, "models/feed/feed_a.yaml", model("feed_a", "feed", "feed_pol", "TIER3", 1, 1, ""));
        assertThat(only(RegistryLoader.load(dir, TODAY), "pool-unknown").hint())
                .startsWith("did you mean 'feed_pool'?");
    }

    @Test
    void tier1NeedsContacts() {
        tiny(dir);
        write(
                dir,
                "models/feed/feed_a.yaml",
                model("feed_a", "feed", "feed_pool", "TIER1", 1, 1, "").replace("  contacts: [owner@acme.io]\n", ""));
        assertThat(only(RegistryLoader.load(dir, TODAY), "tier-oncall-required").message())
                .isEqualTo("TIER1 model lists no contacts");
    }

    @Test
    void unknownFieldSuggestsTheIntendedOne() {
        tiny(dir);
        write(
                dir,
                "models/feed/feed_a.yaml",
                model("feed_a", "feed", "feed_pool", "TIER3", 1, 1, "").replace("lifecycle:", "lifecyle:"));
        ValidationReport report = RegistryLoader.load(dir, TODAY);
        Diagnostic unknown = only(report, "schema/additionalProperties");
        assertAt(unknown, "models/feed/feed_a.yaml", positionOf(dir, "models/feed/feed_a.yaml", "lifecyle"));
        assertThat(unknown.hint()).startsWith("did you mean 'lifecycle'?");
        Diagnostic missing = only(report, "schema/required");
        assertThat(missing.message()).isEqualTo("Model entry is missing required field 'lifecycle'");
        assertAt(missing, "models/feed/feed_a.yaml", new int[] {1, 1});
    }

    @Test
    void wrongTypeIsExplained() {
        tiny(dir);
        write(
                dir,
                "models/feed/feed_a.yaml",
                model("feed_a", "feed", "feed_pool", "TIER3", 1, 1, "").replace("replicas: 1", "replicas: many"));
        Diagnostic d = only(RegistryLoader.load(dir, TODAY), "schema/type");
        assertThat(d.message()).isEqualTo("'serving.replicas' must be an integer, not the text 'many'");
    }

    @Test
    void teamFileInTheModelsFolderIsRefusedByItsKind() {
        tiny(dir);
        write(dir, "models/feed/feed_a.yaml", RegistryFixtures.team("feed_a", "x_pool", 1, 1, 0));
        ValidationReport report = RegistryLoader.load(dir, TODAY);
        assertThat(report.diagnostics()).extracting(Diagnostic::rule).contains("schema/const");
    }

    @Test
    void layoutProblemsAreFindingsAndTheFilesAreStillChecked() throws IOException {
        tiny(dir);
        write(dir, "models/feed/feed_a.yml", model("feed_a", "feed", "feed_pool", "TIER3", 1, 1, ""));
        // a complete entry in the wrong folder: checked, and the policy rules say where it belongs
        write(dir, "models/stray.yaml", model("stray", "feed", "feed_pool", "TIER3", 1, 1, ""));
        // an entry that does not bind: the generic finding, with its schema findings
        write(dir, "models/feed/nested/deep.yaml", "kind: Model\n");
        Files.createSymbolicLink(dir.resolve("models/feed/link.yaml"), Path.of("/etc/passwd"));
        write(dir, "README.md", "not a registry file");
        write(dir, "models/feed/notes.txt", "ignored");
        ValidationReport report = RegistryLoader.load(dir, TODAY);
        assertThat(report.diagnostics())
                .filteredOn(d -> !d.rule().startsWith("schema/"))
                .extracting(Diagnostic::file, Diagnostic::line, Diagnostic::column, Diagnostic::rule)
                .containsExactly(
                        Tuple.tuple("models/feed/feed_a.yml", 1, 1, "file-extension"),
                        Tuple.tuple("models/feed/link.yaml", 1, 1, "file-symlink"),
                        Tuple.tuple("models/feed/nested/deep.yaml", 1, 1, "path-mismatch"),
                        // line 2, column 5: the value of 'id: '
                        Tuple.tuple("models/stray.yaml", 2, 5, "path-mismatch"));
        assertThat(only(report, "file-extension").hint()).isEqualTo("rename to feed_a.yaml");
        Diagnostic stray = report.diagnostics().stream()
                .filter(d -> d.file().equals("models/stray.yaml"))
                .findFirst()
                .orElseThrow();
        assertThat(stray.message())
                .isEqualTo("file path does not match the entry: id 'stray' owned by 'feed' belongs at"
                        + " models/feed/stray.yaml");
        Diagnostic deep = report.diagnostics().stream()
                .filter(d -> d.rule().equals("path-mismatch") && d.file().endsWith("deep.yaml"))
                .findFirst()
                .orElseThrow();
        assertThat(deep.message()).isEqualTo("file is not where its kind lives (models/<team>/<id>.yaml)");
        // "kind: Model" alone misses the other eleven required fields of a model
        assertThat(report.diagnostics())
                .filteredOn(d -> d.file().endsWith("deep.yaml") && d.rule().equals("schema/required"))
                .hasSize(11);
        // checked, but no part of the registry commands act on, as before
        assertThat(report.registry().models()).isEmpty();
        assertThat(report.registry().files()).containsExactly("teams/feed.yaml", "tiers.yaml");
        assertThat(report.filesChecked()).isEqualTo(5);
    }

    @Test
    void misnamedModelFileGetsItsExtensionFindingAndEverySchemaFindingInOneRun() {
        tiny(dir);
        String file = "models/feed/feed_a.yml";
        // Seven independent schema errors, counted by hand:
        //   'description' missing (1:1), id not snake_case (2:5), surface 'feeds' (5:10), tier 'TIER9' (7:7),
        //   unknown field owner_email (12:1), replicas 'many' (18:13), keep_top 1 below 2 (19:13)
        write(dir, file, """
                kind: Model
                id: Feed_A
                type: acme_feed_mtml
                business_function: engagement
                surface: feeds
                funnel_stage: lsr
                tier: TIER9
                owner:
                  team: feed
                  oncall: feed-oncall
                  contacts: [owner@acme.io]
                owner_email: owner@acme.io
                pool: feed_pool
                lifecycle: active
                serving:
                  version: v1
                  artifact: s3://models/feed_a/v1
                  replicas: many
                  keep_top: 1
                  resources: {cpu: 1, memory_gb: 4}
                  scorer: {kind: dense, input_width: 16, hidden: [8]}
                """);
        ValidationReport report = RegistryLoader.load(dir, TODAY);
        assertThat(report.diagnostics())
                .extracting(Diagnostic::file, Diagnostic::line, Diagnostic::column, Diagnostic::rule)
                .containsExactly(
                        Tuple.tuple(file, 1, 1, "file-extension"),
                        Tuple.tuple(file, 1, 1, "schema/required"),
                        Tuple.tuple(file, 2, 5, "schema/pattern"),
                        Tuple.tuple(file, 5, 10, "schema/enum"),
                        Tuple.tuple(file, 7, 7, "schema/enum"),
                        Tuple.tuple(file, 12, 1, "schema/additionalProperties"),
                        Tuple.tuple(file, 18, 13, "schema/type"),
                        Tuple.tuple(file, 19, 13, "schema/minimum"));
        // the same positions found by plain text search
        List<Diagnostic> d = report.diagnostics();
        assertAt(d.get(2), file, positionOf(dir, file, "Feed_A"));
        assertAt(d.get(3), file, positionOf(dir, file, "feeds"));
        assertAt(d.get(4), file, positionOf(dir, file, "TIER9"));
        assertAt(d.get(5), file, positionOf(dir, file, "owner_email"));
        assertAt(d.get(6), file, positionOf(dir, file, "many"));
        assertAt(d.get(7), file, positionOf(dir, file, "1\n  resources"));
        assertThat(d.get(1).message()).isEqualTo("Model entry is missing required field 'description'");
        assertThat(d.get(4).message()).isEqualTo("'tier' is 'TIER9', which is not allowed");
        assertThat(d.get(6).message()).isEqualTo("'serving.replicas' must be an integer, not the text 'many'");
        assertThat(report.errorCount()).isEqualTo(8);
    }

    @Test
    void misnamedEntryThatBindsTakesPartInTheRulesAcrossFiles() {
        tiny(dir);
        write(dir, "models/feed/feed_a.yaml", model("feed_a", "feed", "feed_pool", "TIER3", 1, 1, ""));
        // a leftover copy under the old extension, with a typo in its pool
        write(dir, "models/feed/feed_a.yml", model("feed_a", "feed", "feed_pol", "TIER3", 1, 1, ""));
        // the team file misnamed too: its pool still resolves, so no model reports its team or pool unknown
        write(dir, "teams/ads.yml", RegistryFixtures.team("ads", "ads_pool", 100, 1000, 0));
        write(dir, "models/ads/ads_a.yaml", model("ads_a", "ads", "ads_pool", "TIER3", 1, 1, ""));
        ValidationReport report = RegistryLoader.load(dir, TODAY);
        assertThat(report.diagnostics())
                .extracting(Diagnostic::file, Diagnostic::rule)
                .containsExactly(
                        Tuple.tuple("models/feed/feed_a.yml", "file-extension"),
                        Tuple.tuple("models/feed/feed_a.yml", "unique-id"),
                        Tuple.tuple("models/feed/feed_a.yml", "pool-unknown"),
                        Tuple.tuple("teams/ads.yml", "file-extension"));
        assertThat(only(report, "unique-id").message())
                .isEqualTo("model id 'feed_a' is already used by models/feed/feed_a.yaml");
        assertAt(
                only(report, "pool-unknown"),
                "models/feed/feed_a.yml",
                positionOf(dir, "models/feed/feed_a.yml", "feed_pol\n"));
        // the registry commands act on holds the entries where they belong
        assertThat(report.registry().model("feed_a").orElseThrow().file()).isEqualTo("models/feed/feed_a.yaml");
        assertThat(report.registry().teams()).extracting(Team::id).containsExactly("feed");
    }

    @Test
    void misnamedTiersFileStillServesTheTierRules() {
        tiny(dir);
        write(dir, "tiers.yml", read(dir, "tiers.yaml"));
        dir.resolve("tiers.yaml").toFile().delete();
        write(
                dir,
                "models/feed/feed_a.yaml",
                model("feed_a", "feed", "feed_pool", "TIER1", 1, 1, "").replace("  contacts: [owner@acme.io]\n", ""));
        ValidationReport report = RegistryLoader.load(dir, TODAY);
        assertThat(report.diagnostics())
                .extracting(Diagnostic::file, Diagnostic::rule)
                .containsExactly(
                        Tuple.tuple("models/feed/feed_a.yaml", "tier-oncall-required"),
                        Tuple.tuple("tiers.yml", "file-extension"));
    }

    @Test
    void styleFindingsDoNotStopTheSchemaOrThePolicyRulesOfTheirFile() {
        tiny(dir);
        write(dir, "teams/ads.yaml", RegistryFixtures.team("ads", "ads_pool", 100, 1000, 0) + "name: Ads ranking\n");
        String schemaFile = "models/feed/feed_b.yaml";
        // An ambiguous boolean (read on as the text 'off', as YAML 1.2 reads it) and three schema errors.
        write(dir, schemaFile, """
                kind: Model
                id: feed_b
                type: acme_feed_mtml
                description: A test model for the feed.
                business_function: engagement
                surface: feed
                funnel_stage: lsr
                tier: TIER9
                owner:
                  team: feed
                  oncall: off
                  contacts: [owner@acme.io]
                owner_email: owner@acme.io
                pool: feed_pool
                lifecycle: active
                serving:
                  version: v1
                  artifact: s3://models/feed_b/v1
                  replicas: 0
                  resources: {cpu: 1, memory_gb: 4}
                  scorer: {kind: dense, input_width: 16, hidden: [8]}
                """);
        String policyFile = "models/feed/feed_c.yaml";
        // An ambiguous boolean, a duplicate key (the last value, TIER0, is checked), an octal-looking number
        // (read as 60), and three policy errors: another team's pool, a TIER0 model without contacts, a
        // loosened SLO.
        write(dir, policyFile, """
                kind: Model
                id: feed_c
                type: acme_feed_mtml
                description: A test model for the feed.
                business_function: engagement
                surface: feed
                funnel_stage: lsr
                tier: TIER3
                owner:
                  team: feed
                  oncall: off
                pool: ads_pool
                lifecycle: active
                tier: TIER0
                serving:
                  version: v1
                  artifact: s3://models/feed_c/v1
                  replicas: 1
                  resources: {cpu: 1, memory_gb: 4}
                  latency_p99_ms: 060
                  scorer: {kind: dense, input_width: 16, hidden: [8]}
                slo:
                  calibration_max: 1.5
                """);
        write(dir, "models/feed/feed_a.yaml", model("feed_a", "feed", "feed_pool", "TIER3", 1, 1, ""));

        ValidationReport report = RegistryLoader.load(dir, TODAY);
        assertThat(report.diagnostics())
                .extracting(Diagnostic::file, Diagnostic::line, Diagnostic::column, Diagnostic::rule)
                .containsExactly(
                        Tuple.tuple(schemaFile, 8, 7, "schema/enum"),
                        Tuple.tuple(schemaFile, 11, 11, "yaml-ambiguous-boolean"),
                        Tuple.tuple(schemaFile, 13, 1, "schema/additionalProperties"),
                        Tuple.tuple(schemaFile, 19, 13, "schema/minimum"),
                        Tuple.tuple(policyFile, 9, 1, "tier-oncall-required"),
                        Tuple.tuple(policyFile, 11, 11, "yaml-ambiguous-boolean"),
                        Tuple.tuple(policyFile, 12, 7, "pool-team-mismatch"),
                        Tuple.tuple(policyFile, 14, 1, "yaml-duplicate-key"),
                        Tuple.tuple(policyFile, 20, 19, "yaml-ambiguous-number"),
                        Tuple.tuple(policyFile, 23, 20, "slo-loosened"),
                        // the team file binds despite its duplicate key, so feed_c's pool resolves to team 'ads'
                        Tuple.tuple("teams/ads.yaml", 10, 1, "yaml-duplicate-key"));
        List<Diagnostic> d = report.diagnostics();
        assertAt(d.get(1), schemaFile, positionOf(dir, schemaFile, "off"));
        assertAt(d.get(3), schemaFile, positionOf(dir, schemaFile, "0\n  resources"));
        assertAt(d.get(4), policyFile, positionOf(dir, policyFile, "owner:"));
        assertAt(d.get(6), policyFile, positionOf(dir, policyFile, "ads_pool"));
        assertAt(d.get(7), policyFile, positionOf(dir, policyFile, "tier: TIER0"));
        assertAt(d.get(8), policyFile, positionOf(dir, policyFile, "060"));
        assertAt(d.get(9), policyFile, positionOf(dir, policyFile, "1.5"));
        assertThat(d.get(1).message()).isEqualTo("'off' is text in YAML 1.2 but the boolean false in YAML 1.1 tools");
        assertThat(d.get(4).message()).isEqualTo("TIER0 model lists no contacts");
        assertThat(d.get(6).message()).isEqualTo("pool 'ads_pool' belongs to team 'ads', not to owner team 'feed'");
        assertThat(d.get(7).message()).isEqualTo("duplicate key 'tier' (first defined at line 8, column 1)");
        assertThat(d.get(9).message()).startsWith("calibration_max 1.5 is looser than the TIER0 default ");
        // files with findings of their own are checked, but commands act only on clean entries, as before
        assertThat(report.registry().models()).extracting(Model::id).containsExactly("feed_a");
        assertThat(report.registry().teams()).extracting(Team::id).containsExactly("feed");
    }

    @Test
    void aYaml11BooleanWhereABooleanBelongsIsAlsoTheSchemasTypeFinding() {
        tiny(dir);
        write(
                dir,
                "tiers.yaml",
                RegistryFixtures.TIERS.replace(
                        "objective: 0.995, requires_oncall: true", "objective: 0.995, requires_oncall: yes"));
        ValidationReport report = RegistryLoader.load(dir, TODAY);
        int[] at = positionOf(dir, "tiers.yaml", "yes}");
        assertThat(report.diagnostics())
                .extracting(Diagnostic::file, Diagnostic::line, Diagnostic::column, Diagnostic::rule)
                .containsExactly(
                        Tuple.tuple("tiers.yaml", at[0], at[1], "schema/type"),
                        Tuple.tuple("tiers.yaml", at[0], at[1], "yaml-ambiguous-boolean"));
        assertThat(report.diagnostics().get(0).message())
                .isEqualTo("'tiers.TIER0.requires_oncall' must be a boolean, not the text 'yes'");
    }

    @Test
    void hostileFilesStillStopAtTheirFirstProblemWithNothingCheckedAfterIt() {
        tiny(dir);
        StringBuilder bomb = new StringBuilder("kind: Model\nsurface: yes\na: &a [x,x,x,x,x,x,x,x,x,x]\n");
        for (char c = 'b'; c <= 'k'; c++) {
            bomb.append(c).append(": &").append(c).append(" [");
            bomb.append(("*" + (char) (c - 1) + ",").repeat(9))
                    .append('*')
                    .append((char) (c - 1))
                    .append("]\n");
        }
        write(dir, "models/feed/bomb.yaml", bomb.toString());
        write(dir, "models/feed/deep.yaml", "kind: Model\na: " + "[".repeat(100) + "]".repeat(100) + "\n");
        RegistryFixtures.writeBytes(dir, "models/feed/latin1.yaml", new byte[] {'i', 'd', ':', ' ', (byte) 0xE9, '\n'});
        RegistryFixtures.writeBytes(dir, "models/feed/utf16.yaml", "kind: Model\n".getBytes(StandardCharsets.UTF_16));
        RegistryFixtures.writeBytes(
                dir, "models/feed/huge.yml", ("# " + "x".repeat(2 << 20) + "\n").getBytes(StandardCharsets.UTF_8));
        ValidationReport report = RegistryLoader.load(dir, TODAY);
        assertThat(report.diagnostics())
                .extracting(
                        Diagnostic::file, Diagnostic::line, Diagnostic::column, Diagnostic::rule, Diagnostic::message)
                .containsExactly(
                        // the finding read past before the bomb is reported with it; the schema is not checked
                        Tuple.tuple(
                                "models/feed/bomb.yaml",
                                2,
                                10,
                                "yaml-ambiguous-boolean",
                                "'yes' is text in YAML 1.2 but the boolean true in YAML 1.1 tools"),
                        // a..d hold 11 + 111 + 1,111 + 11,111 nodes; the first *d of e (line 7, column 8) passes 20,000
                        Tuple.tuple(
                                "models/feed/bomb.yaml",
                                7,
                                8,
                                "yaml-too-large",
                                "document expands to more than 20000 nodes (aliases count once per use)"),
                        // the 32nd '[' after 'a: ' (the top-level mapping is the first level)
                        Tuple.tuple("models/feed/deep.yaml", 2, 35, "yaml-too-deep", "nesting deeper than 32 levels"),
                        // a misnamed huge file: its name, and its size, but never its content
                        Tuple.tuple(
                                "models/feed/huge.yml",
                                1,
                                1,
                                "file-extension",
                                "registry files end in .yaml, not .yml"),
                        Tuple.tuple(
                                "models/feed/huge.yml", 1, 1, "yaml-too-large", "file is larger than 1048576 bytes"),
                        Tuple.tuple("models/feed/latin1.yaml", 1, 5, "yaml-encoding", "invalid UTF-8 byte 0xE9"),
                        Tuple.tuple(
                                "models/feed/utf16.yaml",
                                1,
                                1,
                                "yaml-encoding",
                                "file is UTF-16 encoded; registry files must be UTF-8"));
    }

    @Test
    void missingTiersFileIsAFinding() {
        tiny(dir);
        dir.resolve("tiers.yaml").toFile().delete();
        assertThat(only(RegistryLoader.load(dir, TODAY), "tiers-missing").file())
                .isEqualTo("tiers.yaml");
    }

    @Test
    void hostileFileIsALocatedFindingAndTheRestStillValidates() {
        tiny(dir);
        write(dir, "models/feed/feed_a.yaml", model("feed_a", "feed", "feed_pool", "TIER3", 1, 1, ""));
        write(dir, "models/feed/feed_b.yaml", "kind: Model\nid: feed_b\nid: again\n");
        ValidationReport report = RegistryLoader.load(dir, TODAY);
        Diagnostic d = only(report, "yaml-duplicate-key");
        assertAt(d, "models/feed/feed_b.yaml", new int[] {3, 1});
        assertThat(report.registry().model("feed_a")).isPresent();
    }

    @Test
    void missingFolderIsAUserError() {
        assertThatThrownBy(() -> RegistryLoader.load(dir.resolve("nope"), TODAY))
                .isInstanceOf(ModelfleetException.class)
                .hasMessage("Cannot load registry: " + dir.resolve("nope") + " is not a folder")
                .extracting(e -> ((ModelfleetException) e).category())
                .isEqualTo(ModelfleetException.Category.USER_ERROR);
    }

    @Test
    void contentHashFollowsContentNotLocation() throws IOException {
        Path a = copyExample(dir.resolve("a"));
        Path b = copyExample(dir.resolve("b"));
        String hashA = RegistryLoader.load(a, TODAY).registry().contentHash();
        assertThat(RegistryLoader.load(b, TODAY).registry().contentHash()).isEqualTo(hashA);
        write(b, "tiers.yaml", read(b, "tiers.yaml") + "# a comment changes the bytes\n");
        assertThat(RegistryLoader.load(b, TODAY).registry().contentHash()).isNotEqualTo(hashA);
    }

    @Test
    void contentHashIsSha256OverPathsAndFileDigests() throws Exception {
        tiny(dir);
        // Second computation, written out by hand from the documented definition.
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        for (String file : List.of("teams/feed.yaml", "tiers.yaml")) {
            digest.update(file.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(dir.resolve(file))));
        }
        assertThat(RegistryLoader.load(dir, TODAY).registry().contentHash())
                .isEqualTo(HexFormat.of().formatHex(digest.digest()));
    }
}
