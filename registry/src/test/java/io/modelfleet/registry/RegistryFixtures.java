package io.modelfleet.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/** Registries for tests: the sample fleet copied to a temp folder, or a tiny one written from scratch. */
final class RegistryFixtures {
    static final Path EXAMPLE =
            Path.of("..", "examples", "registry").toAbsolutePath().normalize();

    private RegistryFixtures() {}

    static Path copyExample(Path target) {
        try (Stream<Path> paths = Files.walk(EXAMPLE)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path destination = target.resolve(EXAMPLE.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(destination);
                } else {
                    Files.copy(path, destination, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }

    static void write(Path root, String relative, String content) {
        try {
            Path file = root.resolve(relative);
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void writeBytes(Path root, String relative, byte[] content) {
        try {
            Path file = root.resolve(relative);
            Files.createDirectories(file.getParent());
            Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path root, String relative) {
        try {
            return Files.readString(root.resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Line and column (1-based) of the {@code occurrence}-th match of {@code needle} in a file,
     * found by plain text search: a second way to locate what the parser reports.
     */
    static int[] positionOf(Path root, String relative, String needle) {
        String text = read(root, relative);
        int index = text.indexOf(needle);
        if (index < 0) {
            throw new AssertionError("'" + needle + "' not in " + relative);
        }
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < index; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new int[] {line, index - lineStart + 1};
    }

    static final String TIERS = """
            kind: TierPolicies
            platform_team: "@acme/ml-platform"
            tiers:
              TIER0: {calibration_min: 0.90, calibration_max: 1.10, ne_regression_limit: 0.01, min_events_per_hour: 10000, objective: 0.995, requires_oncall: true}
              TIER1: {calibration_min: 0.85, calibration_max: 1.15, ne_regression_limit: 0.02, min_events_per_hour: 5000, objective: 0.99, requires_oncall: true}
              TIER2: {calibration_min: 0.80, calibration_max: 1.20, ne_regression_limit: 0.03, min_events_per_hour: 2000, objective: 0.98, requires_oncall: false}
              TIER3: {calibration_min: 0.75, calibration_max: 1.25, ne_regression_limit: 0.05, min_events_per_hour: 1000, objective: 0.95, requires_oncall: false}
              TIER4: {calibration_min: 0.70, calibration_max: 1.30, ne_regression_limit: 0.10, min_events_per_hour: 500, objective: 0.90, requires_oncall: false}
            """;

    static String team(String id, String pool, int cpu, int memory, int gpus) {
        return """
                kind: Team
                id: %s
                name: Team %s
                oncall: %s-oncall
                github_team: "@acme/%s"
                approvers: [lead-%s]
                pools:
                  - id: %s
                    quota: {cpu: %d, memory_gb: %d, gpus: %d}
                """.formatted(
                id, id, id.replace('_', '-'), id.replace('_', '-'), id.replace('_', '-'), pool, cpu, memory, gpus);
    }

    static String model(String id, String team, String pool, String tier, int replicas, int cpu, String extra) {
        return """
                kind: Model
                id: %s
                type: acme_feed_mtml
                description: A test model for the feed.
                business_function: engagement
                surface: feed
                funnel_stage: lsr
                tier: %s
                owner:
                  team: %s
                  oncall: %s-oncall
                  contacts: [owner@acme.io]
                pool: %s
                lifecycle: active
                serving:
                  version: v1
                  artifact: s3://models/%s/v1
                  replicas: %d
                  resources: {cpu: %d, memory_gb: 4}
                  scorer: {kind: dense, input_width: 16, hidden: [8]}
                """.formatted(id, tier, team, team.replace('_', '-'), pool, id, replicas, cpu) + extra;
    }

    /** tiers.yaml, team 'feed' with pool 'feed_pool' (100 cpu, 1000 GiB), and no models yet. */
    static Path tiny(Path root) {
        write(root, "tiers.yaml", TIERS);
        write(root, "teams/feed.yaml", team("feed", "feed_pool", 100, 1000, 0));
        return root;
    }
}
