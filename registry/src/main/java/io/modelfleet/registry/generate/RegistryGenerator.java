package io.modelfleet.registry.generate;

import static java.util.Objects.requireNonNull;

import io.modelfleet.core.ModelfleetErrors;
import io.modelfleet.core.ModelfleetException.Input;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * Writes a valid, realistic registry of any size: teams with pools sized to fit (25 % spare),
 * models over every surface, stage and tier, several versions per model type. Seeded and
 * deterministic, so scale tests and benchmarks see the same files every run. Every file starts with
 * the yaml-language-server modeline naming its kind's schema, so an editor opening one completes and
 * checks it.
 */
public final class RegistryGenerator {
    private static final String[] SURFACES = {
        "feed", "stories_tray", "reels", "explore", "notifications", "comments", "tag_suggestions", "search"
    };
    private static final String[] NAMED_TEAMS = {
        "feed_ranking", "stories_ranking", "reels_ranking", "explore_ranking",
        "notifications_ranking", "comments_ranking", "tag_suggestions", "search_ranking"
    };
    private static final String[] FAMILIES = {
        "mtml", "ctr", "like", "comment", "share", "follow", "watch_time", "dwell", "two_tower", "integrity"
    };
    private static final String[] STAGES = {"sourcing", "esr", "lsr"};
    private static final String[] TIERS = {"TIER0", "TIER1", "TIER2", "TIER3", "TIER4"};
    private static final double[] TIER_SHARE = {0.07, 0.16, 0.30, 0.28, 0.19};
    private static final String[] PEOPLE = {
        "amara", "bo", "chen", "dana", "eli", "fatima", "gabe", "hana", "ivan", "jun", "kofi", "lena", "mateo", "nia",
        "omar", "priya"
    };

    /** What was written. */
    public record Summary(Path root, int teams, int models) {}

    private RegistryGenerator() {}

    /** A registry whose modelines point at the schemas published on main ({@link SchemaBase#DEVELOPMENT}). */
    public static Summary generate(Path root, int modelCount, int teamCount, long seed) {
        return generate(root, modelCount, teamCount, seed, SchemaBase.DEVELOPMENT);
    }

    public static Summary generate(Path root, int modelCount, int teamCount, long seed, SchemaBase schemas) {
        requireNonNull(schemas, "schemas is null");
        if (modelCount < 1) {
            throw ModelfleetErrors.tooFew("model count", Input.MODEL_COUNT, modelCount);
        }
        if (teamCount < 1) {
            throw ModelfleetErrors.tooFew("team count", Input.TEAM_COUNT, teamCount);
        }
        Random random = new Random(seed);
        List<TeamPlan> teams = new ArrayList<>();
        for (int t = 0; t < teamCount; t++) {
            String id = t < NAMED_TEAMS.length
                    ? NAMED_TEAMS[t]
                    : NAMED_TEAMS[t % NAMED_TEAMS.length] + "_" + (t / NAMED_TEAMS.length + 1);
            teams.add(new TeamPlan(id, SURFACES[t % SURFACES.length]));
        }
        List<ModelPlan> models = new ArrayList<>();
        for (int i = 0; i < modelCount; i++) {
            TeamPlan team = teams.get(i % teamCount);
            models.add(plan(random, seed, team, i / teamCount));
        }
        try {
            Files.createDirectories(root.resolve("teams"));
            Files.createDirectories(root.resolve("models"));
            write(root.resolve("tiers.yaml"), SchemaBase.Kind.TIER_POLICIES, tiersYaml(), schemas);
            for (TeamPlan team : teams) {
                Files.createDirectories(root.resolve("models").resolve(team.id));
            }
            for (ModelPlan model : models) {
                write(
                        root.resolve("models").resolve(model.team.id).resolve(model.id + ".yaml"),
                        SchemaBase.Kind.MODEL,
                        model.yaml(),
                        schemas);
            }
            for (TeamPlan team : teams) {
                write(root.resolve("teams").resolve(team.id + ".yaml"), SchemaBase.Kind.TEAM, team.yaml(), schemas);
            }
        } catch (IOException e) {
            throw ModelfleetErrors.registryUnwritable(root, e);
        }
        return new Summary(root, teams.size(), models.size());
    }

    private static void write(Path file, SchemaBase.Kind kind, String yaml, SchemaBase schemas) throws IOException {
        Files.writeString(file, schemas.modeline(file, kind) + "\n" + yaml);
    }

    private static ModelPlan plan(Random random, long seed, TeamPlan team, int ordinal) {
        // Models come in groups of three versions of one type at one stage: v3 serves, v2 serves or
        // shadows it, v1 is retired half the time.
        int group = ordinal / 3;
        int version = ordinal % 3 + 1;
        String stage = STAGES[group % STAGES.length];
        String family = FAMILIES[(group / STAGES.length) % FAMILIES.length];
        int typeGroup = group / (STAGES.length * FAMILIES.length);
        String type = "ig_" + team.surface + "_" + family + (typeGroup == 0 ? "" : "_g" + typeGroup);
        String teamSuffix = team.id.equals(NAMED_TEAMS[indexOfSurface(team.surface)])
                ? ""
                : "_" + team.id.substring(team.id.lastIndexOf('_') + 1);
        // One product slot (type, stage, team) per artifact folder: the three stages of one type score with
        // different networks, so they never share an artifact (policy rule artifact-shared).
        String slot = type + "_" + stage + teamSuffix;
        String id = slot + "_v" + version;
        // All versions of one model share its tier: criticality belongs to the product slot, not the version.
        String tier = pickTier(
                new SplittableRandom(seed * 0x9E3779B97F4A7C15L + team.id.hashCode() * 1_000_003L + group).nextDouble(),
                team.surface,
                stage);
        String lifecycle = switch (version) {
            case 3 -> "active";
            case 2 -> random.nextInt(4) == 0 ? "shadow" : "active";
            default -> random.nextBoolean() ? "deprecated" : "active";
        };
        int replicas = switch (tier) {
            case "TIER0" -> 60 + random.nextInt(140);
            case "TIER1" -> 30 + random.nextInt(90);
            case "TIER2" -> 10 + random.nextInt(40);
            case "TIER3" -> 4 + random.nextInt(16);
            default -> 2 + random.nextInt(6);
        };
        int cpu = switch (stage) {
            case "sourcing" -> 8;
            case "esr" -> 4 + 4 * random.nextInt(2);
            default -> 16;
        };
        int memory = cpu * 4;
        int gpus = stage.equals("lsr") && (tier.equals("TIER0") || tier.equals("TIER1")) ? 1 : 0;
        int inputWidth = 32 * (1 + random.nextInt(4));
        String scorer = switch (stage) {
            case "sourcing" -> "    kind: dense\n    input_width: " + inputWidth + "\n    hidden: [64]\n";
            case "esr" ->
                random.nextBoolean()
                        ? "    kind: logistic\n    input_width: " + inputWidth + "\n"
                        : "    kind: dense\n    input_width: " + inputWidth + "\n    hidden: [64, 32]\n";
            default ->
                "    kind: dense\n    input_width: " + inputWidth + "\n    hidden: [" + (128 << random.nextInt(2))
                        + ", 64]\n";
        };
        int keepTop = switch (stage) {
            case "sourcing" -> 1000 + 100 * random.nextInt(11);
            case "esr" -> 200 + 50 * random.nextInt(7);
            default -> 25 + 25 * random.nextInt(3);
        };
        int latency = switch (stage) {
            case "sourcing" -> 40;
            case "esr" -> 30;
            default -> 60;
        };
        boolean critical = tier.equals("TIER0") || tier.equals("TIER1");
        String person = PEOPLE[random.nextInt(PEOPLE.length)];
        StringBuilder yaml = new StringBuilder();
        yaml.append("kind: Model\n")
                .append("id: ")
                .append(id)
                .append('\n')
                .append("type: ")
                .append(type)
                .append('\n')
                .append("description: ")
                .append(describe(family, team.surface, stage))
                .append('\n')
                .append("business_function: ")
                .append(family.equals("integrity") ? "integrity" : "engagement")
                .append('\n')
                .append("surface: ")
                .append(team.surface)
                .append('\n')
                .append("funnel_stage: ")
                .append(stage)
                .append('\n')
                .append("tier: ")
                .append(tier)
                .append('\n')
                .append("owner:\n")
                .append("  team: ")
                .append(team.id)
                .append('\n');
        if (critical || random.nextInt(3) > 0) {
            yaml.append("  oncall: ").append(team.id.replace('_', '-')).append("-oncall\n");
            yaml.append("  contacts: [").append(person).append("@example.com]\n");
        }
        yaml.append("pool: ")
                .append(team.poolFor(critical))
                .append('\n')
                .append("lifecycle: ")
                .append(lifecycle)
                .append('\n')
                .append("serving:\n")
                .append("  version: v")
                .append(version)
                .append('\n')
                .append("  artifact: s3://models/")
                .append(slot)
                .append("/v")
                .append(version)
                .append("/model.pt\n")
                .append("  replicas: ")
                .append(replicas)
                .append('\n')
                .append("  resources: {cpu: ")
                .append(cpu)
                .append(", memory_gb: ")
                .append(memory)
                .append(gpus > 0 ? ", gpus: " + gpus : "")
                .append("}\n")
                .append("  keep_top: ")
                .append(keepTop)
                .append('\n')
                .append("  latency_p99_ms: ")
                .append(latency)
                .append('\n')
                .append("  scorer:\n")
                .append(scorer);
        if (tier.equals("TIER2") && random.nextInt(5) == 0) {
            yaml.append("slo:\n  calibration_min: 0.85\n  calibration_max: 1.15\n");
        }
        ModelPlan plan = new ModelPlan(id, team, yaml.toString());
        if (!lifecycle.equals("deprecated")) {
            team.use(team.poolFor(critical), (long) replicas * cpu, (long) replicas * memory, (long) replicas * gpus);
        }
        return plan;
    }

    private static int indexOfSurface(String surface) {
        for (int i = 0; i < SURFACES.length; i++) {
            if (SURFACES[i].equals(surface)) {
                return i;
            }
        }
        throw new IllegalArgumentException("unknown surface " + surface);
    }

    private static String pickTier(double u, String surface, String stage) {
        // Feed and stories late-stage models carry the most traffic: shift them one tier up.
        int shift = (surface.equals("feed") || surface.equals("stories_tray")) && stage.equals("lsr") ? 1 : 0;
        double acc = 0;
        for (int t = 0; t < TIERS.length; t++) {
            acc += TIER_SHARE[t];
            if (u < acc) {
                return TIERS[Math.max(0, t - shift)];
            }
        }
        return TIERS[TIERS.length - 1];
    }

    private static String describe(String family, String surface, String stage) {
        String what = switch (family) {
            case "mtml" -> "Multi-task model predicting engagement events";
            case "ctr" -> "Predicts click-through";
            case "like" -> "Predicts the probability of a like";
            case "comment" -> "Predicts the probability of a comment";
            case "share" -> "Predicts the probability of a share";
            case "follow" -> "Predicts the probability of a follow";
            case "watch_time" -> "Predicts watch time above the median";
            case "dwell" -> "Predicts dwell above the median";
            case "two_tower" -> "Two-tower retrieval model scoring user-item affinity";
            default -> "Predicts the probability that an item violates policy";
        };
        String where = switch (stage) {
            case "sourcing" -> "candidate sourcing";
            case "esr" -> "early-stage ranking";
            default -> "late-stage ranking";
        };
        return what + " for " + surface.replace('_', ' ') + " " + where + ".";
    }

    private static String tiersYaml() {
        return """
                # Fleet-wide defaults per tier. Owned by the ML platform team: changes here move every model.
                kind: TierPolicies
                platform_team: "@example/ml-platform"
                platform_approvers: [ml-platform-lead, ml-platform-sre]   # approve TIER0 launches and freeze exemptions
                tiers:
                  TIER0: {calibration_min: 0.90, calibration_max: 1.10, ne_regression_limit: 0.01, min_events_per_hour: 10000, objective: 0.995, label_delay_hours: 3, requires_oncall: true, headroom: 0.5}
                  TIER1: {calibration_min: 0.85, calibration_max: 1.15, ne_regression_limit: 0.02, min_events_per_hour: 5000, objective: 0.99, label_delay_hours: 3, requires_oncall: true, headroom: 0.4}
                  TIER2: {calibration_min: 0.80, calibration_max: 1.20, ne_regression_limit: 0.03, min_events_per_hour: 2000, objective: 0.98, label_delay_hours: 2, requires_oncall: false, headroom: 0.3}
                  TIER3: {calibration_min: 0.75, calibration_max: 1.25, ne_regression_limit: 0.05, min_events_per_hour: 1000, objective: 0.95, label_delay_hours: 2, requires_oncall: false, headroom: 0.2}
                  TIER4: {calibration_min: 0.70, calibration_max: 1.30, ne_regression_limit: 0.10, min_events_per_hour: 500, objective: 0.90, label_delay_hours: 1, requires_oncall: false, headroom: 0.2}
                """;
    }

    private record ModelPlan(String id, TeamPlan team, String yaml) {}

    private static final class TeamPlan {
        final String id;
        final String surface;
        final long[][] usage = new long[2][3];

        TeamPlan(String id, String surface) {
            this.id = id;
            this.surface = surface;
        }

        String poolFor(boolean critical) {
            return id + (critical ? "_prod" : "_shared");
        }

        void use(String pool, long cpu, long memory, long gpus) {
            long[] u = usage[pool.endsWith("_prod") ? 0 : 1];
            u[0] += cpu;
            u[1] += memory;
            u[2] += gpus;
        }

        String yaml() {
            String dashed = id.replace('_', '-');
            String name = Character.toUpperCase(id.charAt(0)) + id.substring(1).replace('_', ' ');
            StringBuilder yaml = new StringBuilder()
                    .append("kind: Team\n")
                    .append("id: ")
                    .append(id)
                    .append('\n')
                    .append("name: ")
                    .append(name)
                    .append('\n')
                    .append("oncall: ")
                    .append(dashed)
                    .append("-oncall\n")
                    .append("github_team: \"@example/")
                    .append(dashed)
                    .append("\"\n")
                    .append("approvers: [")
                    .append(dashed)
                    .append("-lead, ")
                    .append(dashed)
                    .append("-tl]\n")
                    .append("contacts: [")
                    .append(dashed)
                    .append("@example.com]\n")
                    .append("pools:\n");
            String[] names = {"_prod", "_shared"};
            for (int p = 0; p < 2; p++) {
                yaml.append("  - id: ")
                        .append(id)
                        .append(names[p])
                        .append('\n')
                        .append("    quota: {cpu: ")
                        .append(roundUp(usage[p][0]))
                        .append(", memory_gb: ")
                        .append(roundUp(usage[p][1]))
                        .append(", gpus: ")
                        .append(String.format(Locale.ROOT, "%d", (long) Math.ceil(usage[p][2] * 1.25)))
                        .append("}\n");
            }
            return yaml.toString();
        }

        /** 25 % headroom, rounded up to a hundred. */
        private static long roundUp(long used) {
            return Math.max(100, (long) Math.ceil(used * 1.25 / 100.0) * 100);
        }
    }
}
