package io.modelfleet.registry;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.modelfleet.core.ModelfleetErrors;
import io.modelfleet.registry.internal.Git;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * What a change to the registry does: models added, removed and changed field by field, and the
 * changes a reviewer must look at twice (tier, owner, pool, SLO loosened, critical models removed,
 * deprecated models deleted, launch requests).
 */
public final class RegistryDiff {
    private RegistryDiff() {}

    /**
     * One field that differs, as text for people ({@code before}, {@code after}) and as the YAML
     * value it was ({@code beforeValue}, {@code afterValue}: a number stays a number), each empty
     * where the field is absent.
     */
    public record FieldChange(
            String field,
            Optional<String> before,
            Optional<String> after,
            Optional<JsonNode> beforeValue,
            Optional<JsonNode> afterValue) {
        public FieldChange {
            requireNonNull(field, "field is null");
            requireNonNull(before, "before is null");
            requireNonNull(after, "after is null");
            requireNonNull(beforeValue, "beforeValue is null");
            requireNonNull(afterValue, "afterValue is null");
        }

        /** A change known only as text (e.g. the file a model moved to). */
        public FieldChange(String field, Optional<String> before, Optional<String> after) {
            this(field, before, after, before.map(TextNode::valueOf), after.map(TextNode::valueOf));
        }
    }

    public record ModelChange(String id, String file, List<FieldChange> fields) {
        public ModelChange {
            fields = List.copyOf(fields);
        }
    }

    /** A change that needs a second look, and why. */
    public record Flag(String subject, String kind, String reason) {}

    public record Result(List<Model> added, List<Model> removed, List<ModelChange> changed, List<Flag> secondLook) {
        public Result {
            added = List.copyOf(added);
            removed = List.copyOf(removed);
            changed = List.copyOf(changed);
            secondLook = List.copyOf(secondLook);
        }

        public boolean isEmpty() {
            return added.isEmpty() && removed.isEmpty() && changed.isEmpty() && secondLook.isEmpty();
        }
    }

    /** A new or changed launch request needs its owners' second look: it moves production traffic. */
    static List<Flag> launchFlags(Registry base, Registry head) {
        List<Flag> flags = new ArrayList<>();
        for (Launch launch : head.launches()) {
            Optional<Launch> before = base.launch(launch.id());
            String what = launch.model() + " "
                    + head.model(launch.model()).map(m -> m.serving().version()).orElse("?")
                    + " → " + launch.candidate().version() + ", traffic "
                    + launch.trafficPlan().stream()
                            .map(s -> percent(s.percent()))
                            .reduce((a, b) -> a + " → " + b)
                            .orElse("")
                    + "%";
            if (before.isEmpty()) {
                flags.add(new Flag(launch.id(), "launch", "new launch of " + what));
            } else if (!before.get().equals(launch)) {
                flags.add(new Flag(launch.id(), "launch", "launch request changed: " + what));
            }
        }
        return flags;
    }

    /**
     * A new, changed or deleted traffic profile needs a second look: every launch of its surface is
     * sized from it, so a new profile can flip an open launch's verdict without that launch changing.
     */
    static List<Flag> trafficProfileFlags(Registry base, Registry head) {
        List<Flag> flags = new ArrayList<>();
        for (TrafficProfile after : head.trafficProfiles()) {
            Optional<TrafficProfile> before = base.trafficProfile(after.surface());
            String sized = ": the plans of " + after.surface() + "'s launches are sized from it";
            if (before.isEmpty()) {
                flags.add(new Flag(
                        after.surface(),
                        "traffic-profile",
                        "new traffic profile of " + after.surface() + ": peak " + rps(after) + " requests/s, "
                                + candidates(after) + sized));
            } else if (!before.get().equals(after)) {
                flags.add(new Flag(
                        after.surface(),
                        "traffic-profile",
                        "traffic profile of " + after.surface() + " changed: peak " + rps(before.get()) + " → "
                                + rps(after) + " requests/s, " + candidates(before.get()) + " → " + candidates(after)
                                + ", hardware " + before.get().hardware().name() + " → "
                                + after.hardware().name()
                                + sized));
            }
        }
        for (TrafficProfile gone : base.trafficProfiles()) {
            if (head.trafficProfile(gone.surface()).isEmpty()) {
                flags.add(new Flag(
                        gone.surface(),
                        "traffic-profile",
                        "traffic profile of " + gone.surface() + " deleted (or left out by its errors): plans can no"
                                + " longer size " + gone.surface() + "'s launches"));
            }
        }
        return flags;
    }

    private static String rps(TrafficProfile profile) {
        return String.format(Locale.ROOT, "%,.0f", profile.peak().productionRps());
    }

    private static String candidates(TrafficProfile profile) {
        List<Integer> p = profile.sourcedCandidates().percentiles();
        return String.format(Locale.ROOT, "p50/p99 sourced candidates %,d/%,d", p.get(50), p.get(99));
    }

    private static String percent(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    public static Result compare(Registry base, Registry head) {
        Map<String, Model> before = byId(base);
        Map<String, Model> after = byId(head);
        List<Model> added = new ArrayList<>();
        List<Model> removed = new ArrayList<>();
        List<ModelChange> changed = new ArrayList<>();
        List<Flag> flags = new ArrayList<>();
        for (Model model : after.values()) {
            if (!before.containsKey(model.id())) {
                added.add(model);
            }
        }
        for (Model model : before.values()) {
            Model now = after.get(model.id());
            if (now == null) {
                removed.add(model);
                if (model.lifecycle() == Lifecycle.DEPRECATED) {
                    flags.add(new Flag(
                            model.id(),
                            "deprecated-deleted",
                            "a deprecated model's file is deleted, which frees its reserved id: a new model may then"
                                    + " take '" + model.id() + "' and mix its prediction logs and SLO history with"
                                    + " this one's; keep " + model.file() + " (lifecycle: deprecated) to keep the id"
                                    + " reserved"));
                } else if (model.tier().compareTo(Tier.TIER1) <= 0) {
                    flags.add(
                            new Flag(
                                    model.id(),
                                    "removed",
                                    "an " + model.lifecycle().id() + " " + model.tier()
                                            + " model is removed; deprecate it first (lifecycle: deprecated) so its id stays reserved"));
                }
                continue;
            }
            List<FieldChange> fields = fieldChanges(model.source(), now.source());
            if (!fields.isEmpty() || !model.file().equals(now.file())) {
                if (!model.file().equals(now.file())) {
                    fields = new ArrayList<>(fields);
                    fields.add(0, new FieldChange("(file)", Optional.of(model.file()), Optional.of(now.file())));
                }
                changed.add(new ModelChange(now.id(), now.file(), fields));
            }
            flags.addAll(flagsFor(base, model, head, now));
        }
        flags.addAll(tierPolicyFlags(base, head));
        flags.addAll(launchFlags(base, head));
        flags.addAll(trafficProfileFlags(base, head));
        return new Result(added, removed, changed, flags);
    }

    private static List<Flag> flagsFor(Registry base, Model before, Registry head, Model after) {
        List<Flag> flags = new ArrayList<>();
        if (before.tier() != after.tier()) {
            String direction = after.tier().isMoreCriticalThan(before.tier())
                    ? "raised, more critical: stricter SLO, on-call required, launch approvals tighten"
                    : "lowered, less critical: looser SLO and fewer guarantees for its consumers";
            flags.add(new Flag(after.id(), "tier", before.tier() + " → " + after.tier() + " (" + direction + ")"));
        }
        if (!before.owner().team().equals(after.owner().team())) {
            flags.add(new Flag(
                    after.id(),
                    "owner",
                    "owning team " + before.owner().team() + " → "
                            + after.owner().team() + " (both teams should approve)"));
        }
        if (!before.pool().equals(after.pool())) {
            String from = poolTeam(base, before.pool());
            String to = poolTeam(head, after.pool());
            flags.add(new Flag(
                    after.id(),
                    "pool",
                    before.pool() + " → " + after.pool()
                            + (from.equals(to)
                                    ? " (capacity moves between " + to + "'s pools)"
                                    : " (capacity moves from " + from + "'s pool to " + to
                                            + "'s: both teams should approve)")));
        }
        if (base.tierPolicies().isPresent() && head.tierPolicies().isPresent()) {
            List<String> loosened = base.effectiveSlo(before).loosenedBy(head.effectiveSlo(after));
            if (!loosened.isEmpty()) {
                flags.add(new Flag(
                        after.id(),
                        "slo-loosened",
                        "SLO loosened in " + String.join(", ", loosened)
                                + (after.slo().exception().isPresent()
                                        ? " (exception until "
                                                + after.slo().exception().get().expires() + ": "
                                                + after.slo().exception().get().reason() + ")"
                                        : "")));
            }
        }
        return flags;
    }

    /** The team owning {@code pool} in {@code registry}, or "an unknown team" for a pool no team declares. */
    private static String poolTeam(Registry registry, String pool) {
        Team.Pool found = registry.pools().get(pool);
        return found == null ? "an unknown team" : found.team();
    }

    private static List<Flag> tierPolicyFlags(Registry base, Registry head) {
        List<Flag> flags = new ArrayList<>();
        if (base.tierPolicies().isEmpty() || head.tierPolicies().isEmpty()) {
            return flags;
        }
        for (Tier tier : Tier.values()) {
            List<String> loosened = base.tierPolicies()
                    .get()
                    .of(tier)
                    .slo()
                    .loosenedBy(head.tierPolicies().get().of(tier).slo());
            if (!loosened.isEmpty()) {
                flags.add(new Flag(
                        "tiers.yaml",
                        "slo-loosened",
                        tier + " defaults loosened in " + String.join(", ", loosened) + " (moves every " + tier
                                + " model)"));
            }
        }
        return flags;
    }

    private static Map<String, Model> byId(Registry registry) {
        Map<String, Model> models = new TreeMap<>();
        for (Model model : registry.models()) {
            models.putIfAbsent(model.id(), model);
        }
        return models;
    }

    static List<FieldChange> fieldChanges(JsonNode before, JsonNode after) {
        Map<String, JsonNode> a = new TreeMap<>();
        Map<String, JsonNode> b = new TreeMap<>();
        flatten("", before, a);
        flatten("", after, b);
        TreeSet<String> keys = new TreeSet<>(a.keySet());
        keys.addAll(b.keySet());
        List<FieldChange> changes = new ArrayList<>();
        for (String key : keys) {
            Optional<JsonNode> x = Optional.ofNullable(a.get(key));
            Optional<JsonNode> y = Optional.ofNullable(b.get(key));
            Optional<String> xText = x.map(RegistryDiff::text);
            Optional<String> yText = y.map(RegistryDiff::text);
            if (xText.isEmpty() || !xText.equals(yText)) {
                changes.add(new FieldChange(key, xText, yText, x, y));
            }
        }
        return changes;
    }

    /** Leaves by dotted path; a list is one leaf. */
    private static void flatten(String prefix, JsonNode node, Map<String, JsonNode> out) {
        if (node.isObject()) {
            node.properties()
                    .forEach(
                            e -> flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out));
        } else {
            out.put(prefix, node);
        }
    }

    private static String text(JsonNode leaf) {
        return leaf.isArray() ? leaf.toString() : leaf.isNull() ? "null" : leaf.asText();
    }

    /**
     * Compares the registry at {@code registryDir} as it is on disk with the same folder at git
     * {@code baseRef}.
     */
    public static Result againstGitRef(Path registryDir, String baseRef) {
        return compare(
                atGitRef(registryDir, baseRef), RegistryLoader.load(registryDir).registry());
    }

    /**
     * The registry folder {@code registryDir} as it was at git {@code baseRef}: its valid entries
     * (an invalid base still compares; its broken entries are left out). The base is exported to a
     * temporary folder that is gone when this returns: read the registry's entries, not its files
     * or content hash.
     */
    public static Registry atGitRef(Path registryDir, String baseRef) {
        Path dir = registryDir.toAbsolutePath().normalize();
        Git git = new Git(dir);
        String top = git.topLevel().orElseThrow(() -> ModelfleetErrors.notInGit(registryDir));
        git.resolveCommit(baseRef);
        String prefix = Path.of(top)
                .toAbsolutePath()
                .normalize()
                .relativize(realPath(dir))
                .toString()
                .replace('\\', '/');
        Path tmp;
        try {
            tmp = Files.createTempDirectory("modelfleet-diff-");
        } catch (IOException e) {
            throw ModelfleetErrors.noTempFolder(e);
        }
        try {
            // Archive from the repository's top: git resolves REF:path from there, whatever the working folder.
            new Git(Path.of(top)).export(baseRef, prefix, tmp);
            return RegistryLoader.load(tmp).registry();
        } finally {
            deleteRecursively(tmp);
        }
    }

    private static Path realPath(Path dir) {
        try {
            return dir.toRealPath();
        } catch (IOException e) {
            return dir;
        }
    }

    private static void deleteRecursively(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: a leftover temp folder is harmless
        }
    }
}
