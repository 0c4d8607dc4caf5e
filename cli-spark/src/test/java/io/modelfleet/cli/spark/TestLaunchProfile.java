package io.modelfleet.cli.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelfleet.cli.CliRun;
import io.modelfleet.cli.ExitCodes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code launch profile} writes a surface's traffic profile from recorded traffic, and the plan of a
 * pull request ({@code registry diff}, lean, no Spark) sizes a launch from it: the same verdict as
 * the full estimate ({@code launch estimate}, Spark replay) on the same traffic, and replicas per
 * stage within {@value #REPLICA_TOLERANCE} replica(s) of the full estimate's (the profile keeps 101
 * percentiles of the candidates per request instead of the requests themselves, so the simulated
 * p99s differ by sampling noise; a replica count at the edge of the objective may move by one).
 */
class TestLaunchProfile {
    static final String MODEL = "ig_feed_mtml_lsr_v3";
    static final String LAUNCH = "registry/launches/ig_feed_mtml_lsr_v4_wider.yaml";
    static final String PROFILE = "registry/traffic/feed.yaml";
    static final int REPLICA_TOLERANCE = 1;
    static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    static Path cwd;

    @BeforeAll
    static void sampleTrafficAndACommittedRegistry() throws IOException, InterruptedException {
        CliRun.copyExample(cwd.resolve("registry"));
        // The example's own profile is what this test writes again from the traffic below.
        Files.deleteIfExists(cwd.resolve(PROFILE));
        Files.writeString(cwd.resolve("modelfleet.yaml"), """
                registry: registry
                logs: logs
                warehouse: warehouse
                spark:
                  master: local[2]
                """);
        CliRun generate = CliRun.run(
                cwd,
                "generate",
                "traffic",
                "--from",
                "2026-11-24T19",
                "--to",
                "2026-11-24T20",
                "--requests-per-day",
                "24000");
        assertThat(generate.exitCode()).as(generate.err()).isZero();
        Files.writeString(cwd.resolve(".gitignore"), "traffic/\nwarehouse/\nlogs/\n*.yaml.candidate\n");
        git("init", "-q", ".");
        git("add", "-A");
        git("-c", "user.name=test", "-c", "user.email=test@example.com", "commit", "-q", "-m", "base");
    }

    @Test
    void thePlansVerdictFromTheProfileAgreesWithTheFullEstimate() throws IOException {
        CliRun profile = CliRun.run(
                cwd, "launch", "profile", "--surface", "feed", "--samples-per-hour", "200", "--format", "json");
        assertThat(profile.exitCode()).as(profile.err()).isZero();
        JsonNode written = MAPPER.readTree(profile.out());
        assertThat(Path.of(written.path("file").asText())).isEqualTo(cwd.resolve(PROFILE));
        assertThat(written.path("peak_hour").asText()).isEqualTo("2026-11-24T20");
        assertThat(written.path("peak_rps").isNumber()).isTrue();
        assertThat(Files.readString(cwd.resolve(PROFILE)))
                .startsWith("# yaml-language-server: $schema=")
                .contains("kind: TrafficProfile\nsurface: feed\n");
        CliRun validate = CliRun.run(cwd, "registry", "validate", "registry");
        assertThat(validate.exitCode()).as(validate.out() + validate.err()).isEqualTo(ExitCodes.OK);

        // The launch's candidate as a model entry: production's, with the launch's version and scorer.
        String production = Files.readString(cwd.resolve("registry/models/feed_ranking/" + MODEL + ".yaml"));
        Files.writeString(
                cwd.resolve("wider.yaml.candidate"),
                production
                        .replace("  version: v3", "  version: v4")
                        .replace("hidden: [256, 64]", "hidden: [512, 128]"));
        CliRun full = CliRun.run(
                cwd,
                "launch",
                "estimate",
                "--model",
                MODEL,
                "--candidate",
                "wider.yaml.candidate",
                "--samples-per-hour",
                "200",
                "--format",
                "json");
        assertThat(full.exitCode()).as(full.err()).isZero();
        JsonNode estimate = MAPPER.readTree(full.out());

        // The launch file changes in the pull request, so the plan sizes it.
        String launch = Files.readString(cwd.resolve(LAUNCH));
        Files.writeString(cwd.resolve(LAUNCH), launch.replace("(RANK-5120)", "(RANK-5120, RANK-5121)"));
        CliRun diff = CliRun.run(cwd, "registry", "diff", "--base", "HEAD", "registry", "--format", "json");
        assertThat(diff.exitCode()).as(diff.err()).isZero();
        JsonNode plan = MAPPER.readTree(diff.out()).path("launches").path(0).path("estimate");

        assertThat(plan.path("source").asText()).isEqualTo("traffic_profile");
        assertThat(plan.path("verdict").asText())
                .as("verdict: plan %s, full estimate %s", plan, estimate.path("pool"))
                .isEqualTo(estimate.path("pool").path("verdict").asText());
        assertThat(plan.path("stages").size()).isEqualTo(estimate.path("stages").size());
        for (int s = 0; s < plan.path("stages").size(); s++) {
            JsonNode mine = plan.path("stages").path(s);
            JsonNode theirs = estimate.path("stages").path(s);
            assertThat(mine.path("stage").asText())
                    .isEqualTo(theirs.path("stage").asText());
            assertThat(mine.path("production_replicas").isIntegralNumber()).isTrue();
            assertThat(mine.path("production_replicas").asInt())
                    .as("%s production replicas: plan %s, full %s", mine.path("stage"), mine, theirs)
                    .isCloseTo(theirs.path("production").path("replicas").asInt(), within(REPLICA_TOLERANCE));
            assertThat(mine.path("candidate_replicas").asInt())
                    .as("%s candidate replicas: plan %s, full %s", mine.path("stage"), mine, theirs)
                    .isCloseTo(theirs.path("candidate").path("replicas").asInt(), within(REPLICA_TOLERANCE));
            assertThat(mine.path("sized_rps").asDouble())
                    .isCloseTo(theirs.path("sized_rps").asDouble(), within(1e-6));
        }
        assertThat(plan.path("replicas").asLong())
                .isEqualTo(
                        plan.path("stages").path(1).path("candidate_replicas").asLong());

        CliRun markdown = CliRun.run(cwd, "registry", "diff", "--base", "HEAD", "registry");
        assertThat(markdown.out())
                .contains("- **Estimate from the traffic profile** (registry/traffic/feed.yaml of ")
                .contains("**" + plan.path("verdict").asText() + "**")
                .contains("`modelfleet launch submit " + LAUNCH + "`");
    }

    @Test
    void aSurfaceThatIsNoIdOrHasNoTrafficIsRefusedAndNothingIsWritten() {
        CliRun notAnId = CliRun.run(cwd, "launch", "profile", "--surface", "Feed/../x", "--out", "x.yaml");
        assertThat(notAnId.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(notAnId.err())
                .contains("'Feed/../x' is not a surface id (snake_case, e.g. feed or stories_tray)")
                .doesNotContain("\tat ");

        CliRun noTraffic = CliRun.run(cwd, "launch", "profile", "--surface", "cooking", "--out", "cooking.yaml");
        assertThat(noTraffic.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(noTraffic.err())
                .contains("Cannot replay: no recorded cooking requests in 2026-11-24T19 .. 2026-11-24T20")
                .doesNotContain("\tat ");
        assertThat(cwd.resolve("x.yaml")).doesNotExist();
        assertThat(cwd.resolve("cooking.yaml")).doesNotExist();
    }

    private static void git(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command)
                .directory(cwd.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor())
                .as(String.join(" ", command) + ": " + output)
                .isZero();
    }
}
