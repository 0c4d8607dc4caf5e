package io.modelfleet.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.modelfleet.core.Hour;
import io.modelfleet.registry.generate.SchemaBase;
import io.modelfleet.registry.generate.TrafficProfileYaml;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * traffic/&lt;surface&gt;.yaml: written by {@link TrafficProfileYaml}, checked by {@code registry
 * validate} against its schema and path, and handed to the plan by {@link Registry#trafficProfile};
 * never part of the registry's files or hash.
 */
class TestTrafficProfiles {
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 25);

    @TempDir
    Path root;

    static TrafficProfile profile(String surface) {
        return new TrafficProfile(
                surface,
                Instant.parse("2026-12-01T10:30:00Z"),
                new TrafficProfile.Recorded(
                        Hour.parse("2026-11-24T00"), Hour.parse("2026-11-24T23"), 24, 9_600, 1, 128),
                new TrafficProfile.Peak(Hour.parse("2026-11-24T20"), 27_777.75),
                new TrafficProfile.SourcedCandidates(
                        4_800,
                        200,
                        1,
                        IntStream.rangeClosed(0, 100)
                                .map(p -> 600 + 24 * p)
                                .boxed()
                                .toList()),
                new TrafficProfile.Hardware("test \"box\"", 40, 50),
                "traffic/" + surface + ".yaml");
    }

    private void writeProfile(String relative, TrafficProfile profile) {
        RegistryFixtures.write(
                root,
                relative,
                TrafficProfileYaml.write(
                        profile,
                        SchemaBase.DEVELOPMENT,
                        root.resolve(relative),
                        "modelfleet launch profile --surface x"));
    }

    @Test
    void aWrittenProfileReadsBackAsItWasAndStaysOutOfTheHash() {
        RegistryFixtures.tiny(root);
        String hashWithout = RegistryLoader.load(root, TODAY).registry().contentHash();
        TrafficProfile feed = profile("feed");
        writeProfile("traffic/feed.yaml", feed);

        ValidationReport report = RegistryLoader.load(root, TODAY);
        assertThat(report.diagnostics()).isEmpty();
        assertThat(report.registry().trafficProfile("feed")).contains(feed);
        assertThat(report.registry().trafficProfile("reels")).isEmpty();
        assertThat(report.registry().files()).noneMatch(f -> f.startsWith("traffic/"));
        assertThat(report.registry().contentHash()).isEqualTo(hashWithout);
    }

    @Test
    void aProfileAtAnotherSurfacesPathIsAMismatch() {
        RegistryFixtures.tiny(root);
        writeProfile("traffic/reels.yaml", profile("feed"));

        ValidationReport report = RegistryLoader.load(root, TODAY);
        assertThat(report.diagnostics())
                .extracting(Diagnostic::formatLine)
                .containsExactly(
                        "traffic/reels.yaml:1:1: [path-mismatch] traffic profile of surface 'feed' is not at traffic/feed.yaml");
        assertThat(report.registry().trafficProfiles()).isEmpty();
    }

    @Test
    void decreasingPercentilesAndSchemaErrorsAreFindingsNotCrashes() {
        RegistryFixtures.tiny(root);
        writeProfile("traffic/feed.yaml", profile("feed"));
        String text = RegistryFixtures.read(root, "traffic/feed.yaml");
        RegistryFixtures.write(root, "traffic/feed.yaml", text.replace("[600, 624,", "[600, 500,"));
        writeProfile("traffic/reels.yaml", profile("reels"));
        String reels = RegistryFixtures.read(root, "traffic/reels.yaml");
        RegistryFixtures.write(root, "traffic/reels.yaml", reels.replace("  production_rps: ", "  production_rps: -"));

        writeProfile("traffic/explore.yaml", profile("explore"));
        String explore = RegistryFixtures.read(root, "traffic/explore.yaml");
        RegistryFixtures.write(
                root, "traffic/explore.yaml", explore.replace("  hour: 2026-11-24T20", "  hour: 2026-02-30T20"));

        ValidationReport report = RegistryLoader.load(root, TODAY);
        assertThat(report.diagnostics())
                .extracting(Diagnostic::file, Diagnostic::rule)
                .containsExactlyInAnyOrder(
                        tuple("traffic/explore.yaml", "traffic-profile-invalid"),
                        tuple("traffic/feed.yaml", "traffic-profile-invalid"),
                        tuple("traffic/reels.yaml", "schema/exclusiveMinimum"));
        assertThat(report.diagnostics().stream()
                        .filter(d -> d.file().equals("traffic/feed.yaml"))
                        .findFirst()
                        .orElseThrow()
                        .message())
                .isEqualTo("sourced_candidates.percentiles decrease at percentile 1 (600 then 500)");
        // located at the value that decreases, so the annotation lands on the changed line
        List<String> feedLines =
                RegistryFixtures.read(root, "traffic/feed.yaml").lines().toList();
        int line = 0;
        while (!feedLines.get(line).contains("[600, 500,")) {
            line++;
        }
        Diagnostic feed = report.diagnostics().stream()
                .filter(d -> d.file().equals("traffic/feed.yaml"))
                .findFirst()
                .orElseThrow();
        assertThat(feed.line()).isEqualTo(line + 1);
        assertThat(feed.column()).isEqualTo(feedLines.get(line).indexOf("500") + 1);
        assertThat(report.registry().trafficProfiles()).isEmpty();
    }

    @Test
    void aProfileThatContradictsItselfIsAFindingAtTheValue() {
        RegistryFixtures.tiny(root);
        writeProfile("traffic/feed.yaml", profile("feed"));
        String feed = RegistryFixtures.read(root, "traffic/feed.yaml");
        RegistryFixtures.write(
                root, "traffic/feed.yaml", feed.replace("  hour: 2026-11-24T20", "  hour: 2026-11-25T20"));
        writeProfile("traffic/reels.yaml", profile("reels"));
        String reels = RegistryFixtures.read(root, "traffic/reels.yaml");
        String sampled = reels.lines()
                .filter(l -> l.startsWith("  sampled_requests: "))
                .findFirst()
                .orElseThrow();
        RegistryFixtures.write(root, "traffic/reels.yaml", reels.replace(sampled, "  sampled_requests: 99999999"));

        ValidationReport report = RegistryLoader.load(root, TODAY);

        assertThat(report.diagnostics())
                .extracting(Diagnostic::file, Diagnostic::rule, Diagnostic::message)
                .containsExactlyInAnyOrder(
                        tuple(
                                "traffic/feed.yaml",
                                "traffic-profile-invalid",
                                "peak.hour 2026-11-25T20 is outside the recorded hours 2026-11-24T00 .. 2026-11-24T23"),
                        tuple(
                                "traffic/reels.yaml",
                                "traffic-profile-invalid",
                                "sourced_candidates.sampled_requests is 99999999, more than the "
                                        + profile("reels").recorded().requests() + " recorded requests"));
        List<String> feedLines =
                RegistryFixtures.read(root, "traffic/feed.yaml").lines().toList();
        assertThat(report.diagnostics().stream()
                        .filter(d -> d.file().equals("traffic/feed.yaml"))
                        .findFirst()
                        .orElseThrow()
                        .line())
                .isEqualTo(feedLines.indexOf("  hour: 2026-11-25T20") + 1);
    }

    @Test
    void percentilesAreWrittenTenALine() {
        TrafficProfile feed = profile("feed");
        String yaml = TrafficProfileYaml.write(
                feed, SchemaBase.DEVELOPMENT, root.resolve("traffic/feed.yaml"), "modelfleet launch profile");
        List<String> lines = yaml.lines().toList();
        assertThat(lines.get(0))
                .isEqualTo("# yaml-language-server: $schema=" + SchemaBase.PUBLISHED_REPOSITORY + "main/"
                        + SchemaBase.SCHEMA_FOLDER + "traffic-profile.schema.json");
        assertThat(yaml)
                .contains("    [600, 624, 648, 672, 696, 720, 744, 768, 792, 816,\n")
                .contains("     3000]\n")
                .contains("  name: \"test \\\"box\\\"\"\n");
    }
}
