package io.modelfleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code generate registry} writes modelines for this build's published schemas, or where --schema-base says. */
class TestGenerateRegistryModelines {
    private static final String FOLDER = "schemas/src/main/resources/modelfleet/schemas/";

    @TempDir
    Path cwd;

    private static String firstLine(Path file) throws IOException {
        return Files.readAllLines(file).get(0);
    }

    @Test
    void aSnapshotBuildPointsAtTheSchemasOnMain() throws IOException {
        // The build under test is 0.1.0-SNAPSHOT: no release tag exists for it yet.
        CliRun run = CliRun.run(cwd, "generate", "registry", "--models", "3", "--teams", "1", "--out", "fleet");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        assertThat(firstLine(cwd.resolve("fleet/tiers.yaml")))
                .isEqualTo("# yaml-language-server: $schema=https://raw.githubusercontent.com/example/modelfleet/main/"
                        + FOLDER + "tier-policies.schema.json");
        assertThat(firstLine(cwd.resolve("fleet/teams/feed_ranking.yaml")))
                .endsWith("/main/" + FOLDER + "team.schema.json");
        CliRun valid = CliRun.run(cwd, "registry", "validate", "fleet");
        assertThat(valid.exitCode()).as(valid.out()).isEqualTo(ExitCodes.OK);
    }

    @Test
    void schemaBaseFolderIsWrittenRelativeToEachFile() throws IOException {
        Path schemas = Files.createDirectories(cwd.resolve("modelfleet-0.1.0/schemas"));
        Files.writeString(schemas.resolve("model.schema.json"), "{}");
        CliRun run = CliRun.run(
                cwd,
                "generate",
                "registry",
                "--models",
                "3",
                "--teams",
                "1",
                "--out",
                "fleet",
                "--schema-base",
                "modelfleet-0.1.0/schemas",
                "--format",
                "json");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        assertThat(run.err()).isEmpty();
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.path("schemas").asText()).isEqualTo(schemas.toString());
        try (var models = Files.list(cwd.resolve("fleet/models/feed_ranking"))) {
            Path model = models.findFirst().orElseThrow();
            assertThat(firstLine(model))
                    .isEqualTo("# yaml-language-server: $schema=../../../modelfleet-0.1.0/schemas/model.schema.json");
        }
    }

    @Test
    void aFolderWithoutTheSchemasIsWrittenWithAWarning() throws IOException {
        CliRun run = CliRun.run(
                cwd,
                "generate",
                "registry",
                "--models",
                "2",
                "--teams",
                "1",
                "--out",
                "fleet",
                "--schema-base",
                "/opt/nowhere/schemas");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(run.err())
                .contains("warning: /opt/nowhere/schemas/model.schema.json does not exist; the files' modelines point"
                        + " there, so editors find no schema until it does");
        assertThat(firstLine(cwd.resolve("fleet/tiers.yaml")))
                .isEqualTo("# yaml-language-server: $schema=/opt/nowhere/schemas/tier-policies.schema.json");
    }

    @Test
    void helpNamesTheOptionAndShowsAnExample() {
        CliRun run = CliRun.run(cwd, "generate", "registry", "--help");
        assertThat(run.out())
                .contains("--schema-base=URL|DIR")
                .contains("  https://raw.githubusercontent.com/example/modelfleet/v<version>/\n    " + FOLDER
                        + "<kind>.schema.json\n")
                .contains(
                        "modelfleet generate registry --models 50 --out fleet --schema-base modelfleet-0.1.0/schemas");
    }
}
