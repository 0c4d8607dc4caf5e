package io.modelfleet.registry;

import static java.util.Objects.requireNonNull;

import io.modelfleet.registry.internal.RegistryPaths;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a pull request does to the registry, for its plan comment: the head's validation, the
 * {@link RegistryDiff}, the capacity each changed pool holds before and after against its quota,
 * and the capacity the new or changed launch requests ask for.
 *
 * <p>A pool holds the sum over its models of replicas times one replica's resources ({@link
 * Model#footprint()}: deprecated models hold nothing), the same sum {@code pool-oversubscribed}
 * checks. An invalid head leaves its broken entries out of the sums, as {@link Registry} does.
 *
 * @param head what {@code registry validate} finds in the head, and the head registry
 * @param pools the pools whose holdings or quota differ, by pool id
 * @param launches the launch requests added or changed, by launch id
 */
public record RegistryPlan(
        ValidationReport head, RegistryDiff.Result diff, List<PoolCapacity> pools, List<LaunchRequest> launches) {
    public RegistryPlan {
        requireNonNull(head, "head is null");
        requireNonNull(diff, "diff is null");
        pools = List.copyOf(pools);
        launches = List.copyOf(launches);
    }

    /**
     * The head's files with errors that the registry could not take in (a schema or YAML error
     * stops an entry; a policy error does not), in path order: the changes and capacity of this
     * plan do not see them.
     */
    public List<String> leftOut() {
        Registry registry = head.registry();
        TreeSet<String> loaded = new TreeSet<>();
        registry.models().forEach(m -> loaded.add(m.file()));
        registry.teams().forEach(t -> loaded.add(t.file()));
        registry.launches().forEach(l -> loaded.add(l.file()));
        if (registry.tierPolicies().isPresent()) {
            loaded.add(RegistryPaths.TIERS_FILE);
        }
        return head.diagnostics().stream()
                .filter(d -> d.severity() == Diagnostic.Severity.ERROR)
                .map(Diagnostic::file)
                .filter(file -> !loaded.contains(file))
                .distinct()
                .sorted()
                .toList();
    }

    /**
     * One pool's holdings at the base and the head.
     *
     * @param team the team that declares the pool (at the head, else at the base); empty when none does
     * @param quotaBefore the pool's quota at the base; empty when the pool did not exist
     * @param quotaAfter the pool's quota at the head; empty when the pool no longer exists
     * @param models the models whose holdings in this pool differ, by id
     */
    public record PoolCapacity(
            String pool,
            Optional<String> team,
            Resources before,
            Resources after,
            Optional<Resources> quotaBefore,
            Optional<Resources> quotaAfter,
            List<ModelCapacity> models) {
        public PoolCapacity {
            requireNonNull(pool, "pool is null");
            requireNonNull(team, "team is null");
            requireNonNull(before, "before is null");
            requireNonNull(after, "after is null");
            requireNonNull(quotaBefore, "quotaBefore is null");
            requireNonNull(quotaAfter, "quotaAfter is null");
            models = List.copyOf(models);
        }

        /** True if the head's holdings exceed the head's quota in any dimension (or the pool is gone but held). */
        public boolean overQuota() {
            return quotaAfter.map(quota -> !after.fitsWithin(quota)).orElse(!after.equals(Resources.ZERO));
        }
    }

    /**
     * One model's holdings in one pool at the base and the head: zero where it is not in the pool
     * (added, removed, moved) or deprecated.
     *
     * @param replicasBefore the replicas at the base when it served from this pool; empty otherwise
     * @param replicasAfter the replicas at the head when it serves from this pool; empty otherwise
     */
    public record ModelCapacity(
            String id, OptionalLong replicasBefore, OptionalLong replicasAfter, Resources before, Resources after) {
        public ModelCapacity {
            requireNonNull(id, "id is null");
            requireNonNull(replicasBefore, "replicasBefore is null");
            requireNonNull(replicasAfter, "replicasAfter is null");
            requireNonNull(before, "before is null");
            requireNonNull(after, "after is null");
        }
    }

    /** Whether a launch file is new in the change or edited by it. */
    public enum LaunchChange {
        ADDED,
        CHANGED
    }

    /**
     * What a new or changed launch request asks for. The workflow reserves the candidate's whole
     * deployment in the pool while production keeps serving, so {@code deployment} must fit in
     * {@code poolFree} for the launch to be prepared; after finalization the pool holds the
     * candidate instead of production.
     *
     * @param production the production model at the head; empty when the launch names no registered model
     * @param perReplica one candidate replica's resources: the launch's, else production's; empty when neither says
     * @param replicas the candidate's replicas; empty when the launch leaves them to its estimate
     * @param poolFree the pool's head quota minus what its models hold at the head; empty without a known pool
     */
    public record LaunchRequest(
            Launch launch,
            LaunchChange change,
            Optional<Model> production,
            Optional<Resources> perReplica,
            OptionalLong replicas,
            Optional<Resources> poolFree) {
        public LaunchRequest {
            requireNonNull(launch, "launch is null");
            requireNonNull(change, "change is null");
            requireNonNull(production, "production is null");
            requireNonNull(perReplica, "perReplica is null");
            requireNonNull(replicas, "replicas is null");
            requireNonNull(poolFree, "poolFree is null");
        }

        /** Replicas times resources per replica; empty when the replicas are left to the estimate. */
        public Optional<Resources> deployment() {
            return replicas.isPresent() ? perReplica.map(r -> r.times(replicas.getAsLong())) : Optional.empty();
        }

        public Optional<String> pool() {
            return production.map(Model::pool);
        }
    }

    /**
     * The plan of the registry folder {@code registryDir} as it is on disk against the same folder
     * at git {@code baseRef}; the head is validated exactly as {@code registry validate} does.
     */
    public static RegistryPlan againstGitRef(Path registryDir, String baseRef) {
        Registry base = RegistryDiff.atGitRef(registryDir, baseRef);
        return of(base, RegistryLoader.load(registryDir));
    }

    /** The plan from {@code base} to the registry {@code head} validated. */
    public static RegistryPlan of(Registry base, ValidationReport head) {
        Registry after = head.registry();
        return new RegistryPlan(head, RegistryDiff.compare(base, after), pools(base, after), launches(base, after));
    }

    private static List<PoolCapacity> pools(Registry base, Registry head) {
        TreeSet<String> ids = new TreeSet<>(base.pools().keySet());
        ids.addAll(head.pools().keySet());
        base.models().forEach(m -> ids.add(m.pool()));
        head.models().forEach(m -> ids.add(m.pool()));
        List<PoolCapacity> pools = new ArrayList<>();
        for (String id : ids) {
            Optional<Team.Pool> quotaBefore = Optional.ofNullable(base.pools().get(id));
            Optional<Team.Pool> quotaAfter = Optional.ofNullable(head.pools().get(id));
            Resources before = base.poolUsage(id);
            Resources after = head.poolUsage(id);
            Optional<Resources> quotaBeforeValue = quotaBefore.map(Team.Pool::quota);
            Optional<Resources> quotaAfterValue = quotaAfter.map(Team.Pool::quota);
            if (before.equals(after) && quotaBeforeValue.equals(quotaAfterValue)) {
                continue;
            }
            pools.add(new PoolCapacity(
                    id,
                    quotaAfter.or(() -> quotaBefore).map(Team.Pool::team),
                    before,
                    after,
                    quotaBeforeValue,
                    quotaAfterValue,
                    modelsIn(id, base, head)));
        }
        return pools;
    }

    private static List<ModelCapacity> modelsIn(String pool, Registry base, Registry head) {
        Map<String, Model> before = inPool(pool, base);
        Map<String, Model> after = inPool(pool, head);
        TreeSet<String> ids = new TreeSet<>(before.keySet());
        ids.addAll(after.keySet());
        List<ModelCapacity> models = new ArrayList<>();
        for (String id : ids) {
            Optional<Model> was = Optional.ofNullable(before.get(id));
            Optional<Model> now = Optional.ofNullable(after.get(id));
            Resources held = was.map(Model::footprint).orElse(Resources.ZERO);
            Resources holds = now.map(Model::footprint).orElse(Resources.ZERO);
            if (!held.equals(holds)) {
                models.add(new ModelCapacity(id, replicas(was), replicas(now), held, holds));
            }
        }
        return models;
    }

    private static OptionalLong replicas(Optional<Model> model) {
        return model.map(m -> OptionalLong.of(m.serving().replicas())).orElse(OptionalLong.empty());
    }

    private static Map<String, Model> inPool(String pool, Registry registry) {
        Map<String, Model> models = new TreeMap<>();
        for (Model model : registry.models()) {
            if (model.pool().equals(pool)) {
                models.putIfAbsent(model.id(), model);
            }
        }
        return models;
    }

    private static List<LaunchRequest> launches(Registry base, Registry head) {
        List<LaunchRequest> requests = new ArrayList<>();
        for (Launch launch : head.launches()) {
            Optional<Launch> before = base.launch(launch.id());
            if (before.isPresent() && before.get().equals(launch)) {
                continue;
            }
            Optional<Model> production = head.model(launch.model());
            Optional<Resources> perReplica = launch.candidate()
                    .resources()
                    .or(() -> production.map(m -> m.serving().resources()));
            Optional<Resources> poolFree = production
                    .flatMap(m -> Optional.ofNullable(head.pools().get(m.pool())))
                    .map(pool -> free(pool.quota(), head.poolUsage(pool.id())));
            requests.add(new LaunchRequest(
                    launch,
                    before.isPresent() ? LaunchChange.CHANGED : LaunchChange.ADDED,
                    production,
                    perReplica,
                    launch.candidate().replicas(),
                    poolFree));
        }
        return requests;
    }

    /** Quota minus use, floored at zero: an oversubscribed pool has nothing free. */
    private static Resources free(Resources quota, Resources used) {
        return new Resources(
                Math.max(0, quota.cpu() - used.cpu()),
                Math.max(0, quota.memoryGb() - used.memoryGb()),
                Math.max(0, quota.gpus() - used.gpus()));
    }
}
