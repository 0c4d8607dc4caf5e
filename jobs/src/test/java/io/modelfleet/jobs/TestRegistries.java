package io.modelfleet.jobs;

import io.modelfleet.registry.Registry;
import io.modelfleet.registry.RegistryLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A small registry for job tests: one model per tier, TIER0 first. */
public final class TestRegistries {
    public static final String[] MODELS = {
        "feed_t0_lsr", "reels_t1_lsr", "explore_t2_esr", "search_t3_esr", "comments_t4_sourcing"
    };

    private TestRegistries() {}

    public static Registry fiveTiers(Path root) {
        return fiveTiers(root, 0);
    }

    /** The same registry with every tier's labels complete {@code labelDelayHours} after an hour ends. */
    public static Registry fiveTiers(Path root, double labelDelayHours) {
        try {
            Files.createDirectories(root.resolve("teams"));
            Files.createDirectories(root.resolve("models/ranking"));
            Files.writeString(root.resolve("tiers.yaml"), """
                    kind: TierPolicies
                    platform_team: "@acme/ml-platform"
                    tiers:
                      TIER0: {calibration_min: 0.90, calibration_max: 1.10, ne_regression_limit: 0.01, min_events_per_hour: 10000, objective: 0.995, requires_oncall: true}
                      TIER1: {calibration_min: 0.85, calibration_max: 1.15, ne_regression_limit: 0.02, min_events_per_hour: 5000, objective: 0.99, requires_oncall: true}
                      TIER2: {calibration_min: 0.80, calibration_max: 1.20, ne_regression_limit: 0.03, min_events_per_hour: 2000, objective: 0.98, requires_oncall: false}
                      TIER3: {calibration_min: 0.75, calibration_max: 1.25, ne_regression_limit: 0.05, min_events_per_hour: 1000, objective: 0.95, requires_oncall: false}
                      TIER4: {calibration_min: 0.70, calibration_max: 1.30, ne_regression_limit: 0.10, min_events_per_hour: 500, objective: 0.90, requires_oncall: false}
                    """.replace(
                            ", requires_oncall", ", label_delay_hours: " + labelDelayHours + ", requires_oncall"));
            Files.writeString(root.resolve("teams/ranking.yaml"), """
                    kind: Team
                    id: ranking
                    name: Ranking
                    oncall: ranking-oncall
                    approvers: [lead]
                    pools:
                      - id: ranking_pool
                        quota: {cpu: 100000, memory_gb: 100000, gpus: 100}
                    """);
            String[] surfaces = {"feed", "reels", "explore", "search", "comments"};
            String[] stages = {"lsr", "lsr", "esr", "esr", "sourcing"};
            for (int t = 0; t < MODELS.length; t++) {
                Files.writeString(root.resolve("models/ranking/" + MODELS[t] + ".yaml"), """
                        kind: Model
                        id: %s
                        type: acme_%s_mtml
                        description: A model for job tests.
                        business_function: engagement
                        surface: %s
                        funnel_stage: %s
                        tier: TIER%d
                        owner: {team: ranking, oncall: ranking-oncall, contacts: [a@acme.io]}
                        pool: ranking_pool
                        lifecycle: active
                        serving:
                          version: v1
                          artifact: s3://m/%s
                          replicas: 2
                          resources: {cpu: 1, memory_gb: 1}
                          scorer: {kind: logistic, input_width: 8}
                        """.formatted(
                                MODELS[t], surfaces[t], surfaces[t], stages[t], t, MODELS[t]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return RegistryLoader.loadValid(root);
    }
}
