package io.modelfleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --format json of the lean commands, checked against what they wrote or read. */
class TestJsonFormats {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path cwd;

    @Test
    void diffWritesNumbersFromTheYamlAsJsonNumbers() throws IOException, InterruptedException {
        Path registry = CliRun.copyExample(cwd.resolve("repo/registry"));
        git("init", "-q", ".");
        git("add", "-A");
        git("-c", "user.name=test", "-c", "user.email=test@example.com", "commit", "-q", "-m", "base");
        Path file = registry.resolve("models/feed_ranking/ig_feed_mtml_lsr_v3.yaml");
        String before = Files.readString(file);
        long replicasBefore = Long.parseLong(yamlValue(before, "replicas"));
        double calibrationBefore = Double.parseDouble(yamlValue(before, "calibration_max"));
        String after = before.replace("replicas: " + replicasBefore, "replicas: " + (replicasBefore + 12))
                .replace("calibration_max: " + yamlValue(before, "calibration_max"), "calibration_max: 1.1")
                .replace("version: v3", "version: v4");
        Files.writeString(file, after);

        CliRun run =
                CliRun.run(cwd.resolve("repo"), "registry", "diff", "--base", "HEAD", "registry", "--format", "json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode json = MAPPER.readTree(run.out());
        assertThat(json.path("base").asText()).isEqualTo("HEAD");
        JsonNode changed = json.path("changed").path(0);
        assertThat(changed.path("id").asText()).isEqualTo("ig_feed_mtml_lsr_v3");

        JsonNode replicas = field(changed, "serving.replicas");
        assertThat(replicas.path("before").isIntegralNumber())
                .as(replicas.toString())
                .isTrue();
        assertThat(replicas.path("before").asLong()).isEqualTo(replicasBefore);
        assertThat(replicas.path("after").asLong()).isEqualTo(Long.parseLong(yamlValue(after, "replicas")));
        JsonNode calibration = field(changed, "slo.calibration_max");
        assertThat(calibration.path("before").isNumber())
                .as(calibration.toString())
                .isTrue();
        assertThat(calibration.path("before").asDouble()).isEqualTo(calibrationBefore);
        assertThat(calibration.path("after").asDouble()).isEqualTo(1.1);
        // text stays text
        JsonNode version = field(changed, "serving.version");
        assertThat(version.path("before").isTextual()).isTrue();
        assertThat(version.path("after").asText()).isEqualTo("v4");
        assertThat(json.path("second_look").path(0).path("kind").asText()).isEqualTo("slo-loosened");
    }

    @Test
    void diffMarkdownSummarizesAPullRequest() throws IOException, InterruptedException {
        Path registry = CliRun.copyExample(cwd.resolve("repo/registry"));
        git("init", "-q", ".");
        git("add", "-A");
        git("-c", "user.name=test", "-c", "user.email=test@example.com", "commit", "-q", "-m", "base");
        Path file = registry.resolve("models/feed_ranking/ig_feed_mtml_lsr_v3.yaml");
        String before = Files.readString(file);
        long replicas = Long.parseLong(yamlValue(before, "replicas"));
        Files.writeString(file, before.replace("replicas: " + replicas, "replicas: " + (replicas + 12)));

        CliRun run = CliRun.run(cwd.resolve("repo"), "registry", "diff", "--base", "HEAD", "registry");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .startsWith("<!-- modelfleet-plan -->\n## Registry plan: `HEAD` → `working tree`")
                .contains("**0 added, 0 removed, 1 changed**")
                .contains("#### `ig_feed_mtml_lsr_v3` (registry/models/feed_ranking/ig_feed_mtml_lsr_v3.yaml)")
                .contains("| `serving.replicas` | `" + replicas + "` | `" + (replicas + 12) + "` |");
    }

    private static JsonNode field(JsonNode change, String name) {
        for (JsonNode field : change.path("fields")) {
            if (field.path("field").asText().equals(name)) {
                return field;
            }
        }
        throw new AssertionError("no field " + name + " in " + change);
    }

    private static String yamlValue(String yaml, String key) {
        Matcher m = Pattern.compile("(?m)^\\s*" + key + ": ([0-9.]+)\\s*$").matcher(yaml);
        assertThat(m.find()).as(key + " in the YAML").isTrue();
        return m.group(1);
    }

    private void git(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command)
                .directory(cwd.resolve("repo").toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor())
                .as(String.join(" ", command) + ": " + output)
                .isZero();
    }

    @Test
    void codeownersJsonHasTheLinesItWritesAndTheCheckVerdict() throws IOException {
        String registry = CliRun.EXAMPLE.toString();
        CliRun text =
                CliRun.run(cwd, "registry", "codeowners", registry, "--prefix", "registry", "--out", "CODEOWNERS");
        assertThat(text.exitCode()).as(text.err()).isZero();
        List<String> written = Files.readAllLines(cwd.resolve("CODEOWNERS"));
        long teams;
        try (Stream<Path> files = Files.list(CliRun.EXAMPLE.resolve("teams"))) {
            teams = files.count();
        }

        CliRun printed =
                CliRun.run(cwd, "registry", "codeowners", registry, "--prefix", "registry", "--format", "json");
        assertThat(printed.exitCode()).as(printed.err()).isZero();
        JsonNode json = MAPPER.readTree(printed.out());
        assertThat(json.path("file").isNull()).isTrue();
        assertThat(json.path("teams").asLong()).isEqualTo(teams);
        assertThat(MAPPER.convertValue(json.path("lines"), String[].class)).containsExactlyElementsOf(written);

        CliRun toFile = CliRun.run(
                cwd, "registry", "codeowners", registry, "--prefix", "registry", "--out", "O2", "--format", "json");
        assertThat(MAPPER.readTree(toFile.out()).path("file").asText())
                .isEqualTo(cwd.resolve("O2").toString());
        assertThat(Files.readAllLines(cwd.resolve("O2"))).isEqualTo(written);

        CliRun current = CliRun.run(
                cwd,
                "registry",
                "codeowners",
                registry,
                "--prefix",
                "registry",
                "--check",
                "CODEOWNERS",
                "--format",
                "json");
        assertThat(current.exitCode()).isZero();
        JsonNode verdict = MAPPER.readTree(current.out());
        assertThat(verdict.path("file").asText())
                .isEqualTo(cwd.resolve("CODEOWNERS").toString());
        assertThat(verdict.path("up_to_date").isBoolean()).isTrue();
        assertThat(verdict.path("up_to_date").asBoolean()).isTrue();

        Files.writeString(cwd.resolve("CODEOWNERS"), "/registry/ @someone\n");
        CliRun stale = CliRun.run(
                cwd,
                "registry",
                "codeowners",
                registry,
                "--prefix",
                "registry",
                "--check",
                "CODEOWNERS",
                "--format",
                "json");
        assertThat(stale.exitCode()).isEqualTo(ExitCodes.FINDINGS);
        assertThat(MAPPER.readTree(stale.out()).path("up_to_date").asBoolean(true))
                .isFalse();
    }

    @Test
    void generateRegistryJsonCountsWhatItWrote() throws IOException {
        CliRun run = CliRun.run(
                cwd, "generate", "registry", "--models", "30", "--teams", "9", "--out", "fleet", "--format", "json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode json = MAPPER.readTree(run.out());
        Path fleet = cwd.resolve("fleet");
        assertThat(json.path("folder").asText()).isEqualTo(fleet.toString());
        try (Stream<Path> models = Files.walk(fleet.resolve("models"));
                Stream<Path> teams = Files.list(fleet.resolve("teams"))) {
            assertThat(json.path("models").asLong())
                    .isEqualTo(30)
                    .isEqualTo(
                            models.filter(f -> f.toString().endsWith(".yaml")).count());
            assertThat(json.path("teams").asLong()).isEqualTo(9).isEqualTo(teams.count());
        }
        assertThat(json.path("seconds").isNumber()).isTrue();
        CliRun validate = CliRun.run(cwd, "registry", "validate", "fleet", "--format", "json");
        assertThat(MAPPER.readTree(validate.out()).path("models").asLong()).isEqualTo(30);
    }

    @Test
    void aFormatTheCommandDoesNotWriteIsRefusedWithWhatItDoes() {
        CliRun run = CliRun.run(cwd, "registry", "codeowners", CliRun.EXAMPLE.toString(), "--format", "csv");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--format csv is not one this command writes; use text or json");
        CliRun help = CliRun.run(cwd, "generate", "registry", "--help");
        assertThat(help.out()).contains("Output: text, json (default: text).");
    }
}
