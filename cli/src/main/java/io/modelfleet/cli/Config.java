package io.modelfleet.cli;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.modelfleet.core.ModelfleetErrors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;

/**
 * Settings from {@code modelfleet.yaml}. Precedence, highest first: a command's flag, this file,
 * the built-in default. Relative paths in the file are relative to the file's folder, so a
 * deployment folder can be moved or pointed at from anywhere.
 *
 * <pre>
 * registry: registry        # the registry folder
 * logs: logs                # prediction logs (recorded traffic goes to 'traffic' next to it)
 * warehouse: warehouse      # Delta tables
 * state: state              # scheduler job store and snapshots
 * spark:
 *   master: local[*]
 * scheduler:                # see SchedulerSettings: database, start, jobs (cron, lateness, retries)
 * max_range_days: 31        # a longer range of hours needs --yes
 * alerts:                   # see AlertSettings: alertmanager URL, labels, report_url; absent: no alerts
 * </pre>
 */
public record Config(
        Optional<Path> file,
        Path registry,
        Path logs,
        Path warehouse,
        Path state,
        String sparkMaster,
        JsonNode scheduler,
        int maxRangeDays,
        JsonNode alerts) {
    public static final String FILE_NAME = "modelfleet.yaml";
    /** How many days of hours a command runs without --yes, unless modelfleet.yaml says otherwise. */
    public static final int DEFAULT_MAX_RANGE_DAYS = 31;

    private static final Set<String> KEYS =
            Set.of("registry", "logs", "warehouse", "state", "spark", "scheduler", "max_range_days", "alerts");

    public Config {
        requireNonNull(file, "file is null");
        requireNonNull(registry, "registry is null");
        requireNonNull(logs, "logs is null");
        requireNonNull(warehouse, "warehouse is null");
        requireNonNull(state, "state is null");
        requireNonNull(sparkMaster, "sparkMaster is null");
        requireNonNull(scheduler, "scheduler is null");
        requireNonNull(alerts, "alerts is null");
        if (maxRangeDays < 1) {
            throw ModelfleetErrors.configNotAPositiveNumber("max_range_days", Integer.toString(maxRangeDays));
        }
    }

    public static Config defaults(Path base) {
        return new Config(
                Optional.empty(),
                base.resolve("registry"),
                base.resolve("logs"),
                base.resolve("warehouse"),
                base.resolve("state"),
                "local[*]",
                MissingNode.getInstance(),
                DEFAULT_MAX_RANGE_DAYS,
                MissingNode.getInstance());
    }

    /** Loads {@code explicit} if given, else {@code modelfleet.yaml} in {@code cwd} if present, else defaults. */
    public static Config resolve(Optional<Path> explicit, Path cwd) {
        if (explicit.isPresent()) {
            if (!Files.isRegularFile(explicit.get())) {
                throw ModelfleetErrors.configMissing(explicit.get());
            }
            return load(explicit.get());
        }
        Path implicit = cwd.resolve(FILE_NAME);
        return Files.isRegularFile(implicit) ? load(implicit) : defaults(cwd);
    }

    public static Config load(Path file) {
        JsonNode root;
        try {
            root = new YAMLMapper()
                    .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                    .readTree(file.toFile());
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw ModelfleetErrors.configNotYaml(
                    file + (at == null ? "" : ":" + at.getLineNr() + ":" + at.getColumnNr()), e.getOriginalMessage());
        } catch (IOException e) {
            throw ModelfleetErrors.configUnreadable(file, e);
        }
        Path base = file.toAbsolutePath().getParent();
        Config defaults = defaults(base);
        if (root == null || root.isMissingNode() || root.isNull()) {
            return new Config(
                    Optional.of(file),
                    defaults.registry,
                    defaults.logs,
                    defaults.warehouse,
                    defaults.state,
                    defaults.sparkMaster,
                    defaults.scheduler,
                    defaults.maxRangeDays,
                    defaults.alerts);
        }
        if (!root.isObject()) {
            throw ModelfleetErrors.configNotMapping(file);
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!KEYS.contains(name)) {
                throw ModelfleetErrors.configUnknownKey(
                        file, name, KEYS.stream().sorted().toList());
            }
        }
        return new Config(
                Optional.of(file),
                path(root, "registry", base, defaults.registry),
                path(root, "logs", base, defaults.logs),
                path(root, "warehouse", base, defaults.warehouse),
                path(root, "state", base, defaults.state),
                root.path("spark").path("master").asText(defaults.sparkMaster),
                root.path("scheduler"),
                maxRangeDays(root),
                root.path("alerts"));
    }

    private static int maxRangeDays(JsonNode root) {
        JsonNode value = root.get("max_range_days");
        if (value == null) {
            return DEFAULT_MAX_RANGE_DAYS;
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber() || value.asInt() < 1) {
            throw ModelfleetErrors.configNotAPositiveNumber("max_range_days", value.toString());
        }
        return value.asInt();
    }

    private static Path path(JsonNode root, String key, Path base, Path fallback) {
        JsonNode value = root.get(key);
        if (value == null) {
            return fallback;
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw ModelfleetErrors.configNotAPath(key, value.toString());
        }
        return base.resolve(value.asText()).normalize();
    }

    /** Recorded ranking traffic: the folder {@code traffic} next to the logs folder. */
    public Path traffic() {
        return logs.resolveSibling("traffic");
    }
}
