package io.modelfleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelfleet.cli.render.DiffMarkdown;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code registry diff} as the pull-request plan: the sample fleet committed as the base, a change
 * on disk as the head. Every capacity number is worked out by hand from the sample's YAML below.
 */
class TestRegistryPlan {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String POOL = "feed_ranking_prod";
    private static final String CHANGED = "models/feed_ranking/ig_feed_mtml_lsr_v3.yaml";
    private static final String ADDED_ID = "ig_feed_rerank_lsr_v1";
    private static final String ADDED = "models/feed_ranking/" + ADDED_ID + ".yaml";
    private static final String DEPRECATED_ID = "ig_feed_ctr_sourcing_v1";
    private static final String DEPRECATED = "models/feed_ranking/" + DEPRECATED_ID + ".yaml";
    private static final String LAUNCH = "launches/ig_feed_mtml_lsr_v4_wider.yaml";
    private static final String PROFILE = "traffic/feed.yaml";

    @TempDir
    Path cwd;

    Path repo;
    Path registry;

    @BeforeEach
    void commitTheSampleAsBase() throws IOException, InterruptedException {
        repo = cwd.resolve("repo");
        registry = CliRun.copyExample(repo.resolve("registry"));
        git("init", "-q", ".");
        git("add", "-A");
        git("-c", "user.name=test", "-c", "user.email=test@example.com", "commit", "-q", "-m", "base");
    }

    /**
     * The head: ig_feed_mtml_lsr_v3 (the only model of feed_ranking_prod, 16 cores, 64 GiB, 1 GPU a
     * replica) goes from 48 to 60 replicas; a new model joins the pool with 6 replicas of 8 cores,
     * 32 GiB, no GPU; a deprecated model's file is deleted.
     */
    private void changeTheFleet() throws IOException {
        String lsr = read(CHANGED);
        assertThat(lsr).contains("pool: " + POOL, "replicas: 48", "resources: {cpu: 16, memory_gb: 64, gpus: 1}");
        write(CHANGED, lsr.replace("replicas: 48", "replicas: 60"));
        write(ADDED, """
                kind: Model
                id: ig_feed_rerank_lsr_v1
                type: ig_feed_rerank
                description: Re-ranks feed's top candidates for diversity after late-stage ranking.
                business_function: engagement
                surface: feed
                funnel_stage: lsr
                tier: TIER2
                owner:
                  team: feed_ranking
                pool: feed_ranking_prod
                lifecycle: active
                serving:
                  version: v1
                  artifact: s3://models/ig_feed_rerank_lsr/v1/model.pt
                  replicas: 6
                  resources: {cpu: 8, memory_gb: 32}
                  scorer:
                    kind: logistic
                    input_width: 64
                """);
        assertThat(read(DEPRECATED)).contains("lifecycle: deprecated");
        Files.delete(registry.resolve(DEPRECATED));
    }

    @Test
    void thePlanShowsStatusChangesSecondLooksAndCapacityWorkedOutByHand() throws IOException {
        assertThat(modelsDrawingOn(POOL)).containsExactly(CHANGED);
        assertThat(read("teams/feed_ranking.yaml")).contains("quota: {cpu: 1280, memory_gb: 5120, gpus: 80}");
        changeTheFleet();

        CliRun run = CliRun.run(repo, "registry", "diff", "--base", "HEAD", "registry");
        assertThat(run.exitCode()).as(run.err()).isZero();
        String md = run.out();
        assertThat(md.lines().findFirst()).hasValue("<!-- modelfleet-plan -->").hasValue(DiffMarkdown.MARKER);
        assertThat(md.lines().skip(1).findFirst()).hasValue("## Registry plan: `HEAD` → `working tree`");
        assertThat(md).contains("✅ **Valid**").contains("**1 added, 1 removed, 1 changed**");

        // cores: 48 × 16 = 768 before; 60 × 16 + 6 × 8 = 960 + 48 = 1,008 after; 1,008 / 1,280 = 78.75 %
        // memory: 48 × 64 = 3,072 before; 60 × 64 + 6 × 32 = 3,840 + 192 = 4,032 after; 4,032 / 5,120 = 78.75 %
        // GPUs: 48 before; 60 after; 60 / 80 = 75 %
        assertThat(md)
                .contains("| `feed_ranking_prod` | feed_ranking | 768 → 1,008 (+240) of 1,280 (79%)"
                        + " | 3,072 → 4,032 (+960) of 5,120 (79%) | 48 → 60 (+12) of 80 (75%) |")
                // 12 more replicas × 16 cores = +192, × 64 GiB = +768, × 1 GPU = +12
                .contains("- `ig_feed_mtml_lsr_v3` in `feed_ranking_prod`: replicas 48 → 60: +192 cores, +768 GiB,"
                        + " +12 GPUs\n")
                .contains("- `ig_feed_rerank_lsr_v1` in `feed_ranking_prod`: now here, 6 replicas: +48 cores,"
                        + " +192 GiB\n")
                .doesNotContain("over quota");
        // The deleted model was deprecated: it held nothing, so its pool does not move.
        assertThat(md).doesNotContain("`feed_ranking_shared`");

        assertThat(md)
                .contains("- **deprecated-deleted** `" + DEPRECATED_ID
                        + "`: a deprecated model's file is deleted, which frees its reserved id: a new model may then"
                        + " take '" + DEPRECATED_ID + "' and mix its prediction logs and SLO history with this one's;"
                        + " keep " + DEPRECATED + " (lifecycle: deprecated) to keep the id reserved");
    }

    @Test
    void jsonCarriesTheSamePlanWithNumbersAsNumbers() throws IOException {
        changeTheFleet();
        CliRun run = CliRun.run(repo, "registry", "diff", "--base", "HEAD", "registry", "--format", "json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode json = MAPPER.readTree(run.out());

        assertThat(json.path("head").asText()).isEqualTo("working tree");
        JsonNode validation = json.path("validation");
        assertThat(validation.path("valid").isBoolean()).isTrue();
        assertThat(validation.path("valid").asBoolean()).isTrue();
        assertThat(validation.path("errors").isIntegralNumber()).isTrue();
        assertThat(validation.path("errors").asLong()).isZero();
        assertThat(validation.path("left_out")).isEmpty();

        assertThat(texts(json.path("added"))).containsExactly(ADDED_ID);
        assertThat(texts(json.path("removed"))).containsExactly(DEPRECATED_ID);
        assertThat(json.path("second_look"))
                .anySatisfy(flag -> assertThat(flag.path("kind").asText()).isEqualTo("deprecated-deleted"));

        assertThat(json.path("pools")).hasSize(1);
        JsonNode pool = json.path("pools").path(0);
        assertThat(pool.path("pool").asText()).isEqualTo(POOL);
        assertThat(pool.path("team").asText()).isEqualTo("feed_ranking");
        assertAmounts(pool.path("before"), 768, 3072, 48);
        assertAmounts(pool.path("after"), 1008, 4032, 60);
        assertAmounts(pool.path("change"), 240, 960, 12);
        assertAmounts(pool.path("quota"), 1280, 5120, 80);
        assertAmounts(pool.path("quota_before"), 1280, 5120, 80);
        assertThat(pool.path("over_quota").isBoolean()).isTrue();
        assertThat(pool.path("over_quota").asBoolean()).isFalse();

        JsonNode lsr = pool.path("models").path(0);
        assertThat(lsr.path("id").asText()).isEqualTo("ig_feed_mtml_lsr_v3");
        assertThat(lsr.path("replicas_before").isIntegralNumber()).isTrue();
        assertThat(lsr.path("replicas_before").asLong()).isEqualTo(48);
        assertThat(lsr.path("replicas_after").asLong()).isEqualTo(60);
        assertAmounts(lsr.path("change"), 192, 768, 12);
        JsonNode added = pool.path("models").path(1);
        assertThat(added.path("id").asText()).isEqualTo(ADDED_ID);
        assertThat(added.path("replicas_before").isNull()).isTrue();
        assertAmounts(added.path("after"), 48, 192, 0);
        assertThat(json.path("launches")).isEmpty();
    }

    @Test
    void anInvalidHeadShowsItsErrorsLocatedAtTheTop() throws IOException {
        changeTheFleet();
        String added = read(ADDED);
        write(ADDED, added.replace("tier: TIER2", "tier: TIER9"));
        int line = lineOf(added, "tier: TIER2");

        CliRun run = CliRun.run(repo, "registry", "diff", "--base", "HEAD", "registry");
        assertThat(run.exitCode())
                .as("the plan is still written; validate fails the build")
                .isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo(DiffMarkdown.MARKER);
        // A schema error stops the entry: the plan says the numbers below do not see it.
        assertThat(lines.get(3))
                .isEqualTo("❌ **1 error**: this file is left out of the changes and capacity below, as if deleted:"
                        + " `registry/" + ADDED + "`.");
        assertThat(run.out()).doesNotContain(ADDED_ID + "` in `feed_ranking_prod`");
        assertThat(lines.get(5))
                .startsWith("- error `registry/" + ADDED + ":" + line + ":7` **[schema/enum]** ")
                .contains("TIER9");

        JsonNode json =
                MAPPER.readTree(CliRun.run(repo, "registry", "diff", "--base", "HEAD", "registry", "--format", "json")
                        .out());
        assertThat(json.path("validation").path("valid").asBoolean(true)).isFalse();
        assertThat(json.path("validation").path("errors").asLong()).isEqualTo(1);
        assertThat(texts(json.path("validation").path("left_out"))).containsExactly("registry/" + ADDED);
        JsonNode finding = json.path("validation").path("findings").path(0);
        assertThat(finding.path("file").asText()).isEqualTo("registry/" + ADDED);
        assertThat(finding.path("line").asInt()).isEqualTo(line);
        assertThat(finding.path("rule").asText()).isEqualTo("schema/enum");
    }

    @Test
    void aLaunchThatLeavesReplicasToItsEstimateSaysSoAndHowToGetTheVerdict() throws IOException {
        // Without the surface's traffic profile the plan cannot size the launch, and says how to write one.
        Files.delete(registry.resolve(PROFILE));
        String launch = read(LAUNCH);
        assertThat(launch).doesNotContain("replicas:").contains("resources: {cpu: 16, memory_gb: 64, gpus: 1}");
        write(LAUNCH, launch.replace("(RANK-5120)", "(RANK-5120, RANK-5121)"));

        String md = CliRun.run(repo, "registry", "diff", "--base", "HEAD", "registry")
                .out();
        assertThat(md)
                .contains("#### `ig_feed_mtml_lsr_v4_wider`: changed (registry/" + LAUNCH + ")")
                .contains("`ig_feed_mtml_lsr_v3` v3 → v4 in pool `feed_ranking_prod`")
                .contains(
                        "- **Production today**: 48 replicas × 16 cores, 64 GiB, 1 GPU = 768 cores, 3,072 GiB, 48 GPUs")
                // one multiply and one add per weight: 2·128 head + 2·128·256 + 2·256·64 + 2·64 output = 98,688;
                // the candidate's 2·128 + 2·128·512 + 2·512·128 + 2·128 = 262,656; 262,656 / 98,688 = 2.66
                .contains("- **Scorer**: dense(128 -> [256, 64] -> 1) → dense(128 -> [512, 128] -> 1), 98,688 → 262,656"
                        + " FLOPs per candidate scored (×2.66)\n")
                .contains("- **Candidate**: 16 cores, 64 GiB, 1 GPU per replica; replicas left to the launch estimate")
                // free: 1,280 - 768 = 512 cores, 5,120 - 3,072 = 2,048 GiB, 80 - 48 = 32 GPUs
                .contains("- **Pool free at head**: 512 cores, 2,048 GiB, 32 GPUs\n")
                .contains("not shown. " + DiffMarkdown.ESTIMATE_NEEDS)
                .contains("This registry has no traffic profile of `feed` (registry/" + PROFILE + "):"
                        + " `modelfleet launch profile --surface feed --out registry/" + PROFILE + "`")
                .contains("`modelfleet launch submit registry/" + LAUNCH + "`");

        JsonNode estimate = MAPPER.readTree(
                        CliRun.run(repo, "registry", "diff", "--base", "HEAD", "registry", "--format", "json")
                                .out())
                .path("launches")
                .path(0)
                .path("estimate");
        assertThat(estimate.path("verdict").isNull()).isTrue();
        assertThat(estimate.path("source").isNull()).isTrue();
        assertThat(estimate.path("profile_command").asText())
                .isEqualTo("modelfleet launch profile --surface feed --out registry/" + PROFILE);
    }

    @Test
    void aChangedTrafficProfileAloneNeedsASecondLook() throws IOException {
        String profile = read(PROFILE);
        Matcher rps = Pattern.compile("production_rps: ([0-9.]+)").matcher(profile);
        assertThat(rps.find()).isTrue();
        double before = Double.parseDouble(rps.group(1));
        write(PROFILE, profile.replace(rps.group(0), "production_rps: " + before * 2));

        CliRun run = CliRun.run(repo, "registry", "diff", "--base", "HEAD", "registry");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .contains(String.format(
                        Locale.ROOT,
                        "traffic profile of feed changed: peak %,.0f → %,.0f requests/s",
                        before,
                        before * 2));
        JsonNode json =
                MAPPER.readTree(CliRun.run(repo, "registry", "diff", "--base", "HEAD", "registry", "--format", "json")
                        .out());
        assertThat(json.path("second_look").findValuesAsText("kind")).containsExactly("traffic-profile");
        assertThat(CliRun.run(repo, "registry", "diff", "--base", "HEAD", "registry", "--fail-on-flags")
                        .exitCode())
                .isEqualTo(1);
    }

    @Test
    void aTrafficProfileWithErrorsIsNamedAsSuchNotAsMissing() throws IOException {
        write(PROFILE, read(PROFILE).replaceFirst("production_rps: [0-9.]+", "production_rps: -5"));
        write(LAUNCH, read(LAUNCH).replace("(RANK-5120)", "(RANK-5120, RANK-5121)"));

        CliRun run = CliRun.run(repo, "registry", "diff", "--base", "HEAD", "registry");

        assertThat(run.out())
                .contains("registry/" + PROFILE)
                .contains("the traffic profile " + PROFILE + " has errors (see the validation findings)")
                .doesNotContain("This registry has no traffic profile");
        JsonNode estimate = MAPPER.readTree(
                        CliRun.run(repo, "registry", "diff", "--base", "HEAD", "registry", "--format", "json")
                                .out())
                .path("launches")
                .path(0)
                .path("estimate");
        assertThat(estimate.path("verdict").isNull()).isTrue();
        assertThat(estimate.path("unavailable").asText()).contains(PROFILE + " has errors");
    }

    @Test
    void aLaunchOfASurfaceWithATrafficProfileGetsTheEstimatesVerdict() throws IOException {
        write(LAUNCH, read(LAUNCH).replace("(RANK-5120)", "(RANK-5120, RANK-5121)"));

        String json = CliRun.run(repo, "registry", "diff", "--base", "HEAD", "registry", "--format", "json")
                .out();
        JsonNode estimate = MAPPER.readTree(json).path("launches").path(0).path("estimate");
        assertThat(estimate.path("source").asText()).isEqualTo("traffic_profile");
        assertThat(estimate.path("profile").path("file").asText()).isEqualTo("registry/" + PROFILE);
        assertThat(estimate.path("profile").path("peak_rps").isNumber()).isTrue();
        JsonNode stages = estimate.path("stages");
        assertThat(stages.size()).isEqualTo(2);
        assertThat(stages.path(0).path("stage").asText()).isEqualTo("esr");
        assertThat(stages.path(0).path("changed").asBoolean()).isFalse();
        assertThat(stages.path(0).path("production_replicas").asInt())
                .isEqualTo(stages.path(0).path("candidate_replicas").asInt());
        JsonNode lsr = stages.path(1);
        assertThat(lsr.path("model").asText()).isEqualTo("ig_feed_mtml_lsr_v3");
        assertThat(lsr.path("changed").asBoolean()).isTrue();
        assertThat(lsr.path("candidate_replicas").isIntegralNumber()).isTrue();
        // 2.66 times the FLOPs per candidate at the same peak: more replicas, never fewer.
        assertThat(lsr.path("candidate_replicas").asInt())
                .isGreaterThan(lsr.path("production_replicas").asInt());
        assertThat(estimate.path("replicas").asLong())
                .isEqualTo(lsr.path("candidate_replicas").asLong());

        // The pool's numbers by hand: only lsr changes, 16 cores, 64 GiB and 1 GPU a replica on both sides;
        // free at head 1,280 - 768 = 512 cores, 5,120 - 3,072 = 2,048 GiB, 80 - 48 = 32 GPUs.
        int more = lsr.path("candidate_replicas").asInt()
                - lsr.path("production_replicas").asInt();
        JsonNode pool = estimate.path("pool");
        assertThat(pool.path("cpu_increase").asDouble()).isEqualTo(16.0 * more);
        assertThat(pool.path("memory_gb_increase").asDouble()).isEqualTo(64.0 * more);
        assertThat(pool.path("gpu_increase").asLong()).isEqualTo(more);
        assertThat(pool.path("cpu_free").asDouble()).isEqualTo(512);
        assertThat(pool.path("gpus_free").asLong()).isEqualTo(32);
        String expected = 16 * more <= 512 && 64 * more <= 2048 && more <= 32 ? "FITS" : "not FITS";
        assertThat(estimate.path("verdict").asText().equals("FITS") ? "FITS" : "not FITS")
                .isEqualTo(expected);

        // Modelled service times and a fixed seed: the same numbers on every run, whatever the machine does.
        String again = CliRun.run(repo, "registry", "diff", "--base", "HEAD", "registry", "--format", "json")
                .out();
        assertThat(MAPPER.readTree(again).path("launches").path(0).path("estimate"))
                .isEqualTo(estimate);

        // The stage's objective is the entry's latency_p99_ms: 60 ms.
        String md = CliRun.run(repo, "registry", "diff", "--base", "HEAD", "registry")
                .out();
        assertThat(md)
                .contains("- **Estimate from the traffic profile** (registry/" + PROFILE + " of ")
                .contains(": **" + estimate.path("verdict").asText() + "**: ")
                .contains("  - lsr `ig_feed_mtml_lsr_v3`: "
                        + lsr.path("production_replicas").asInt() + " → "
                        + lsr.path("candidate_replicas").asInt() + " replicas for p99 ≤ 60 ms at ")
                .contains("A profile-based estimate")
                .contains("`modelfleet launch submit registry/" + LAUNCH + "` runs it");
    }

    @Test
    void aLaunchWithReplicasShowsItsDeploymentAgainstThePoolsFreeQuota() throws IOException {
        String launch = read(LAUNCH);
        write(LAUNCH, launch.replace("  resources: {cpu: 16", "  replicas: 40\n  resources: {cpu: 16"));

        CliRun run = CliRun.run(repo, "registry", "diff", "--base", "HEAD", "registry");
        // 40 × 16 = 640 cores > 512 free; 40 × 64 = 2,560 GiB > 2,048; 40 GPUs > 32
        assertThat(run.out())
                .contains("- **Candidate**: 40 replicas × 16 cores, 64 GiB, 1 GPU = 640 cores, 2,560 GiB, 40 GPUs,"
                        + " reserved in the pool while production keeps serving")
                .contains("- **Pool free at head**: 512 cores, 2,048 GiB, 32 GPUs ❌ (the candidate's deployment does"
                        + " not fit");

        JsonNode request = MAPPER.readTree(
                        CliRun.run(repo, "registry", "diff", "--base", "HEAD", "registry", "--format", "json")
                                .out())
                .path("launches")
                .path(0);
        assertThat(request.path("change").asText()).isEqualTo("changed");
        assertThat(request.path("replicas").isIntegralNumber()).isTrue();
        assertThat(request.path("replicas").asLong()).isEqualTo(40);
        assertAmounts(request.path("deployment"), 640, 2560, 40);
        assertAmounts(request.path("pool_free"), 512, 2048, 32);
        assertThat(request.path("deployment_fits").isBoolean()).isTrue();
        assertThat(request.path("deployment_fits").asBoolean(true)).isFalse();
        assertThat(request.path("production_flops_per_candidate").isIntegralNumber())
                .isTrue();
        assertThat(request.path("production_flops_per_candidate").asLong()).isEqualTo(98_688);
        assertThat(request.path("candidate_flops_per_candidate").asLong()).isEqualTo(262_656);
        // The estimate sizes replicas itself; the launch's own replica count does not change its verdict's inputs.
        assertThat(request.path("estimate").path("verdict").asText()).isIn("FITS", "NEEDS_APPROVAL", "CANNOT_FIT");
        assertThat(request.path("estimate").path("command").asText())
                .isEqualTo("modelfleet launch submit registry/" + LAUNCH);
    }

    @Test
    void anOverQuotaPoolIsMarked() throws IOException {
        // 81 replicas × 16 = 1,296 cores > 1,280; × 64 = 5,184 GiB > 5,120; 81 GPUs > 80
        write(CHANGED, read(CHANGED).replace("replicas: 48", "replicas: 81"));
        String md = CliRun.run(repo, "registry", "diff", "--base", "HEAD", "registry")
                .out();
        assertThat(md)
                .contains("· ❌ 1 pool over quota")
                .contains("| `feed_ranking_prod` ❌ over quota | feed_ranking | 768 → 1,296 (+528) of 1,280 (101%) ❌ |");
    }

    @Test
    void anUnchangedRegistrySaysSoBelowItsStatus() {
        String md = CliRun.run(repo, "registry", "diff", "--base", "HEAD", "registry")
                .out();
        assertThat(md.lines().toList())
                .startsWith(DiffMarkdown.MARKER, "## Registry plan: `HEAD` → `working tree`", "")
                .contains("No model changes.");
        assertThat(md).contains("✅ **Valid**");
    }

    private static void assertAmounts(JsonNode amounts, double cpu, double memoryGb, long gpus) {
        assertThat(amounts.path("cpu").isNumber()).as(amounts.toString()).isTrue();
        assertThat(amounts.path("memory_gb").isNumber()).as(amounts.toString()).isTrue();
        assertThat(amounts.path("gpus").isIntegralNumber())
                .as(amounts.toString())
                .isTrue();
        assertThat(amounts.path("cpu").asDouble()).isEqualTo(cpu);
        assertThat(amounts.path("memory_gb").asDouble()).isEqualTo(memoryGb);
        assertThat(amounts.path("gpus").asLong()).isEqualTo(gpus);
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    /** The registry's active or shadow model files whose pool is {@code pool}, read from the YAML. */
    private List<String> modelsDrawingOn(String pool) throws IOException {
        try (Stream<Path> files = Files.walk(registry.resolve("models"))) {
            List<String> found = new ArrayList<>();
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String yaml = Files.readString(file);
                if (yaml.contains("\npool: " + pool) && !yaml.contains("lifecycle: deprecated")) {
                    found.add(registry.relativize(file).toString().replace('\\', '/'));
                }
            }
            return found;
        }
    }

    private static int lineOf(String text, String needle) {
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(needle)) {
                return i + 1;
            }
        }
        throw new AssertionError(needle + " not in the text");
    }

    private String read(String file) throws IOException {
        return Files.readString(registry.resolve(file));
    }

    private void write(String file, String text) throws IOException {
        Files.writeString(registry.resolve(file), text);
    }

    private void git(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command)
                .directory(repo.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor())
                .as(String.join(" ", command) + ": " + output)
                .isZero();
    }
}
