package io.modelfleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A pull request full of hostile files: every one is a located finding, the run ends quickly, exit 1, no stack trace. */
class TestHostileRegistry {
    @TempDir
    Path cwd;

    @Test
    @Timeout(60)
    void everyHostileFileIsALocatedFinding() throws IOException {
        Path registry = TestRegistryCommands.copyExample(cwd.resolve("registry"));
        Map<String, byte[]> hostile = new LinkedHashMap<>();
        hostile.put("duplicate_key", "kind: Model\nid: x\nid: y\n".getBytes(StandardCharsets.UTF_8));
        StringBuilder bomb = new StringBuilder("a: &a [x,x,x,x,x,x,x,x,x,x]\n");
        for (char c = 'b'; c <= 'k'; c++) {
            bomb.append(c)
                    .append(": &")
                    .append(c)
                    .append(" [")
                    .append(("*" + (char) (c - 1) + ",").repeat(9))
                    .append('*')
                    .append((char) (c - 1))
                    .append("]\n");
        }
        hostile.put("alias_bomb", bomb.toString().getBytes(StandardCharsets.UTF_8));
        hostile.put("invalid_utf8", new byte[] {'k', 'i', 'n', 'd', ':', ' ', (byte) 0xFF, '\n'});
        hostile.put("empty", new byte[0]);
        hostile.put("yaml11_boolean", "kind: Model\nsurface: no\n".getBytes(StandardCharsets.UTF_8));
        hostile.put("tabs", "kind: Model\nowner:\n\tteam: x\n".getBytes(StandardCharsets.UTF_8));
        hostile.put("python_tag", "kind: !!python/object/apply:os.system [ls]\n".getBytes(StandardCharsets.UTF_8));
        hostile.put("two_documents", "kind: Model\n---\nkind: Model\n".getBytes(StandardCharsets.UTF_8));
        hostile.put("list_at_top", "- kind: Model\n".getBytes(StandardCharsets.UTF_8));
        hostile.put("deep", ("a: " + "[".repeat(50_000)).getBytes(StandardCharsets.UTF_8));
        hostile.put("utf16", "kind: Model\n".getBytes(StandardCharsets.UTF_16));
        hostile.put("nul", "kind: Mo\0del\n".getBytes(StandardCharsets.UTF_8));
        hostile.put("huge", ("# " + "x".repeat(2 << 20) + "\n").getBytes(StandardCharsets.UTF_8));
        hostile.put("binary", new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0});
        hostile.put("octal", "kind: Model\nid: 0755\n".getBytes(StandardCharsets.UTF_8));
        for (Map.Entry<String, byte[]> entry : hostile.entrySet()) {
            Files.write(registry.resolve("models/feed_ranking/" + entry.getKey() + ".yaml"), entry.getValue());
        }

        long start = System.nanoTime();
        CliRun run = CliRun.run(cwd, "registry", "validate", "registry", "--format", "json");
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(30);
        assertThat(run.exitCode()).isEqualTo(ExitCodes.FINDINGS);
        assertThat(run.err()).isEmpty();

        JsonNode json = new ObjectMapper().readTree(run.out());
        Set<String> located = new TreeSet<>();
        for (JsonNode d : json.path("diagnostics")) {
            assertThat(d.path("line").asInt()).isPositive();
            assertThat(d.path("column").asInt()).isPositive();
            assertThat(d.path("hint").asText()).isNotBlank();
            String file = d.path("file").asText();
            located.add(file.substring(file.lastIndexOf('/') + 1).replace(".yaml", ""));
        }
        assertThat(located).containsAll(hostile.keySet());
        // the rest of the fleet still validated: no finding outside the hostile files
        assertThat(located).hasSize(hostile.size());
    }

    @Test
    void unusualButValidFilesStillValidate() throws IOException {
        Path registry = TestRegistryCommands.copyExample(cwd.resolve("registry"));
        Path file = registry.resolve("models/feed_ranking/ig_feed_mtml_lsr_v3.yaml");
        String text = Files.readString(file);
        String crlf = "# leading comment\n" + text.replace("\n", "  # trailing comment\n");
        byte[] body = crlf.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[body.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(body, 0, withBom, 3, body.length);
        Files.write(file, withBom);
        CliRun run = CliRun.run(cwd, "registry", "validate", "registry");
        assertThat(run.exitCode()).as(run.out()).isZero();
    }
}
