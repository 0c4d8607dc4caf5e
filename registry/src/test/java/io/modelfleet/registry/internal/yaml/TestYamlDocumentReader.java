package io.modelfleet.registry.internal.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Hostile and unusual YAML: each is a located error or a clean parse, never a crash or a hang. */
class TestYamlDocumentReader {
    private static YamlDocument read(String text) throws YamlProblem {
        return YamlDocumentReader.readLocated(text.getBytes(StandardCharsets.UTF_8));
    }

    private static YamlProblem problem(byte[] bytes) {
        try {
            YamlDocumentReader.readLocated(bytes);
        } catch (YamlProblem problem) {
            // The fast path must refuse the same input by the same rule (it is re-read with positions when it
            // does, so its own message may lack them).
            assertThatThrownBy(() -> YamlDocumentReader.read(bytes))
                    .isInstanceOfSatisfying(
                            YamlProblem.class, fast -> assertThat(fast.rule()).isEqualTo(problem.rule()));
            return problem;
        }
        throw new AssertionError("expected a YAML problem");
    }

    private static YamlProblem problem(String text) {
        return problem(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads a document the reader reads past findings in, and checks the fast path meets the same
     * findings (it is re-read with positions when it does).
     */
    private static YamlDocument withFindings(String text) throws YamlProblem {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        YamlDocument located = YamlDocumentReader.readLocated(bytes);
        assertThat(located.findings()).as("findings in %s", text).isNotEmpty();
        assertThat(YamlDocumentReader.read(bytes).findings())
                .extracting(YamlProblem::rule)
                .containsExactlyElementsOf(
                        located.findings().stream().map(YamlProblem::rule).toList());
        return located;
    }

    private static YamlProblem onlyFinding(YamlDocument document) {
        assertThat(document.findings()).hasSize(1);
        return document.findings().get(0);
    }

    @Test
    void recordsPositionsOfValuesAndKeys() throws YamlProblem {
        YamlDocument doc = read("kind: Model\nowner:\n  team: feed\n  contacts: [a@x.io, b@x.io]\n");
        assertThat(doc.root().path("owner").path("team").asText()).isEqualTo("feed");
        assertThat(doc.locations().ofValue("/owner/team")).containsExactly(3, 9);
        assertThat(doc.locations().ofKey("/owner/team")).containsExactly(3, 3);
        assertThat(doc.locations().ofValue("/owner/contacts/1")).containsExactly(4, 22);
        // unknown pointers fall back to the nearest ancestor
        assertThat(doc.locations().ofValue("/owner/missing")).containsExactly(3, 3);
    }

    @Test
    void resolvesScalarsByYaml12CoreSchema() throws YamlProblem {
        YamlDocument doc =
                read("a: 12\nb: 1.5\nc: true\nd: ~\ne: '12'\nf: 0x1F\ng: hello world\nh: 2029-06-30\ni: -3\n");
        assertThat(doc.root().get("a").isIntegralNumber()).isTrue();
        assertThat(doc.root().get("a").asLong()).isEqualTo(12);
        assertThat(doc.root().get("b").asDouble()).isEqualTo(1.5);
        assertThat(doc.root().get("c").asBoolean()).isTrue();
        assertThat(doc.root().get("d").isNull()).isTrue();
        assertThat(doc.root().get("e").isTextual()).isTrue();
        assertThat(doc.root().get("f").asLong()).isEqualTo(31);
        assertThat(doc.root().get("g").asText()).isEqualTo("hello world");
        assertThat(doc.root().get("h").asText()).isEqualTo("2029-06-30");
        assertThat(doc.root().get("i").asLong()).isEqualTo(-3);
    }

    @Test
    void duplicateKeyNamesBothPositionsAndTheLastValueIsReadOn() throws YamlProblem {
        YamlDocument doc = withFindings("kind: Model\ntier: TIER1\nid: x\ntier: TIER0\n");
        YamlProblem p = onlyFinding(doc);
        assertThat(p.rule()).isEqualTo("yaml-duplicate-key");
        assertThat(p.line()).isEqualTo(4);
        assertThat(p.column()).isEqualTo(1);
        assertThat(p.getMessage()).isEqualTo("duplicate key 'tier' (first defined at line 2, column 1)");
        // the last value wins, as in the YAML loaders that accept duplicates, and is located where it is
        assertThat(doc.root().get("tier").asText()).isEqualTo("TIER0");
        assertThat(doc.locations().ofValue("/tier")).containsExactly(4, 7);
        assertThat(doc.root().get("id").asText()).isEqualTo("x");
    }

    @Test
    void duplicateKeyInNestedFlowMapping() throws YamlProblem {
        YamlDocument doc = withFindings("serving:\n  resources: {cpu: 1, cpu: 2}\n");
        YamlProblem p = onlyFinding(doc);
        assertThat(p.rule()).isEqualTo("yaml-duplicate-key");
        assertThat(p.line()).isEqualTo(2);
        assertThat(p.column()).isEqualTo(23);
        assertThat(doc.root().path("serving").path("resources").path("cpu").asInt())
                .isEqualTo(2);
    }

    @Test
    void aKeyRepeatedThreeTimesNamesItsFirstPositionEachTime() throws YamlProblem {
        YamlDocument doc = withFindings("a: 1\nb: 2\na: 3\na: 4\n");
        assertThat(doc.findings())
                .extracting(YamlProblem::line, YamlProblem::getMessage)
                .containsExactly(
                        tuple(3, "duplicate key 'a' (first defined at line 1, column 1)"),
                        tuple(4, "duplicate key 'a' (first defined at line 1, column 1)"));
        assertThat(doc.root().get("a").asInt()).isEqualTo(4);
    }

    @Test
    @Timeout(10)
    void billionLaughsIsRefusedWithoutExpanding() {
        StringBuilder yaml =
                new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (char c = 'b'; c <= 'j'; c++) {
            char prev = (char) (c - 1);
            yaml.append(c).append(": &").append(c).append(" [");
            for (int i = 0; i < 9; i++) {
                yaml.append(i == 0 ? "" : ",").append('*').append(prev);
            }
            yaml.append("]\n");
        }
        long before = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        YamlProblem p = problem(yaml.toString());
        assertThat(p.rule()).isEqualTo("yaml-too-large");
        assertThat(p.getMessage()).contains("more than " + YamlDocumentReader.MAX_NODES + " nodes");
        long after = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        assertThat(after - before).isLessThan(256L << 20);
    }

    @Test
    void aliasesWithinLimitsAreExpanded() throws YamlProblem {
        YamlDocument doc = read("base: &r {cpu: 4, memory_gb: 16}\ncopy: *r\n");
        assertThat(doc.root().path("copy").path("cpu").asInt()).isEqualTo(4);
    }

    @Test
    void recursiveAliasIsAnError() {
        YamlProblem p = problem("a: &x [1, *x]\n");
        assertThat(p.rule()).isEqualTo("yaml-alias");
        assertThat(p.line()).isEqualTo(1);
        assertThat(p.column()).isEqualTo(11);
    }

    @Test
    void undefinedAliasIsALocatedError() {
        YamlProblem p = problem("a: 1\nb: *nowhere\n");
        assertThat(p.line()).isEqualTo(2);
        assertThat(p.column()).isEqualTo(4);
    }

    @Test
    void invalidUtf8IsLocatedToTheByte() {
        byte[] bytes = "kind: Model\nid: ab\n".getBytes(StandardCharsets.US_ASCII);
        byte[] bad = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, bad, 0, 17);
        bad[17] = (byte) 0xC3; // a lead byte followed by a newline: malformed
        System.arraycopy(bytes, 17, bad, 18, bytes.length - 17);
        YamlProblem p = problem(bad);
        assertThat(p.rule()).isEqualTo("yaml-encoding");
        assertThat(p.line()).isEqualTo(2);
        assertThat(p.column()).isEqualTo(6);
        assertThat(p.getMessage()).isEqualTo("invalid UTF-8 byte 0xC3");
    }

    @Test
    void utf16IsRefusedWithAHint() {
        byte[] bytes = "\uFEFFkind: Model\n".getBytes(StandardCharsets.UTF_16LE);
        YamlProblem p = problem(bytes);
        assertThat(p.rule()).isEqualTo("yaml-encoding");
        assertThat(p.hint()).contains("UTF-8");
    }

    @Test
    void byteOrderMarkWindowsLineEndingsAndCommentsAreFine() throws YamlProblem {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] body = "# header\r\nkind: Model # trailing\r\n# between\r\nid: caf\u00e9_x\r\n"
                .getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[bom.length + body.length];
        System.arraycopy(bom, 0, bytes, 0, bom.length);
        System.arraycopy(body, 0, bytes, bom.length, body.length);
        YamlDocument doc = YamlDocumentReader.readLocated(bytes);
        assertThat(doc.root().get("kind").asText()).isEqualTo("Model");
        assertThat(doc.root().get("id").asText()).isEqualTo("caf\u00e9_x");
        assertThat(doc.locations().ofValue("/id")).containsExactly(4, 5);
    }

    @Test
    void emptyAndCommentOnlyFilesAreEmpty() {
        assertThat(problem("").rule()).isEqualTo("yaml-empty");
        assertThat(problem("# nothing here\n\n").rule()).isEqualTo("yaml-empty");
        assertThat(problem("---\n").rule()).isEqualTo("yaml-empty");
    }

    @Test
    void yaml11BooleansAreFindingsAndStayTextAsYaml12ReadsThem() throws YamlProblem {
        YamlDocument doc = withFindings("kind: Model\nsurface: no\n");
        YamlProblem p = onlyFinding(doc);
        assertThat(p.rule()).isEqualTo("yaml-ambiguous-boolean");
        assertThat(p.line()).isEqualTo(2);
        assertThat(p.column()).isEqualTo(10);
        assertThat(p.getMessage()).isEqualTo("'no' is text in YAML 1.2 but the boolean false in YAML 1.1 tools");
        assertThat(p.hint()).contains("'no'");
        assertThat(doc.root().get("surface").isTextual()).isTrue();
        assertThat(doc.root().get("surface").asText()).isEqualTo("no");

        YamlDocument list = withFindings("a: [yes]\n");
        assertThat(onlyFinding(list).rule()).isEqualTo("yaml-ambiguous-boolean");
        assertThat(list.root().path("a").get(0).asText()).isEqualTo("yes");
        YamlDocument on = withFindings("a: On\n");
        assertThat(onlyFinding(on).getMessage()).contains("the boolean true");
        assertThat(on.root().get("a").asText()).isEqualTo("On");
    }

    @Test
    void everyFindingInAFileIsReportedInDocumentOrder() throws YamlProblem {
        YamlDocument doc = withFindings("a: yes\nb: 0755\nc: [1, 2]\nd: off\na: 1:30\n");
        assertThat(doc.findings())
                .extracting(YamlProblem::rule, YamlProblem::line, YamlProblem::column)
                .containsExactly(
                        tuple("yaml-ambiguous-boolean", 1, 4),
                        tuple("yaml-ambiguous-number", 2, 4),
                        tuple("yaml-ambiguous-boolean", 4, 4),
                        tuple("yaml-duplicate-key", 5, 1),
                        tuple("yaml-ambiguous-number", 5, 4));
    }

    @Test
    void findingsBeforeAProblemThatStopsTheReadAreKeptWithIt() {
        YamlProblem p = problem("a: yes\nb: 0755\nc: *nowhere\n");
        assertThat(p.rule()).isEqualTo("yaml-alias");
        assertThat(p.findingsBefore())
                .extracting(YamlProblem::rule, YamlProblem::line)
                .containsExactly(tuple("yaml-ambiguous-boolean", 1), tuple("yaml-ambiguous-number", 2));
        YamlProblem syntax = problem("a: yes\nowner:\n\tteam: x\n");
        assertThat(syntax.rule()).isEqualTo("yaml-syntax");
        assertThat(syntax.findingsBefore()).extracting(YamlProblem::rule).containsExactly("yaml-ambiguous-boolean");
    }

    @Test
    void aFileFullOfFindingsStopsAtTheFirstPastTheLimit() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i <= YamlDocumentReader.MAX_FINDINGS; i++) {
            text.append(String.format(Locale.ROOT, "k%03d: yes\n", i));
        }
        YamlProblem p = problem(text.toString());
        assertThat(p.rule()).isEqualTo("yaml-ambiguous-boolean");
        // keys k000 … k100: the 101st value, on line 101 after 'k100: '
        assertThat(p.line()).isEqualTo(YamlDocumentReader.MAX_FINDINGS + 1);
        assertThat(p.column()).isEqualTo(7);
        assertThat(p.hint())
                .endsWith("(the file has more than 100 such findings; its schema is checked once they are fixed)");
        assertThat(p.findingsBefore()).hasSize(YamlDocumentReader.MAX_FINDINGS);
    }

    @Test
    void quotedYaml11BooleansAreText() throws YamlProblem {
        assertThat(read("a: 'no'\nb: \"yes\"\n").root().get("a").asText()).isEqualTo("no");
    }

    @Test
    void leadingZeroAndBase60NumbersAreFindingsReadAsYaml12ReadsThem() throws YamlProblem {
        YamlDocument octal = withFindings("a: 0755\n");
        assertThat(onlyFinding(octal).rule()).isEqualTo("yaml-ambiguous-number");
        // YAML 1.2's core schema reads 0755 as the decimal 755, 1:30 as text
        assertThat(octal.root().get("a").isIntegralNumber()).isTrue();
        assertThat(octal.root().get("a").asLong()).isEqualTo(755);
        assertThat(withFindings("a: -007\n").root().get("a").asLong()).isEqualTo(-7);
        YamlDocument base60 = withFindings("a: 1:30\n");
        assertThat(onlyFinding(base60).rule()).isEqualTo("yaml-ambiguous-number");
        assertThat(base60.root().get("a").asText()).isEqualTo("1:30");
    }

    @Test
    void nonFiniteNumbersAreFindingsAndStayText() throws YamlProblem {
        YamlDocument inf = withFindings("a: .inf\n");
        assertThat(onlyFinding(inf).rule()).isEqualTo("yaml-non-finite-number");
        assertThat(inf.root().get("a").isTextual()).isTrue();
        assertThat(inf.root().get("a").asText()).isEqualTo(".inf");
        YamlDocument overflow = withFindings("a: 1e400\n");
        assertThat(onlyFinding(overflow).rule()).isEqualTo("yaml-non-finite-number");
        assertThat(overflow.root().get("a").asText()).isEqualTo("1e400");
    }

    @Test
    void tabIndentationIsASyntaxErrorWithAHint() {
        YamlProblem p = problem("owner:\n\tteam: x\n");
        assertThat(p.rule()).isEqualTo("yaml-syntax");
        assertThat(p.line()).isEqualTo(2);
        assertThat(p.hint()).contains("tabs");
    }

    @Test
    void brokenSyntaxIsLocated() {
        YamlProblem p = problem("kind: Model\nowner: {team: x\nid: y\n");
        assertThat(p.rule()).isEqualTo("yaml-syntax");
        assertThat(p.line()).isGreaterThanOrEqualTo(2);
        assertThat(problem("a: 'unterminated\n").rule()).isEqualTo("yaml-syntax");
        assertThat(problem("a: b: c\n").rule()).isEqualTo("yaml-syntax");
    }

    @Test
    void secondDocumentIsRefused() {
        YamlProblem p = problem("kind: Model\n---\nkind: Team\n");
        assertThat(p.rule()).isEqualTo("yaml-multi-document");
        assertThat(p.line()).isEqualTo(2);
    }

    @Test
    void topLevelMustBeAMapping() {
        assertThat(problem("- a\n- b\n").rule()).isEqualTo("yaml-not-mapping");
        assertThat(problem("just text\n").rule()).isEqualTo("yaml-not-mapping");
    }

    @Test
    void languageTagsAreRefused() {
        YamlProblem p = problem("a: !!python/object:os.system ls\n");
        assertThat(p.rule()).isEqualTo("yaml-unsupported-tag");
        assertThat(problem("a: !custom x\n").rule()).isEqualTo("yaml-unsupported-tag");
        assertThat(problem("a: !!map [1]\n").rule()).isEqualTo("yaml-unsupported-tag");
    }

    @Test
    void standardTagsAreHonoured() throws YamlProblem {
        YamlDocument doc = read("a: !!str 12\nb: !!int '7'\n");
        assertThat(doc.root().get("a").isTextual()).isTrue();
        assertThat(doc.root().get("b").asInt()).isEqualTo(7);
        YamlDocument bad = withFindings("b: !!int seven\n");
        assertThat(onlyFinding(bad).rule()).isEqualTo("yaml-bad-value");
        assertThat(bad.root().get("b").asText()).isEqualTo("seven");
    }

    @Test
    void nonTextKeysAreRefused() {
        assertThat(problem("? [a, b]\n: c\n").rule()).isEqualTo("yaml-non-string-key");
        assertThat(problem("{[a]: b}\n").rule()).isEqualTo("yaml-non-string-key");
    }

    @Test
    @Timeout(10)
    void deepNestingIsRefused() {
        String deep = "a: " + "[".repeat(100_000) + "]".repeat(100_000) + "\n";
        YamlProblem p = problem(deep);
        assertThat(p.rule()).isIn("yaml-too-deep", "yaml-syntax");
    }

    @Test
    void shallowNestingWithinTheLimitIsFine() throws YamlProblem {
        String nested = "a: " + "[".repeat(YamlDocumentReader.MAX_DEPTH - 2) + "1"
                + "]".repeat(YamlDocumentReader.MAX_DEPTH - 2) + "\n";
        assertThat(read(nested).root().has("a")).isTrue();
    }

    @Test
    void nulBytesAreRefused() {
        YamlProblem p = problem("kind: Mo\0del\n");
        assertThat(p.rule()).isEqualTo("yaml-encoding");
        assertThat(p.column()).isEqualTo(9);
    }

    @Test
    @Timeout(10)
    void hugeFilesAreRefusedBeforeParsing() {
        byte[] huge = new byte[YamlDocumentReader.MAX_FILE_BYTES + 1];
        Arrays.fill(huge, (byte) 'a');
        YamlProblem p = problem(huge);
        assertThat(p.rule()).isEqualTo("yaml-too-large");
    }

    @Test
    void controlCharactersAreASyntaxError() {
        assertThat(problem("a: b\u0007c\n").rule()).isEqualTo("yaml-syntax");
    }

    @Test
    void hugeIntegersStayExactForTheSchemaToJudge() throws YamlProblem {
        assertThat(read("a: 123456789012345678901234567890\n").root().get("a").bigIntegerValue())
                .isEqualTo(new BigInteger("123456789012345678901234567890"));
    }

    @Test
    void mergeKeysAreJustKeys() throws YamlProblem {
        // YAML 1.2 has no merge keys: '<<' stays an ordinary key, which the schema then refuses.
        assertThat(read("base: &b {x: 1}\nother:\n  <<: *b\n")
                        .root()
                        .path("other")
                        .has("<<"))
                .isTrue();
    }

    @Test
    void longLinesAndUnicodeAreFine() throws YamlProblem {
        String text = "description: " + "\u00e9\u4e2d\ud83d\ude80".repeat(5000) + "\n";
        assertThat(read(text).root().get("description").asText()).hasSize(5000 * 4);
    }

    @Test
    @Timeout(60)
    void seededMutationsOfAValidEntryNeverCrashTheReader() throws Exception {
        byte[] valid = Files.readAllBytes(
                Path.of("..", "examples", "registry", "models", "feed_ranking", "ig_feed_mtml_lsr_v3.yaml"));
        byte[] alphabet = ":-[]{}&*!|>'\"#%@`,?\t\n\r \u0000abc019".getBytes(StandardCharsets.UTF_8);
        Random random = new Random(20261125);
        int problems = 0;
        for (int i = 0; i < 3000; i++) {
            byte[] mutated = Arrays.copyOf(valid, valid.length);
            int edits = 1 + random.nextInt(4);
            for (int e = 0; e < edits; e++) {
                int at = random.nextInt(mutated.length);
                switch (random.nextInt(3)) {
                    case 0 -> mutated[at] = alphabet[random.nextInt(alphabet.length)];
                    case 1 -> mutated[at] = (byte) random.nextInt(256);
                    default -> mutated = Arrays.copyOf(mutated, at);
                }
                if (mutated.length == 0) {
                    break;
                }
            }
            try {
                YamlDocument document = YamlDocumentReader.readLocated(mutated);
                for (YamlProblem finding : document.findings()) {
                    assertThat(finding.line()).isPositive();
                    assertThat(finding.column()).isPositive();
                    assertThat(finding.hint()).isNotBlank();
                }
                if (!document.findings().isEmpty()) {
                    problems++;
                }
            } catch (YamlProblem problem) {
                problems++;
                // a parser crash is caught and reported, but none of these inputs should cause one
                assertThat(problem.getMessage()).doesNotStartWith("the YAML parser failed");
                assertThat(problem.line()).isPositive();
                assertThat(problem.column()).isPositive();
                assertThat(problem.hint()).isNotBlank();
            }
        }
        // the mutations mostly break the file; a few leave it well-formed YAML
        assertThat(problems).isBetween(300, 3000);
    }

    @Test
    void emptyKeyIsRefused() {
        assertThat(problem(": value\n").rule()).isIn("yaml-non-string-key", "yaml-syntax");
    }

    @Test
    void parsingIsFastEnoughToNeverNeedATimeout() {
        // A guard against pathological slowness, not a benchmark: 1,000 small documents.
        String doc = "kind: Model\nid: x\nowner: {team: t, contacts: [a@b.io]}\n";
        long start = System.nanoTime();
        for (int i = 0; i < 1000; i++) {
            try {
                read(doc);
            } catch (YamlProblem e) {
                throw new AssertionError(e);
            }
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
    }
}
