package io.modelfleet.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelfleet.cli.CliRun;
import io.modelfleet.cli.ExitCodes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
        assertThat(run.out()).contains("valid: 105 files, 96 models, 8 teams, 16 pools");
        assertThat(run.out()).contains("TIER0").contains("by surface: ").contains("by stage: ");

        // a second command can point at what the demo wrote
        CliRun list = CliRun.run(demo, "registry", "list", "--tier", "TIER0", "--format", "csv");
        assertThat(list.exitCode()).isZero();
        assertThat(list.out().lines().count()).isGreaterThan(1);
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
