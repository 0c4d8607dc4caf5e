package io.modelfleet.registry;

import static java.util.Objects.requireNonNull;

import io.modelfleet.core.ModelfleetErrors;
import io.modelfleet.core.slo.SloPolicy;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A loaded registry: tier policies, teams and models. Entries that failed validation are left
 * out, so a registry is only trustworthy when its {@link ValidationReport} is valid.
 */
public final class Registry {
    private final Path root;
    private final Optional<TierPolicies> tierPolicies;
    private final List<Team> teams;
    private final List<Model> models;
    private final List<Launch> launches;
    private final List<TrafficProfile> trafficProfiles;
    private final Map<String, Model> modelsById;
    private final List<String> files;
    private final Supplier<String> contentHash;
    private volatile String hash;

    /**
     * @param files the registry files read, relative to {@code root} with forward slashes
     * @param contentHash computes the content hash on first use (validation alone never needs it)
     */
    public Registry(
            Path root,
            Optional<TierPolicies> tierPolicies,
            List<Team> teams,
            List<Model> models,
            List<String> files,
            Supplier<String> contentHash) {
        this(root, tierPolicies, teams, models, List.of(), files, contentHash);
    }

    /**
     * @param launches the requested launches under launches/
     * @param files the registry files read, relative to {@code root} with forward slashes
     * @param contentHash computes the content hash on first use (validation alone never needs it)
     */
    public Registry(
            Path root,
            Optional<TierPolicies> tierPolicies,
            List<Team> teams,
            List<Model> models,
            List<Launch> launches,
            List<String> files,
            Supplier<String> contentHash) {
        this(root, tierPolicies, teams, models, launches, List.of(), files, contentHash);
    }

    /**
     * @param trafficProfiles the surfaces' traffic profiles under traffic/; not among {@code files}:
     *     they describe recorded traffic, not the fleet, so they do not change the registry's hash
     */
    public Registry(
            Path root,
            Optional<TierPolicies> tierPolicies,
            List<Team> teams,
            List<Model> models,
            List<Launch> launches,
            List<TrafficProfile> trafficProfiles,
            List<String> files,
            Supplier<String> contentHash) {
        this.root = requireNonNull(root, "root is null");
        this.tierPolicies = requireNonNull(tierPolicies, "tierPolicies is null");
        this.teams = teams.stream().sorted(Comparator.comparing(Team::id)).toList();
        this.models = models.stream()
                .sorted(Comparator.comparing(Model::id).thenComparing(Model::file))
                .toList();
        // jobs look models up once per model-hour; an invalid registry may repeat an id, the first file wins
        Map<String, Model> byId = new HashMap<>();
        this.models.forEach(m -> byId.putIfAbsent(m.id(), m));
        this.modelsById = Collections.unmodifiableMap(byId);
        this.launches =
                launches.stream().sorted(Comparator.comparing(Launch::id)).toList();
        this.trafficProfiles = trafficProfiles.stream()
                .sorted(Comparator.comparing(TrafficProfile::surface))
                .toList();
        this.files = files.stream().sorted().toList();
        this.contentHash = requireNonNull(contentHash, "contentHash is null");
    }

    /** The requested launches, by id. */
    public List<Launch> launches() {
        return launches;
    }

    public Optional<Launch> launch(String id) {
        return launches.stream().filter(l -> l.id().equals(id)).findFirst();
    }

    /** The traffic profiles under traffic/, by surface. */
    public List<TrafficProfile> trafficProfiles() {
        return trafficProfiles;
    }

    /** The traffic profile of {@code surface}, {@code traffic/<surface>.yaml}, if the registry has a valid one. */
    public Optional<TrafficProfile> trafficProfile(String surface) {
        return trafficProfiles.stream().filter(p -> p.surface().equals(surface)).findFirst();
    }

    public Path root() {
        return root;
    }

    public Optional<TierPolicies> tierPolicies() {
        return tierPolicies;
    }

    public List<Team> teams() {
        return teams;
    }

    public List<Model> models() {
        return models;
    }

    /**
     * Every registry file the loader read (valid or not), relative to {@link #root} with forward
     * slashes, in path order: the files {@link #contentHash} covers.
     */
    public List<String> files() {
        return files;
    }

    /**
     * SHA-256 over every registry file's path and bytes, in path order: equal registries have equal
     * hashes whatever the checkout.
     */
    public String contentHash() {
        String current = hash;
        if (current == null) {
            current = contentHash.get();
            hash = current;
        }
        return current;
    }

    public Optional<Model> model(String id) {
        return Optional.ofNullable(modelsById.get(id));
    }

    /** The model a person named, or the error for a mistyped id, with the closest id suggested. */
    public Model modelNamed(String id) {
        return model(id)
                .orElseThrow(() -> ModelfleetErrors.noSuchModel(
                        id,
                        Suggestions.closest(id, modelsById.keySet())
                                .map(s -> "did you mean '" + s + "'?")
                                .orElse("list models with 'modelfleet registry list'")));
    }

    public Optional<Team> team(String id) {
        return teams.stream().filter(t -> t.id().equals(id)).findFirst();
    }

    public Map<String, Team.Pool> pools() {
        Map<String, Team.Pool> pools = new LinkedHashMap<>();
        for (Team team : teams) {
            for (Team.Pool pool : team.pools()) {
                pools.putIfAbsent(pool.id(), pool);
            }
        }
        return pools;
    }

    /** The SLO a model is held to: its tier's defaults with its overrides applied. */
    public SloPolicy effectiveSlo(Model model) {
        TierPolicies policies = tierPolicies.orElseThrow(() -> new IllegalStateException(
                "Cannot resolve SLO of " + model.id() + ": registry has no valid tiers.yaml"));
        return model.slo().applyTo(policies.of(model.tier()).slo());
    }

    /** Resources the models drawing on {@code poolId} hold today. */
    public Resources poolUsage(String poolId) {
        return models.stream()
                .filter(m -> m.pool().equals(poolId))
                .map(Model::footprint)
                .reduce(Resources.ZERO, Resources::plus);
    }
}
