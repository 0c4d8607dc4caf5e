package io.modelfleet.registry;

import static io.modelfleet.registry.RegistryFixtures.copyExample;
import static io.modelfleet.registry.RegistryFixtures.read;
import static io.modelfleet.registry.RegistryFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The version results are stamped with, for a registry folder inside a real git checkout: the
 * commit only when git tracks every registry file and none differs from it, else the content hash.
 */
class TestRegistryVersion {
    private static final String MODEL = "models/search_ranking/ig_search_mtml_esr_v3.yaml";

    @TempDir
    Path repo;

    @TempDir
    Path out;

    private String git(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                "git",
                "-C",
                repo.toString(),
                "-c",
                "user.name=t",
                "-c",
                "user.email=t@x.io",
                "-c",
                "commit.gpgsign=false"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes()).strip();
        assertThat(process.waitFor())
                .as("git %s: %s", String.join(" ", args), output)
                .isZero();
        return output;
    }

    /** A checkout with one commit holding {@code README.md} and whatever is staged besides. */
    private String commitAll() throws IOException, InterruptedException {
        write(repo, "README.md", "a checkout\n");
        git("init", "-q", "-b", "main");
        git("add", "-A");
        git("commit", "-q", "-m", "base");
        return git("rev-parse", "HEAD");
    }

    private static Registry load(Path registry) {
        return RegistryLoader.load(registry).registry();
    }

    private JsonNode compile(Registry registry) {
        return RegistrySnapshot.compile(registry, out.resolve("snapshot.json"));
    }

    @Test
    void ignoredFolderIsVersionedByContentAndTheVersionFollowsEdits() throws Exception {
        write(repo, ".gitignore", "reg/\n");
        Path registry = copyExample(repo.resolve("reg"));
        String head = commitAll();
        assertThat(git("status", "--porcelain", "--", "reg"))
                .as("git status does not show ignored files")
                .isEmpty();

        Registry before = load(registry);
        String versionBefore = RegistrySnapshot.version(before);
        assertThat(versionBefore).isEqualTo("sha256:" + before.contentHash()).isNotEqualTo("git:" + head);
        JsonNode json = compile(before);
        assertThat(json.path("git_commit").asText()).isEqualTo(head);
        assertThat(json.path("git_dirty").asBoolean()).isTrue();

        write(registry, MODEL, read(registry, MODEL) + "# edited\n");
        Registry after = load(registry);
        String versionAfter = RegistrySnapshot.version(after);
        assertThat(versionAfter).isEqualTo("sha256:" + after.contentHash());
        assertThat(versionAfter).isNotEqualTo(versionBefore);
    }

    @Test
    void untrackedFolderIsVersionedByContent() throws Exception {
        String head = commitAll();
        Path registry = copyExample(repo.resolve("reg"));

        Registry loaded = load(registry);
        assertThat(RegistrySnapshot.version(loaded)).isEqualTo("sha256:" + loaded.contentHash());
        JsonNode json = compile(loaded);
        assertThat(json.path("git_commit").asText()).isEqualTo(head);
        assertThat(json.path("git_dirty").asBoolean()).isTrue();
    }

    @Test
    void trackedAndCleanFolderIsVersionedByTheCommit() throws Exception {
        Path registry = copyExample(repo.resolve("reg"));
        String head = commitAll();

        Registry loaded = load(registry);
        assertThat(RegistrySnapshot.version(loaded)).isEqualTo("git:" + head);
        JsonNode json = compile(loaded);
        assertThat(json.path("git_commit").asText()).isEqualTo(head);
        assertThat(json.path("git_dirty").asBoolean()).isFalse();
        assertThat(json.path("content_hash").asText()).isEqualTo(loaded.contentHash());
    }

    @Test
    void trackedButEditedFolderIsVersionedByContent() throws Exception {
        Path registry = copyExample(repo.resolve("reg"));
        String head = commitAll();
        write(registry, MODEL, read(registry, MODEL) + "# edited\n");

        Registry loaded = load(registry);
        String version = RegistrySnapshot.version(loaded);
        assertThat(version).isEqualTo("sha256:" + loaded.contentHash()).isNotEqualTo("git:" + head);
        JsonNode json = compile(loaded);
        assertThat(json.path("git_commit").asText()).isEqualTo(head);
        assertThat(json.path("git_dirty").asBoolean()).isTrue();
    }

    @Test
    void oneIgnoredModelInATrackedFolderIsEnoughToVersionByContent() throws Exception {
        // git status stays silent about the ignored file: only comparing what git tracks with what
        // the loader read catches it.
        Path registry = copyExample(repo.resolve("reg"));
        String head = commitAll();
        String extra = "models/search_ranking/ig_search_extra_v1.yaml";
        write(repo, ".git/info/exclude", "reg/" + extra + "\n");
        write(registry, extra, read(registry, MODEL).replace("ig_search_mtml_esr_v3", "ig_search_extra_v1"));
        assertThat(git("status", "--porcelain", "--", "reg")).isEmpty();

        Registry loaded = load(registry);
        assertThat(loaded.model("ig_search_extra_v1")).isPresent();
        assertThat(RegistrySnapshot.version(loaded))
                .isEqualTo("sha256:" + loaded.contentHash())
                .isNotEqualTo("git:" + head);
    }
}
