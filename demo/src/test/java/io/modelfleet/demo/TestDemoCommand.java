package io.modelfleet.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelfleet.cli.CliRun;
import io.modelfleet.cli.ExitCodes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestDemoCommand {
    @TempDir
    Path cwd;

    private String sample() {
        return CliRun.EXAMPLE.toString();
    }

    @Test
    void demoLaysOutADeploymentAndSummarizesTheFleet() throws IOException {
        CliRun run = CliRun.run(cwd, "demo", "--workdir", "demo", "--sample", sample(), "--registry-only");
        assertThat(run.exitCode()).as(run.err()).isZero();
        Path demo = cwd.resolve("demo");
        assertThat(demo.resolve("registry/tiers.yaml")).exists();
        assertThat(demo.resolve("logs")).isDirectory();
        assertThat(demo.resolve("warehouse")).isDirectory();
        assertThat(demo.resolve("modelfleet.yaml")).exists();
        long files;
        try (var walk = Files.walk(demo.resolve("registry"))) {
            files = walk.filter(p -> p.toString().endsWith(".yaml")).count();
        }
        assertThat(run.out()).contains("valid: " + files + " files, 96 models, 8 teams, 16 pools");
        assertThat(run.out()).contains("TIER0").contains("by surface: ").contains("by stage: ");

        // a second command can point at what the demo wrote
        CliRun list = CliRun.run(demo, "registry", "list", "--tier", "TIER0", "--format", "csv");
        assertThat(list.exitCode()).isZero();
        assertThat(list.out().lines().count()).isGreaterThan(1);
    }

    @Test
    void jsonSummaryOnStdoutStoryOnStderr() throws IOException {
        CliRun run = CliRun.run(
                cwd, "demo", "--workdir", "demo", "--sample", sample(), "--registry-only", "--format", "json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains("1. Registry as code").contains("3. What CI says");
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.path("workdir").asText()).isEqualTo(cwd.resolve("demo").toString());

        // independent counts: the sample's files, read as text
        List<String> models;
        long yamlFiles;
        long teams;
        try (Stream<Path> files = Files.walk(CliRun.EXAMPLE.resolve("models"));
                Stream<Path> all = Files.walk(CliRun.EXAMPLE);
                Stream<Path> teamFiles = Files.list(CliRun.EXAMPLE.resolve("teams"))) {
            models = files.filter(f -> f.toString().endsWith(".yaml"))
                    .map(TestDemoCommand::read)
                    .toList();
            yamlFiles = all.filter(f -> f.toString().endsWith(".yaml")).count();
            teams = teamFiles.count();
        }
        JsonNode registry = json.path("registry");
        assertThat(registry.path("folder").asText())
                .isEqualTo(cwd.resolve("demo/registry").toString());
        assertThat(registry.path("files").asLong()).isEqualTo(yamlFiles);
        assertThat(registry.path("models").asInt()).isEqualTo(models.size());
        assertThat(registry.path("serving_models").asLong())
                .isEqualTo(models.stream()
                        .filter(m -> !m.contains("\nlifecycle: deprecated"))
                        .count());
        assertThat(registry.path("teams").asLong()).isEqualTo(teams);

        JsonNode careless = json.path("careless_pull_request");
        assertThat(careless.path("valid").asBoolean(true)).isFalse();
        assertThat(careless.path("errors").asInt()).isPositive();
        assertThat(careless.path("rules").size()).isPositive();
        CliRun validate =
                CliRun.run(cwd, "registry", "validate", "demo/scratch/pull-request/registry", "--format", "json");
        assertThat(careless.path("errors").asLong())
                .isEqualTo(new ObjectMapper()
                        .readTree(validate.out())
                        .path("errors")
                        .asLong());

        // the Spark parts did not run
        assertThat(json.path("slo").isNull()).isTrue();
        assertThat(json.path("launch").isNull()).isTrue();
        assertThat(json.path("scheduler").isNull()).isTrue();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void demoCanRunAgainInItsOwnFolder() {
        assertThat(CliRun.run(cwd, "demo", "--workdir", "demo", "--sample", sample(), "--registry-only")
                        .exitCode())
                .isZero();
        assertThat(CliRun.run(cwd, "demo", "--workdir", "demo", "--sample", sample(), "--registry-only")
                        .exitCode())
                .isZero();
    }

    @Test
    void demoNeverWritesIntoAFolderItDidNotCreate() throws IOException {
        Files.createDirectories(cwd.resolve("mine"));
        Files.writeString(cwd.resolve("mine/notes.txt"), "keep me");
        CliRun run = CliRun.run(cwd, "demo", "--workdir", "mine", "--sample", sample(), "--registry-only");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("holds files the demo did not create");
        assertThat(cwd.resolve("mine").toFile().list()).containsExactly("notes.txt");
    }
}
