package io.modelfleet.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelfleet.core.ModelfleetErrors;
import io.modelfleet.core.slo.SloPolicy;
import io.modelfleet.registry.internal.Git;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Optional;

/**
 * One JSON document holding the whole registry, stamped with the git commit and content hash it
 * came from. Jobs read this instead of the YAML tree, so every result can name the registry
 * version that produced it.
 */
public final class RegistrySnapshot {
    public static final int FORMAT_VERSION = 1;

    private RegistrySnapshot() {}

    public static ObjectNode toJson(Registry registry, Optional<String> gitCommit, boolean dirty, Instant compiledAt) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("format_version", FORMAT_VERSION);
        root.put("content_hash", registry.contentHash());
        if (gitCommit.isPresent()) {
            root.put("git_commit", gitCommit.get());
        } else {
            root.putNull("git_commit");
        }
        root.put("git_dirty", dirty);
        root.put("compiled_at", compiledAt.toString());
        ObjectNode tiers = root.putObject("tiers");
        registry.tierPolicies().ifPresent(policies -> {
            tiers.put("platform_team", policies.platformTeam());
            for (TierPolicy policy : policies.tiers().values()) {
                ObjectNode t = tiers.putObject(policy.tier().name());
                t.put("calibration_min", policy.slo().calibrationMin());
                t.put("calibration_max", policy.slo().calibrationMax());
                t.put("ne_regression_limit", policy.slo().neRegressionLimit());
                t.put("min_events_per_hour", policy.slo().minEventsPerHour());
                t.put("objective", policy.slo().objective());
                t.put("label_delay_hours", policy.slo().labelDelay().toSeconds() / 3600.0);
                t.put("requires_oncall", policy.requiresOncall());
                t.put("headroom", policy.headroom());
            }
        });
        ArrayNode teams = root.putArray("teams");
        for (Team team : registry.teams()) {
            ObjectNode t = teams.addObject();
            t.put("id", team.id());
            t.put("name", team.name());
            t.put("oncall", team.oncall());
            team.githubTeam().ifPresent(g -> t.put("github_team", g));
            ArrayNode pools = t.putArray("pools");
            for (Team.Pool pool : team.pools()) {
                ObjectNode p = pools.addObject();
                p.put("id", pool.id());
                p.put("quota_cpu", pool.quota().cpu());
                p.put("quota_memory_gb", pool.quota().memoryGb());
                p.put("quota_gpus", pool.quota().gpus());
                Resources used = registry.poolUsage(pool.id());
                p.put("used_cpu", used.cpu());
                p.put("used_memory_gb", used.memoryGb());
                p.put("used_gpus", used.gpus());
            }
        }
        ArrayNode models = root.putArray("models");
        for (Model model : registry.models()) {
            ObjectNode m = models.addObject();
            m.put("file", model.file());
            m.setAll(model.source().deepCopy());
            if (registry.tierPolicies().isPresent()) {
                SloPolicy slo = registry.effectiveSlo(model);
                ObjectNode effective = m.putObject("effective_slo");
                effective.put("calibration_min", slo.calibrationMin());
                effective.put("calibration_max", slo.calibrationMax());
                effective.put("ne_regression_limit", slo.neRegressionLimit());
                effective.put("min_events_per_hour", slo.minEventsPerHour());
                effective.put("objective", slo.objective());
                effective.put("label_delay_hours", slo.labelDelay().toSeconds() / 3600.0);
            }
        }
        return root;
    }

    /**
     * The version results are stamped with: {@code git:<commit>} when git tracks every registry
     * file and none differs from HEAD, else {@code sha256:<content hash>}.
     */
    public static String version(Registry registry) {
        GitState git = GitState.of(registry);
        return git.versionsRegistry() ? "git:" + git.commit().orElseThrow() : "sha256:" + registry.contentHash();
    }

    /**
     * Where the registry stands in git. {@code versionsRegistry} holds only if git tracks every file
     * the loader read and the folder has no uncommitted change: {@code git status} alone says nothing
     * of files that are ignored, so a folder git ignores would pass for the commit however it changed.
     */
    private record GitState(Optional<String> commit, boolean versionsRegistry) {
        static GitState of(Registry registry) {
            Git git = new Git(registry.root());
            Optional<String> commit = git.headCommit();
            if (commit.isEmpty()) {
                return new GitState(commit, false);
            }
            boolean tracked = git.trackedFiles()
                    .map(files -> files.containsAll(registry.files()))
                    .orElse(false);
            return new GitState(commit, tracked && !git.isDirty(registry.root()));
        }

        /** The registry is not exactly what {@link #commit} holds; false outside a git checkout. */
        boolean dirty() {
            return commit.isPresent() && !versionsRegistry;
        }
    }

    /**
     * Compiles a valid registry to {@code out}, atomically: readers never see a half-written file.
     * {@code git_commit} is the checkout's HEAD (null outside a checkout); {@code git_dirty} is true
     * whenever the registry is not exactly that commit's, including when git ignores or does not
     * track some of its files.
     */
    public static ObjectNode compile(Registry registry, Path out) {
        GitState git = GitState.of(registry);
        ObjectNode json = toJson(registry, git.commit(), git.dirty(), Instant.now());
        try {
            Path parent = out.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path tmp = Files.createTempFile(parent, ".snapshot-", ".json.tmp");
            try {
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(tmp.toFile(), json);
                Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw ModelfleetErrors.snapshotUnwritable(out, e);
        }
        return json;
    }
}
