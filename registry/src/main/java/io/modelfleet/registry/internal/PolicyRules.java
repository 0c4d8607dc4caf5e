package io.modelfleet.registry.internal;

import io.modelfleet.core.slo.SloPolicy;
import io.modelfleet.registry.Diagnostic;
import io.modelfleet.registry.FunnelStage;
import io.modelfleet.registry.Launch;
import io.modelfleet.registry.Lifecycle;
import io.modelfleet.registry.Model;
import io.modelfleet.registry.Resources;
import io.modelfleet.registry.Suggestions;
import io.modelfleet.registry.Team;
import io.modelfleet.registry.TierPolicies;
import io.modelfleet.registry.TierPolicy;
import io.modelfleet.registry.internal.yaml.Locations;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Rules that span files. Each has a stable id (the {@code rule} of its diagnostics):
 *
 * <ul>
 *   <li>{@code tiers-missing}: the registry has no tiers.yaml;
 *   <li>{@code unique-id}: two models, two teams or two pools share an id;
 *   <li>{@code deprecated-id-reused}: a model takes the id of a deprecated model;
 *   <li>{@code team-unknown}, {@code pool-unknown}, {@code pool-team-mismatch}: references resolve;
 *   <li>{@code path-mismatch}: a file's path agrees with its team and id;
 *   <li>{@code tier-oncall-required}: tiers that require it name an on-call and contacts;
 *   <li>{@code slo-loosened}, {@code slo-exception-expired}, {@code slo-exception-invalid-date},
 *       {@code slo-invalid-band}: SLO overrides tighten, or loosen under a current exception;
 *   <li>{@code pool-oversubscribed}: replicas times resources of a pool's models fit its quota;
 *   <li>{@code artifact-shared}: a serving artifact belongs to one non-deprecated model, unless every model
 *       that serves it lists all the others under {@code serving.artifact_shared_with};
 *   <li>{@code artifact-shared-with-stale} (warning): {@code artifact_shared_with} names a model that does not
 *       serve the same artifact;
 *   <li>{@code launch-model-unknown}, {@code launch-model-inactive}: a launch replaces a registered, active model;
 *   <li>{@code launch-same-version}: the candidate's version differs from the one in production;
 *   <li>{@code launch-sourcing}: a launch replaces a ranking model (esr, lsr): the estimate cannot replay sourcing;
 *   <li>{@code launch-plan}: traffic shares increase step by step and end at 100 percent;
 *   <li>{@code launch-duplicate}: one open launch (one file under launches/) per model;
 *   <li>{@code path-mismatch}: a launch lives at {@code launches/<id>.yaml}.
 * </ul>
 */
public final class PolicyRules {
    /** A bound entry and, on demand, the positions of its source (re-read only when a rule fires). */
    public static final class Located<T> {
        private final T value;
        private final String file;
        private final Supplier<Locations> source;
        private Locations locations;

        public Located(T value, String file, Supplier<Locations> source) {
            this.value = value;
            this.file = file;
            this.source = source;
        }

        public T value() {
            return value;
        }

        public String file() {
            return file;
        }

        Locations locations() {
            if (locations == null) {
                locations = source.get();
            }
            return locations;
        }
    }

    /** Models or files a single finding names before it says "and N more". */
    private static final int NAMED_AT_MOST = 5;

    private final Optional<TierPolicies> tiers;
    private final List<Located<Team>> teams;
    private final List<Located<Model>> models;
    private final List<Located<Launch>> launches;
    private final LocalDate today;
    private final List<Diagnostic> diagnostics = new ArrayList<>();

    public PolicyRules(
            Optional<TierPolicies> tiers,
            List<Located<Team>> teams,
            List<Located<Model>> models,
            List<Located<Launch>> launches,
            LocalDate today) {
        this.tiers = tiers;
        this.teams = teams;
        this.models = models;
        this.launches = launches;
        this.today = today;
    }

    public List<Diagnostic> check() {
        Map<String, Located<Team>> teamsById = uniqueTeams();
        Map<String, Team.Pool> pools = uniquePools();
        uniqueModelIds();
        for (Located<Model> model : models) {
            references(model, teamsById, pools);
            modelPath(model);
            tiers.ifPresent(t -> {
                oncall(model, t.of(model.value().tier()));
                slo(model, t.of(model.value().tier()));
            });
        }
        for (Located<Team> team : teams) {
            teamPath(team);
        }
        oversubscription();
        sharedArtifacts();
        launches();
        return diagnostics;
    }

    private void launches() {
        Map<String, Model> byId = new HashMap<>();
        models.forEach(m -> byId.putIfAbsent(m.value().id(), m.value()));
        Map<String, List<Located<Launch>>> byModel = new TreeMap<>();
        for (Located<Launch> located : sorted(launches)) {
            Launch launch = located.value();
            byModel.computeIfAbsent(launch.model(), k -> new ArrayList<>()).add(located);
            String expected = RegistryPaths.LAUNCHES_DIR + "/" + launch.id() + ".yaml";
            if (!RegistryPaths.withYamlExtension(located.file()).equals(expected)) {
                error(
                        located,
                        "/id",
                        "path-mismatch",
                        "launch id '" + launch.id() + "' belongs at " + expected,
                        "rename the file to " + expected + ", or fix 'id'");
            }
            Model model = byId.get(launch.model());
            if (model == null) {
                error(
                        located,
                        "/model",
                        "launch-model-unknown",
                        "launch '" + launch.id() + "' replaces model '" + launch.model() + "', which is not registered",
                        Suggestions.closest(launch.model(), byId.keySet())
                                .map(id -> "did you mean '" + id + "'?")
                                .orElse("name a model under models/ (see 'modelfleet registry list')"));
                continue;
            }
            if (model.lifecycle() != Lifecycle.ACTIVE) {
                error(
                        located,
                        "/model",
                        "launch-model-inactive",
                        "launch '" + launch.id() + "' replaces model '" + model.id() + "', which is "
                                + model.lifecycle().id() + ", not active",
                        "launch a new version of an active model; a shadow model goes active in its own entry first");
            }
            if (launch.candidate().version().equals(model.serving().version())) {
                error(
                        located,
                        "/candidate/version",
                        "launch-same-version",
                        "the candidate's version " + launch.candidate().version() + " is already production's for '"
                                + model.id() + "'",
                        "give the candidate its new version label, e.g. the next after "
                                + model.serving().version());
            }
            if (model.funnelStage() == FunnelStage.SOURCING && model.lifecycle() == Lifecycle.ACTIVE) {
                error(
                        located,
                        "/model",
                        "launch-sourcing",
                        "launch '" + launch.id() + "' replaces sourcing model '" + model.id()
                                + "': recorded traffic holds what sourcing returned, so its launch cannot be estimated"
                                + " by replay",
                        "launch ranking models (esr, lsr) through launches/; size a sourcing model from its own"
                                + " serving metrics and change its entry directly");
            }
            plan(located);
        }
        byModel.forEach((modelId, open) -> {
            if (open.size() > 1) {
                for (Located<Launch> located : open) {
                    error(
                            located,
                            "/model",
                            "launch-duplicate",
                            "model '" + modelId + "' has " + open.size() + " open launches: "
                                    + open.stream().map(Located::file).collect(Collectors.joining(", ")),
                            "keep one launch per model open; close or merge the others");
                }
            }
        });
    }

    private void plan(Located<Launch> located) {
        List<Launch.Step> steps = located.value().trafficPlan();
        for (int i = 1; i < steps.size(); i++) {
            if (!(steps.get(i).percent() > steps.get(i - 1).percent())) {
                error(
                        located,
                        "/traffic_plan/" + i + "/percent",
                        "launch-plan",
                        "traffic plan step " + (i + 1) + " moves to "
                                + fmt(steps.get(i).percent()) + "%, not above the step before ("
                                + fmt(steps.get(i - 1).percent()) + "%)",
                        "give each step a larger share than the one before, e.g. 1, 5, 25, 50, 100");
                return;
            }
        }
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).maxBakeMinutes() < steps.get(i).bakeMinutes()) {
                error(
                        located,
                        "/traffic_plan/" + i + "/max_bake_minutes",
                        "launch-plan",
                        "traffic plan step " + (i + 1) + " may bake at most "
                                + steps.get(i).maxBakeMinutes() + " minutes, less than its least bake of "
                                + steps.get(i).bakeMinutes() + " minutes",
                        "raise max_bake_minutes to at least bake_minutes, or leave it out");
                return;
            }
        }
        Launch.Step last = steps.get(steps.size() - 1);
        if (last.percent() != 100) {
            error(
                    located,
                    "/traffic_plan/" + (steps.size() - 1) + "/percent",
                    "launch-plan",
                    "traffic plan ends at " + fmt(last.percent()) + "%, so the launch never takes all traffic",
                    "end the plan with a step at 100 percent");
        }
    }

    private Map<String, Located<Team>> uniqueTeams() {
        Map<String, Located<Team>> byId = new HashMap<>();
        for (Located<Team> team : sorted(teams)) {
            Located<Team> first = byId.putIfAbsent(team.value().id(), team);
            if (first != null) {
                error(
                        team,
                        "/id",
                        "unique-id",
                        "team id '" + team.value().id() + "' is already used by " + first.file(),
                        "team ids are unique; rename one of the two teams");
            }
        }
        return byId;
    }

    private Map<String, Team.Pool> uniquePools() {
        Map<String, Team.Pool> pools = new HashMap<>();
        for (Located<Team> team : sorted(teams)) {
            List<Team.Pool> teamPools = team.value().pools();
            for (int i = 0; i < teamPools.size(); i++) {
                Team.Pool pool = teamPools.get(i);
                Team.Pool first = pools.putIfAbsent(pool.id(), pool);
                if (first != null) {
                    error(
                            team,
                            "/pools/" + i + "/id",
                            "unique-id",
                            "pool id '" + pool.id() + "' is already a pool of team '" + first.team() + "'",
                            "pool ids are unique across the fleet; rename this pool");
                }
            }
        }
        return pools;
    }

    private void uniqueModelIds() {
        Map<String, List<Located<Model>>> byId = new LinkedHashMap<>();
        for (Located<Model> model : sorted(models)) {
            byId.computeIfAbsent(model.value().id(), k -> new ArrayList<>()).add(model);
        }
        for (List<Located<Model>> same : byId.values()) {
            if (same.size() < 2) {
                continue;
            }
            Optional<Located<Model>> deprecated = same.stream()
                    .filter(m -> m.value().lifecycle() == Lifecycle.DEPRECATED)
                    .findFirst();
            Located<Model> first = deprecated.orElse(same.get(0));
            for (Located<Model> model : same) {
                if (model == first) {
                    continue;
                }
                String id = model.value().id();
                if (deprecated.isPresent()) {
                    error(
                            model,
                            "/id",
                            "deprecated-id-reused",
                            "model id '" + id + "' belongs to a deprecated model (" + first.file() + ")",
                            "ids of deprecated models stay reserved so old logs and dashboards keep their meaning; "
                                    + "choose a new id, e.g. '" + id + "_v2'");
                } else {
                    error(
                            model,
                            "/id",
                            "unique-id",
                            "model id '" + id + "' is already used by " + first.file(),
                            "model ids are unique across the fleet; choose another id for one of them");
                }
            }
        }
    }

    private void references(
            Located<Model> located, Map<String, Located<Team>> teamsById, Map<String, Team.Pool> pools) {
        Model model = located.value();
        String team = model.owner().team();
        if (!teamsById.containsKey(team)) {
            String suggestion = Suggestions.closest(team, teamsById.keySet())
                    .map(s -> "did you mean '" + s + "'? ")
                    .orElse("");
            error(
                    located,
                    "/owner/team",
                    "team-unknown",
                    "owner team '" + team + "' is not defined",
                    suggestion + "add teams/" + team + ".yaml or name an existing team");
        }
        Team.Pool pool = pools.get(model.pool());
        if (pool == null) {
            String suggestion = Suggestions.closest(model.pool(), pools.keySet())
                    .map(s -> "did you mean '" + s + "'? ")
                    .orElse("");
            error(
                    located,
                    "/pool",
                    "pool-unknown",
                    "pool '" + model.pool() + "' is not defined by any team",
                    suggestion + "use a pool listed under 'pools:' in teams/" + team + ".yaml");
        } else if (!pool.team().equals(team) && teamsById.containsKey(team)) {
            error(
                    located,
                    "/pool",
                    "pool-team-mismatch",
                    "pool '" + model.pool() + "' belongs to team '" + pool.team() + "', not to owner team '" + team
                            + "'",
                    "a model draws on its owning team's pools; use a pool listed in teams/" + team + ".yaml");
        }
    }

    private void modelPath(Located<Model> located) {
        Model model = located.value();
        String expected = RegistryPaths.MODELS_DIR + "/" + model.owner().team() + "/" + model.id() + ".yaml";
        if (!RegistryPaths.withYamlExtension(located.file()).equals(expected)) {
            error(
                    located,
                    "/id",
                    "path-mismatch",
                    "file path does not match the entry: id '" + model.id() + "' owned by '"
                            + model.owner().team() + "' belongs at " + expected,
                    "move the file to " + expected + ", or fix 'id' / 'owner.team'");
        }
    }

    private void teamPath(Located<Team> located) {
        String expected = RegistryPaths.TEAMS_DIR + "/" + located.value().id() + ".yaml";
        if (!RegistryPaths.withYamlExtension(located.file()).equals(expected)) {
            error(
                    located,
                    "/id",
                    "path-mismatch",
                    "team id '" + located.value().id() + "' belongs at " + expected,
                    "rename the file to " + expected + ", or fix 'id'");
        }
    }

    private void oncall(Located<Model> located, TierPolicy policy) {
        if (!policy.requiresOncall()) {
            return;
        }
        Model model = located.value();
        String tier = model.tier().name();
        if (model.owner().oncall().isEmpty()) {
            errorAtKey(
                    located,
                    "/owner",
                    "tier-oncall-required",
                    tier + " model has no on-call rotation",
                    "add 'oncall: <rotation>' under 'owner:'; " + tier + " models page someone when they break");
        }
        if (model.owner().contacts().isEmpty()) {
            errorAtKey(
                    located,
                    "/owner",
                    "tier-oncall-required",
                    tier + " model lists no contacts",
                    "add 'contacts: [you@example.com]' under 'owner:'");
        }
    }

    private void slo(Located<Model> located, TierPolicy policy) {
        Model model = located.value();
        if (model.slo() == Model.SloOverride.NONE) {
            return;
        }
        SloPolicy defaults = policy.slo();
        Model.SloOverride override = model.slo();
        double min = override.calibrationMin().orElse(defaults.calibrationMin());
        double max = override.calibrationMax().orElse(defaults.calibrationMax());
        if (!(min < max)) {
            errorAtKey(
                    located,
                    "/slo",
                    "slo-invalid-band",
                    "calibration band [" + min + ", " + max + "] is empty",
                    "calibration_min must be below calibration_max");
            return;
        }
        SloPolicy effective = override.applyTo(defaults);
        List<String> loosened = defaults.loosenedBy(effective);
        if (override.exception().isPresent()) {
            Model.SloException exception = override.exception().get();
            Optional<LocalDate> expires = exception.expiryDate();
            if (expires.isEmpty()) {
                error(
                        located,
                        "/slo/exception/expires",
                        "slo-exception-invalid-date",
                        "'" + exception.expires() + "' is not a real date",
                        "write the last day the exception holds as YYYY-MM-DD");
            } else if (expires.get().isBefore(today)) {
                error(
                        located,
                        "/slo/exception/expires",
                        "slo-exception-expired",
                        "SLO exception expired on " + expires.get() + " (today is " + today + ")",
                        "tighten the SLO back to the " + model.tier()
                                + " defaults, or renew the exception with a new reason and date");
            }
            return;
        }
        for (String field : loosened) {
            error(
                    located,
                    "/slo/" + field,
                    "slo-loosened",
                    field + " " + value(effective, field) + " is looser than the " + model.tier() + " default "
                            + value(defaults, field),
                    "tighten it, or add an 'exception:' block under 'slo:' with 'reason:' and 'expires: YYYY-MM-DD'");
        }
    }

    private static String value(SloPolicy policy, String field) {
        return switch (field) {
            case "calibration_min" -> fmt(policy.calibrationMin());
            case "calibration_max" -> fmt(policy.calibrationMax());
            case "ne_regression_limit" -> fmt(policy.neRegressionLimit());
            case "min_events_per_hour" -> Long.toString(policy.minEventsPerHour());
            case "label_delay_hours" -> fmt(policy.labelDelay().toSeconds() / 3600.0);
            default -> fmt(policy.objective());
        };
    }

    private void oversubscription() {
        Map<String, List<Model>> byPool = new HashMap<>();
        for (Located<Model> model : models) {
            byPool.computeIfAbsent(model.value().pool(), k -> new ArrayList<>()).add(model.value());
        }
        for (Located<Team> team : sorted(teams)) {
            List<Team.Pool> pools = team.value().pools();
            for (int i = 0; i < pools.size(); i++) {
                Team.Pool pool = pools.get(i);
                List<Model> drawing = byPool.getOrDefault(pool.id(), List.of());
                Resources used = drawing.stream().map(Model::footprint).reduce(Resources.ZERO, Resources::plus);
                if (used.fitsWithin(pool.quota())) {
                    continue;
                }
                List<String> over = new ArrayList<>();
                if (used.cpu() > pool.quota().cpu() + 1e-9) {
                    over.add("cpu " + fmt(used.cpu()) + " > " + fmt(pool.quota().cpu()));
                }
                if (used.memoryGb() > pool.quota().memoryGb() + 1e-9) {
                    over.add("memory_gb " + fmt(used.memoryGb()) + " > "
                            + fmt(pool.quota().memoryGb()));
                }
                if (used.gpus() > pool.quota().gpus()) {
                    over.add("gpus " + used.gpus() + " > " + pool.quota().gpus());
                }
                String largest = drawing.stream()
                        .sorted(Comparator.comparingDouble(
                                        (Model m) -> m.footprint().cpu())
                                .reversed())
                        .limit(3)
                        .map(m -> m.id() + " (" + m.serving().replicas() + " x "
                                + fmt(m.serving().resources().cpu()) + " cpu)")
                        .reduce((a, b) -> a + ", " + b)
                        .orElse("");
                errorAtKey(
                        team,
                        "/pools/" + i + "/quota",
                        "pool-oversubscribed",
                        "pool '" + pool.id() + "' is oversubscribed: " + String.join(", ", over) + " by "
                                + drawing.size() + " models",
                        "raise the quota (with the pool owner's approval) or cut replicas; largest: " + largest);
            }
        }
    }

    /**
     * One artifact, one model: two serving models that load the same file are usually a copy-paste slip
     * (the second model silently serves the first one's weights). Sharing on purpose is declared in every
     * entry that shares, so each owning team approves it in its own file. Deprecated models serve nothing
     * and do not count; entries that repeat one id are one model here and left to {@code unique-id}.
     */
    private void sharedArtifacts() {
        Map<String, List<Located<Model>>> byArtifact = new LinkedHashMap<>();
        for (Located<Model> model : sorted(models)) {
            if (model.value().lifecycle() != Lifecycle.DEPRECATED) {
                byArtifact
                        .computeIfAbsent(model.value().serving().artifact(), k -> new ArrayList<>())
                        .add(model);
            }
        }
        for (List<Located<Model>> sharing : byArtifact.values()) {
            SharingGroup group = SharingGroup.of(sharing);
            for (Located<Model> model : sharing) {
                if (!group.lacking().isEmpty()) {
                    sharedArtifact(model, group);
                }
                staleSharing(model, group.ids());
            }
        }
    }

    /**
     * The non-deprecated entries that serve one artifact, with what each finding needs precomputed, so a
     * crowd sharing one artifact costs linear time, not quadratic.
     *
     * @param lacking the entries that do not list every other model of the group
     * @param perId how many entries of the group carry each id
     * @param lackingPerId how many entries of {@code lacking} carry each id
     */
    private record SharingGroup(
            List<Located<Model>> entries,
            Set<String> ids,
            Set<Located<Model>> lacking,
            Map<String, Long> perId,
            Map<String, Long> lackingPerId) {
        static SharingGroup of(List<Located<Model>> entries) {
            Set<String> ids = new LinkedHashSet<>();
            entries.forEach(m -> ids.add(m.value().id()));
            Set<Located<Model>> lacking = new LinkedHashSet<>();
            entries.stream().filter(m -> !declaresAll(m.value(), ids)).forEach(lacking::add);
            return new SharingGroup(entries, ids, lacking, countIds(entries), countIds(lacking));
        }

        private static Map<String, Long> countIds(Collection<Located<Model>> entries) {
            return entries.stream().collect(Collectors.groupingBy(m -> m.value().id(), Collectors.counting()));
        }

        /** Entries of {@code from} that are another model than {@code model} (a repeated id is not another model). */
        static Stream<Located<Model>> others(Collection<Located<Model>> from, Model model) {
            return from.stream().filter(o -> !o.value().id().equals(model.id()));
        }
    }

    private void sharedArtifact(Located<Model> located, SharingGroup group) {
        Model model = located.value();
        String hint;
        if (group.lacking().contains(located)) {
            hint = "give each model its own artifact; if they serve the same file on purpose, every entry that "
                    + "shares it lists all the others, here 'artifact_shared_with: ["
                    + atMost(
                            group.ids().stream().filter(id -> !id.equals(model.id())),
                            group.ids().size() - 1L,
                            ", ")
                    + "]' under 'serving:'";
        } else {
            hint = "this entry declares the sharing, but it is on purpose only when every entry lists all the others"
                    + " under serving.artifact_shared_with: "
                    + atMost(
                            SharingGroup.others(group.lacking(), model)
                                    .map(o -> o.file() + " lacks "
                                            + String.join(", ", undeclared(o.value(), group.ids()))),
                            group.lacking().size() - group.lackingPerId().getOrDefault(model.id(), 0L),
                            "; ")
                    + "; add the missing ids there, or give this model its own artifact";
        }
        error(
                located,
                "/serving/artifact",
                "artifact-shared",
                "serving.artifact '" + model.serving().artifact() + "' is also served by "
                        + atMost(
                                SharingGroup.others(group.entries(), model)
                                        .map(o -> "'" + o.value().id() + "' (" + o.file() + ")"),
                                group.entries().size() - group.perId().get(model.id()),
                                ", "),
                hint);
    }

    /** Whether {@code model} lists every other id in {@code ids} (the models serving its artifact). */
    private static boolean declaresAll(Model model, Set<String> ids) {
        List<String> listed = model.serving().artifactSharedWith();
        // The schema caps the list, so a crowd of sharers fails here without a scan.
        return ids.size() - 1 <= listed.size()
                && ids.stream().allMatch(id -> id.equals(model.id()) || listed.contains(id));
    }

    /** The other ids in {@code ids} that {@code model} does not list. */
    private static List<String> undeclared(Model model, Set<String> ids) {
        List<String> listed = model.serving().artifactSharedWith();
        return ids.stream()
                .filter(id -> !id.equals(model.id()) && !listed.contains(id))
                .toList();
    }

    private void staleSharing(Located<Model> located, Set<String> ids) {
        Model model = located.value();
        List<String> listed = model.serving().artifactSharedWith();
        for (int i = 0; i < listed.size(); i++) {
            String id = listed.get(i);
            if (ids.contains(id) && !id.equals(model.id())) {
                continue;
            }
            String message = id.equals(model.id())
                    ? "serving.artifact_shared_with lists this model itself"
                    : "serving.artifact_shared_with lists '" + id + "', which does not serve '"
                            + model.serving().artifact() + "' (it serves another artifact, is deprecated, or does"
                            + " not exist)";
            diagnostics.add(Diagnostic.warning(
                    located.file(),
                    located.locations().ofValue("/serving/artifact_shared_with/" + i),
                    "artifact-shared-with-stale",
                    message,
                    "remove '" + id + "' from the list; it names only the other models that serve this artifact"));
        }
    }

    /** The first few of {@code total} items joined, and how many more: a finding stays one readable line. */
    private static String atMost(Stream<String> items, long total, String separator) {
        String joined = items.limit(NAMED_AT_MOST).collect(Collectors.joining(separator));
        return total > NAMED_AT_MOST ? joined + " and " + (total - NAMED_AT_MOST) + " more" : joined;
    }

    private static String fmt(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15
                ? Long.toString((long) value)
                : String.format(Locale.ROOT, "%s", value);
    }

    private static <T> List<Located<T>> sorted(List<Located<T>> entries) {
        return entries.stream().sorted(Comparator.comparing(Located::file)).toList();
    }

    private void error(Located<?> entry, String pointer, String rule, String message, String hint) {
        diagnostics.add(Diagnostic.error(entry.file(), entry.locations().ofValue(pointer), rule, message, hint));
    }

    private void errorAtKey(Located<?> entry, String pointer, String rule, String message, String hint) {
        diagnostics.add(Diagnostic.error(entry.file(), entry.locations().ofKey(pointer), rule, message, hint));
    }
}
