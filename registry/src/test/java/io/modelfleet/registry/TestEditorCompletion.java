package io.modelfleet.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The schema association works in a real editor engine: runs build-tools/editor-check, which drives
 * yaml-language-server over stdio and asks for completion of {@code tier}, {@code surface} and
 * {@code funnel_stage} in a model entry carrying the examples' modeline. Installs the pinned server
 * with {@code npm ci} on first use. Skipped, saying what to install, where Node.js is missing.
 */
class TestEditorCompletion {
    private static final Path EDITOR_CHECK =
            Path.of("..", "build-tools", "editor-check").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void yamlLanguageServerCompletesModelEntriesThroughTheModeline() throws IOException, InterruptedException {
        String missing = "node and npm are not on the PATH: install Node.js 18 or newer (apt-get install -y nodejs npm)"
                + " to run the editor check in build-tools/editor-check";
        // CI (.ci/run) installs them and says so: there a missing Node.js fails rather than skips
        if ("required".equals(System.getenv("MODELFLEET_EXTERNAL_TOOLS"))) {
            assertThat(onPath("node") && onPath("npm")).as(missing).isTrue();
        }
        assumeTrue(onPath("node") && onPath("npm"), missing);
        if (!installed()) {
            Result install = run(List.of("npm", "ci", "--no-audit", "--no-fund"), 180);
            if (install.exitCode() != 0 || !installed()) {
                fail("npm ci in " + EDITOR_CHECK + " failed (exit " + install.exitCode()
                        + "): is the npm registry reachable? Run it by hand to see; its output:\n" + install.output());
            }
        }
        Result check = run(List.of("node", "check-completion.mjs"), 60);
        assertThat(check.exitCode())
                .as("node check-completion.mjs said:\n%s", check.output())
                .isZero();
        assertThat(check.output())
                .contains("completion at 'tier: ' offers TIER0, TIER1, TIER2, TIER3, TIER4")
                .contains("yaml-language-server completes and checks model entries through the modeline");
    }

    /** The server is installed at the version package.json pins (a bumped pin reinstalls). */
    private static boolean installed() throws IOException {
        Path installed = EDITOR_CHECK.resolve("node_modules/yaml-language-server/package.json");
        if (!Files.isRegularFile(installed)) {
            return false;
        }
        ObjectMapper json = new ObjectMapper();
        String pinned = json.readTree(EDITOR_CHECK.resolve("package.json").toFile())
                .path("dependencies")
                .path("yaml-language-server")
                .asText();
        return json.readTree(installed.toFile()).path("version").asText().equals(pinned);
    }

    private record Result(int exitCode, String output) {}

    private Result run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        Path output = Files.createTempFile(dir, "editor-check", ".log");
        Process process = new ProcessBuilder(command)
                .directory(EDITOR_CHECK.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail(String.join(" ", command) + " in " + EDITOR_CHECK + " did not finish within " + timeoutSeconds
                    + " s; its output:\n" + Files.readString(output, StandardCharsets.UTF_8));
        }
        return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String folder : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(folder, program))) {
                return true;
            }
        }
        return false;
    }
}
