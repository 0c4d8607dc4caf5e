package io.modelfleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A misnamed file with a YAML 1.1 boolean, an octal-looking number and schema errors: every finding in
 * one run, in each output format, located and in the same order.
 */
class TestValidateReportsEveryFinding {
    private static final String FILE = "registry/models/explore_ranking/ig_explore_ctr_esr_v9.yml";

    /**
     * Line 8 tier TIER9; line 14 'yes' (text in YAML 1.2, so also not a lifecycle); line 18 '0755' (read
     * as 755, a valid replica count): five findings, counted by hand.
     */
    private static final String ENTRY = """
            kind: Model
            id: ig_explore_ctr_esr_v9
            type: ig_explore_ctr
            description: Ranks explore candidates early.
            business_function: engagement
            surface: explore
            funnel_stage: esr
            tier: TIER9
            owner:
              team: explore_ranking
              oncall: explore-ranking-oncall
              contacts: [chen@example.com]
            pool: explore_ranking_shared
            lifecycle: yes
            serving:
              version: v1
              artifact: s3://models/ig_explore_ctr_esr/v9/model.pt
              replicas: 0755
              resources: {cpu: 8, memory_gb: 32}
              scorer: {kind: dense, input_width: 96, hidden: [64]}
            """;

    private static final List<String> EXPECTED = List.of(
            FILE + ":1:1: [file-extension] registry files end in .yaml, not .yml",
            FILE + ":8:7: [schema/enum] 'tier' is 'TIER9', which is not allowed",
            FILE + ":14:12: [schema/enum] 'lifecycle' is 'yes', which is not allowed",
            FILE + ":14:12: [yaml-ambiguous-boolean] 'yes' is text in YAML 1.2 but the boolean true in YAML 1.1 tools",
            FILE + ":18:13: [yaml-ambiguous-number] '0755' has a leading zero: YAML 1.1 tools read it as an octal"
                    + " number");

    @TempDir
    Path cwd;

    @BeforeEach
    void misnamedEntryWithStyleAndSchemaFindings() throws IOException {
        Path registry = CliRun.copyExample(cwd.resolve("registry"));
        Files.writeString(registry.resolve("models/explore_ranking/ig_explore_ctr_esr_v9.yml"), ENTRY);
    }

    @Test
    void textListsEveryFindingOfTheFile() {
        CliRun run = CliRun.run(cwd, "registry", "validate", "registry");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.FINDINGS);
        List<String> findings =
                run.out().lines().filter(l -> l.startsWith("registry/")).toList();
        assertThat(findings).containsExactlyElementsOf(EXPECTED);
        assertThat(run.out()).contains("registry invalid: 5 errors in 1 file");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void jsonCarriesEveryFinding() throws IOException {
        CliRun run = CliRun.run(cwd, "registry", "validate", "registry", "--format", "json");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.FINDINGS);
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.path("errors").asInt()).isEqualTo(EXPECTED.size());
        List<String> findings = new ArrayList<>();
        for (JsonNode d : json.path("diagnostics")) {
            findings.add(d.path("file").asText() + ":" + d.path("line").asInt() + ":"
                    + d.path("column").asInt() + ": [" + d.path("rule").asText() + "] "
                    + d.path("message").asText());
            assertThat(d.path("severity").asText()).isEqualTo("error");
            assertThat(d.path("hint").asText()).isNotBlank();
        }
        assertThat(findings).containsExactlyElementsOf(EXPECTED);
        // the misnamed entry is checked but is no part of the registry: the sample's 96 models stay
        assertThat(json.path("models").asInt()).isEqualTo(96);
    }

    @Test
    void githubAnnotatesEveryFinding() {
        CliRun run = CliRun.run(cwd, "registry", "validate", "registry", "--format", "github");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.FINDINGS);
        List<String> annotations =
                run.out().lines().filter(l -> l.startsWith("::error ")).toList();
        assertThat(annotations)
                .extracting(l -> l.substring(0, l.indexOf("]::") + 1))
                .containsExactly(
                        "::error file=" + FILE + ",line=1,col=1,title=[file-extension]",
                        "::error file=" + FILE + ",line=8,col=7,title=[schema/enum]",
                        "::error file=" + FILE + ",line=14,col=12,title=[schema/enum]",
                        "::error file=" + FILE + ",line=14,col=12,title=[yaml-ambiguous-boolean]",
                        "::error file=" + FILE + ",line=18,col=13,title=[yaml-ambiguous-number]");
        assertThat(annotations)
                .extracting(l -> l.substring(l.indexOf("]::") + 3, l.indexOf("%0Ahint: ")))
                .containsExactlyElementsOf(EXPECTED.stream()
                        .map(l -> l.substring(l.indexOf("] ") + 2))
                        .toList());
    }
}
