package io.modelfleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelfleet.cli.render.GithubAnnotations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestRegistryCommands {
    static final Path EXAMPLE = CliRun.EXAMPLE;

    @TempDir
    Path cwd;

    static Path copyExample(Path target) throws IOException {
        return CliRun.copyExample(target);
    }

    private static void assertNoStackTrace(CliRun run) {
        assertThat(run.err()).doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(run.out()).doesNotContain("\tat ");
    }

    @Test
    void validSampleExitsZero() throws IOException {
        CliRun run = CliRun.run(cwd, "registry", "validate", EXAMPLE.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        long files;
        try (var walk = Files.walk(EXAMPLE)) {
            files = walk.filter(p -> p.toString().endsWith(".yaml")).count();
        }
        assertThat(run.out())
                .containsPattern("registry valid: 96 models, 8 teams \\(" + files + " files checked in [0-9.]+ s\\)");
    }

    @Test
    void invalidRegistryExitsOneWithLocatedFindingsAndHints() throws IOException {
        Path registry = copyExample(cwd.resolve("registry"));
        Path file = registry.resolve("models/search_ranking/ig_search_ctr_sourcing_v3.yaml");
        Files.writeString(file, Files.readString(file).replaceFirst("tier: TIER\\d", "tier: TIER9"));
        CliRun run = CliRun.run(cwd, "registry", "validate", "registry");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.FINDINGS);
        assertThat(run.out())
                .contains(
                        "registry/models/search_ranking/ig_search_ctr_sourcing_v3.yaml:9:7: [schema/enum] 'tier' is 'TIER9', which is not allowed\n"
                                + "    hint: did you mean 'TIER0'? use one of: TIER0, TIER1, TIER2, TIER3, TIER4\n");
        assertThat(run.out()).contains("registry invalid: 1 error in 1 file");
        assertNoStackTrace(run);
    }

    @Test
    void githubFormatPrintsEscapedAnnotations() throws IOException {
        Path registry = copyExample(cwd.resolve("registry"));
        Files.writeString(registry.resolve("models/feed_ranking/bad.yaml"), "kind: Model\nid: a\nid: b\n");
        CliRun run = CliRun.run(cwd, "registry", "validate", "registry", "--format", "github");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out())
                .contains("::error file=registry/models/feed_ranking/bad.yaml,line=3,col=1,title=[yaml-duplicate-key]::"
                        + "duplicate key 'id' (first defined at line 2, column 1)%0Ahint: remove one of the two");
    }

    @Test
    void workflowCommandEscaping() {
        assertThat(GithubAnnotations.escapeData("50% done\r\nnext")).isEqualTo("50%25 done%0D%0Anext");
        assertThat(GithubAnnotations.escapeProperty("a:b,c")).isEqualTo("a%3Ab%2Cc");
    }

    @Test
    void jsonFormatIsMachineReadable() throws IOException {
        Path registry = copyExample(cwd.resolve("registry"));
        Files.writeString(registry.resolve("models/feed_ranking/empty.yaml"), "");
        CliRun run = CliRun.run(cwd, "registry", "validate", "registry", "--format", "json");
        assertThat(run.exitCode()).isEqualTo(1);
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.path("valid").asBoolean()).isFalse();
        assertThat(json.path("errors").asInt()).isEqualTo(1);
        JsonNode d = json.path("diagnostics").get(0);
        assertThat(d.path("file").asText()).isEqualTo("registry/models/feed_ranking/empty.yaml");
        assertThat(d.path("rule").asText()).isEqualTo("yaml-empty");
        assertThat(d.path("line").asInt()).isEqualTo(1);
        assertThat(json.path("content_hash").asText()).hasSize(64);
    }

    @Test
    void missingFolderIsUsageErrorWithoutStackTrace() {
        CliRun run = CliRun.run(cwd, "registry", "validate", "nowhere");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("error: Cannot open registry " + cwd.resolve("nowhere") + ": no such folder");
        assertThat(run.err()).contains("hint: ");
        assertNoStackTrace(run);
    }

    @Test
    void unknownOptionIsUsageError() {
        CliRun run = CliRun.run(cwd, "registry", "validate", "--colour");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("Unknown option: '--colour'");
    }

    @Test
    void registryPathComesFromConfigWhenNotGiven() throws IOException {
        copyExample(cwd.resolve("fleet/registry"));
        Files.writeString(cwd.resolve("modelfleet.yaml"), "registry: fleet/registry\n");
        CliRun run = CliRun.run(cwd, "registry", "validate");
        assertThat(run.exitCode()).isZero();
        Files.writeString(cwd.resolve("other.yaml"), "registry: nowhere\n");
        CliRun viaFlag = CliRun.run(cwd, "--config", "other.yaml", "registry", "validate");
        assertThat(viaFlag.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(viaFlag.err()).contains("(from " + cwd.resolve("other.yaml") + ")");
    }

    @Test
    void badConfigIsAUsageErrorNamingTheKey() throws IOException {
        Files.writeString(cwd.resolve("modelfleet.yaml"), "registy: x\n");
        CliRun run = CliRun.run(cwd, "registry", "validate");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("unknown key 'registy'");
    }

    @Test
    void listFiltersAndFormats() throws IOException {
        CliRun csv = CliRun.run(cwd, "registry", "list", EXAMPLE.toString(), "--tier", "TIER0", "--format", "csv");
        assertThat(csv.exitCode()).isZero();
        List<String> lines = csv.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("id,type,tier,team,surface,stage,lifecycle,version,replicas");
        // independent count: files under examples whose tier line says TIER0
        long tier0Files;
        try (Stream<Path> files = Files.walk(EXAMPLE.resolve("models"))) {
            tier0Files = files.filter(Files::isRegularFile)
                    .filter(f -> {
                        try {
                            return Files.readString(f).contains("\ntier: TIER0");
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .count();
        }
        assertThat(lines).hasSize((int) tier0Files + 1);
        assertThat(lines.subList(1, lines.size())).allMatch(l -> l.split(",")[2].equals("TIER0"));

        CliRun json = CliRun.run(
                cwd,
                "registry",
                "list",
                EXAMPLE.toString(),
                "--team",
                "feed_ranking",
                "--stage",
                "lsr",
                "--format",
                "json");
        JsonNode array = new ObjectMapper().readTree(json.out());
        assertThat(array.size()).isPositive();
        array.forEach(m -> {
            assertThat(m.path("owner").path("team").asText()).isEqualTo("feed_ranking");
            assertThat(m.path("funnel_stage").asText()).isEqualTo("lsr");
        });

        CliRun bad = CliRun.run(cwd, "registry", "list", EXAMPLE.toString(), "--stage", "middle");
        assertThat(bad.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).contains("unknown stage 'middle'");
    }

    @Test
    void showPrintsTheEffectiveSlo() {
        CliRun run = CliRun.run(cwd, "registry", "show", "ig_feed_mtml_lsr_v3", "--registry", EXAMPLE.toString());
        assertThat(run.exitCode()).isZero();
        assertThat(run.out())
                .contains("tier               TIER0")
                .contains(
                        "calibration 0.95-1.05, NE regression <= 1.0%, >= 10000 events/hour, objective 99.5% (with overrides)");
        CliRun missing = CliRun.run(cwd, "registry", "show", "ig_feed_mtml_lsr_v9", "--registry", EXAMPLE.toString());
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(missing.err()).contains("did you mean 'ig_feed_mtml_lsr_v");
    }

    @Test
    void compileWritesSnapshotAndRefusesInvalidRegistry() throws IOException {
        CliRun run = CliRun.run(cwd, "registry", "compile", EXAMPLE.toString(), "--out", "out/snapshot.json");
        assertThat(run.exitCode()).isZero();
        JsonNode json =
                new ObjectMapper().readTree(cwd.resolve("out/snapshot.json").toFile());
        assertThat(json.path("models").size()).isEqualTo(96);

        Path registry = copyExample(cwd.resolve("registry"));
        Files.writeString(registry.resolve("tiers.yaml"), "kind: TierPolicies\n");
        CliRun invalid = CliRun.run(cwd, "registry", "compile", "registry", "--out", "out/bad.json");
        assertThat(invalid.exitCode()).isEqualTo(ExitCodes.FINDINGS);
        assertThat(cwd.resolve("out/bad.json")).doesNotExist();
    }

    @Test
    void codeownersCheckDetectsDrift() throws IOException {
        CliRun write = CliRun.run(
                cwd, "registry", "codeowners", EXAMPLE.toString(), "--prefix", "registry", "--out", "CODEOWNERS");
        assertThat(write.exitCode()).isZero();
        assertThat(Files.readString(cwd.resolve("CODEOWNERS")))
                .contains("/registry/models/feed_ranking/ @example/feed-ranking\n");
        CliRun current = CliRun.run(
                cwd, "registry", "codeowners", EXAMPLE.toString(), "--prefix", "registry", "--check", "CODEOWNERS");
        assertThat(current.exitCode()).isZero();
        assertThat(current.err()).contains("is up to date");
        Files.writeString(cwd.resolve("CODEOWNERS"), "/registry/ @someone\n");
        CliRun drift = CliRun.run(
                cwd, "registry", "codeowners", EXAMPLE.toString(), "--prefix", "registry", "--check", "CODEOWNERS");
        assertThat(drift.exitCode()).isEqualTo(ExitCodes.FINDINGS);
        assertThat(drift.out())
                .as("the verdict is a message for people: stderr")
                .isEmpty();
        assertThat(drift.err()).contains("is out of date");
    }

    @Test
    void everyCommandHasHelpWithExamples() {
        for (String[] command : List.of(
                new String[] {"--help"},
                new String[] {"registry", "--help"},
                new String[] {"registry", "validate", "--help"},
                new String[] {"registry", "list", "--help"},
                new String[] {"registry", "show", "--help"},
                new String[] {"registry", "diff", "--help"},
                new String[] {"registry", "compile", "--help"},
                new String[] {"registry", "codeowners", "--help"},
                new String[] {"generate", "registry", "--help"},
                new String[] {"demo", "--help"})) {
            CliRun run = CliRun.run(cwd, command);
            assertThat(run.exitCode()).as(String.join(" ", command)).isZero();
            assertThat(run.out())
                    .as(String.join(" ", command))
                    .contains("Usage: modelfleet")
                    .contains("Examples:");
        }
        assertThat(CliRun.run(cwd, "--version").out()).startsWith("modelfleet 0.1.0");
    }

    @Test
    void generateRefusesToOverwrite() throws IOException {
        Files.createDirectories(cwd.resolve("full"));
        Files.writeString(cwd.resolve("full/keep.txt"), "mine");
        CliRun run = CliRun.run(cwd, "generate", "registry", "--models", "5", "--out", "full");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(Files.readString(cwd.resolve("full/keep.txt"))).isEqualTo("mine");
        CliRun ok = CliRun.run(cwd, "generate", "registry", "--models", "5", "--out", "fresh");
        assertThat(ok.exitCode()).isZero();
        assertThat(CliRun.run(cwd, "registry", "validate", "fresh").exitCode()).isZero();
    }
}
