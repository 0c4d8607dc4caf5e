package io.modelfleet.cli;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.modelfleet.core.Location;
import io.modelfleet.core.ModelfleetErrors;
import io.modelfleet.core.ModelfleetException.Input;
import io.modelfleet.core.slo.CorrelatedIncidents;
import io.modelfleet.sim.hardware.HardwareProfile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Settings from {@code modelfleet.yaml}. Precedence, highest first: a command's flag, this file,
 * the built-in default. Relative paths in the file are relative to the file's folder, so a
 * deployment folder can be moved or pointed at from anywhere.
 *
 * <pre>
 * registry: registry        # the registry folder
 * logs: logs                # prediction logs, a folder or a URL (s3a://…); recorded traffic goes to
 *                           # 'traffic' next to a local logs folder, else next to this file
 * warehouse: warehouse      # Delta tables, a folder or a URL (s3a://bucket/warehouse)
 * state: state              # scheduler job store and snapshots
 * spark:
 *   master: local[*]
 *   conf:                   # Spark settings for every session, e.g. a warehouse on S3:
 *     spark.hadoop.fs.s3a.endpoint: https://s3.example.com
 * scheduler:                # see SchedulerSettings: database, start, jobs (cron, lateness, retries)
 * max_range_days: 31        # a longer range of hours needs --yes
 * incidents:                # breaches sharing a surface, stage or team that are one incident
 *   min_models: 3
 *   min_fraction: 0.5
 * alerts:                   # see AlertSettings: alertmanager URL, labels, report_url; absent: no alerts
 * hardware:                 # what launch estimates size for; absent: HardwareProfile.DEFAULT
 *   name: m7i-2xlarge
 *   gflops_per_core: 30.5   # counted FLOPs per second per core, in billions
 *   candidate_overhead_ns: 60  # per candidate a stage scores, beyond its FLOPs
 *   calibrated_at: 2026-11-24T10:00:00Z  # optional; 'modelfleet launch calibrate' writes the block
 * </pre>
 */
public record Config(
        Optional<Path> file,
        Path registry,
        Location logs,
        Location warehouse,
        Path state,
        String sparkMaster,
        Map<String, String> sparkConf,
        JsonNode scheduler,
        int maxRangeDays,
        JsonNode alerts,
        CorrelatedIncidents.Settings incidents,
        HardwareProfile hardware) {
    public static final String FILE_NAME = "modelfleet.yaml";
    /** How many days of hours a command runs without --yes, unless modelfleet.yaml says otherwise. */
    public static final int DEFAULT_MAX_RANGE_DAYS = 31;

    private static final Set<String> KEYS = Set.of(
            "registry",
            "logs",
            "warehouse",
            "state",
            "spark",
            "scheduler",
            "max_range_days",
            "alerts",
            "incidents",
            "hardware");

    public Config {
        requireNonNull(file, "file is null");
        requireNonNull(registry, "registry is null");
        requireNonNull(logs, "logs is null");
        requireNonNull(warehouse, "warehouse is null");
        requireNonNull(state, "state is null");
        requireNonNull(sparkMaster, "sparkMaster is null");
        sparkConf = Map.copyOf(sparkConf);
        requireNonNull(scheduler, "scheduler is null");
        requireNonNull(alerts, "alerts is null");
        requireNonNull(incidents, "incidents is null");
        requireNonNull(hardware, "hardware is null");
        if (maxRangeDays < 1) {
            throw ModelfleetErrors.configNotAPositiveNumber("max_range_days", Integer.toString(maxRangeDays));
        }
    }

    public static Config defaults(Path base) {
        return new Config(
                Optional.empty(),
                base.resolve("registry"),
                Location.of(base.resolve("logs")),
                Location.of(base.resolve("warehouse")),
                base.resolve("state"),
                "local[*]",
                Map.of(),
                MissingNode.getInstance(),
                DEFAULT_MAX_RANGE_DAYS,
                MissingNode.getInstance(),
                CorrelatedIncidents.Settings.DEFAULT,
                HardwareProfile.DEFAULT);
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
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw ModelfleetErrors.configUnreadable(file, e);
        }
        return parse(file, text);
    }

    /** The config {@code text} would give as {@code file}: what {@link #load} reads, checked before it is written. */
    static Config parse(Path file, String text) {
        JsonNode root;
        try {
            root = new YAMLMapper()
                    .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                    .readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw ModelfleetErrors.configNotYaml(
                    file + (at == null ? "" : ":" + at.getLineNr() + ":" + at.getColumnNr()), e.getOriginalMessage());
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
                    defaults.sparkConf,
                    defaults.scheduler,
                    defaults.maxRangeDays,
                    defaults.alerts,
                    defaults.incidents,
                    defaults.hardware);
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
                location(root, "logs", Input.LOGS, base, defaults.logs),
                location(root, "warehouse", Input.WAREHOUSE, base, defaults.warehouse),
                path(root, "state", base, defaults.state),
                root.path("spark").path("master").asText(defaults.sparkMaster),
                sparkConf(root.path("spark")),
                root.path("scheduler"),
                maxRangeDays(root),
                root.path("alerts"),
                incidents(root.path("incidents")),
                hardware(root.path("hardware")));
    }

    private static final Set<String> HARDWARE_KEYS =
            Set.of("name", "gflops_per_core", "candidate_overhead_ns", "calibrated_at");

    private static HardwareProfile hardware(JsonNode hardware) {
        if (hardware.isMissingNode() || hardware.isNull()) {
            return HardwareProfile.DEFAULT;
        }
        if (!hardware.isObject()) {
            throw ModelfleetErrors.configHardware("'hardware' must be a mapping, got " + hardware);
        }
        for (Iterator<String> names = hardware.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!HARDWARE_KEYS.contains(name)) {
                throw ModelfleetErrors.configHardware("unknown key 'hardware." + name + "' (known: "
                        + String.join(", ", HARDWARE_KEYS.stream().sorted().toList()) + ")");
            }
        }
        JsonNode name = hardware.path("name");
        if (!name.isTextual() || name.asText().isBlank()) {
            throw ModelfleetErrors.configHardware(
                    "'hardware.name' must name the profile (the machine type it describes), got "
                            + (name.isMissingNode() ? "nothing" : name.toString()));
        }
        double gflops = number(hardware, "gflops_per_core");
        if (!(gflops > 0)) {
            throw ModelfleetErrors.configHardware("'hardware.gflops_per_core' must be above 0, got " + gflops);
        }
        double overhead = number(hardware, "candidate_overhead_ns");
        if (overhead < 0) {
            throw ModelfleetErrors.configHardware(
                    "'hardware.candidate_overhead_ns' must be 0 or more, got " + overhead);
        }
        Optional<Instant> calibratedAt = Optional.empty();
        JsonNode at = hardware.path("calibrated_at");
        if (!at.isMissingNode() && !at.isNull()) {
            try {
                calibratedAt = Optional.of(Instant.parse(at.asText()));
            } catch (DateTimeParseException e) {
                throw ModelfleetErrors.configHardware(
                        "'hardware.calibrated_at' must be a UTC time like 2026-11-24T10:00:00Z, got " + at);
            }
        }
        return new HardwareProfile(name.asText(), gflops, overhead, calibratedAt);
    }

    private static double number(JsonNode hardware, String key) {
        JsonNode value = hardware.path(key);
        if (!value.isNumber() || !Double.isFinite(value.asDouble())) {
            throw ModelfleetErrors.configHardware("'hardware." + key + "' must be a number, got "
                    + (value.isMissingNode() ? "nothing" : value.toString()));
        }
        return value.asDouble();
    }

    private static final Set<String> SPARK_KEYS = Set.of("master", "conf");

    private static Map<String, String> sparkConf(JsonNode spark) {
        if (spark.isMissingNode()) {
            return Map.of();
        }
        if (!spark.isObject()) {
            throw ModelfleetErrors.configSparkSettings("'spark' must be a mapping, got " + spark);
        }
        for (Iterator<String> names = spark.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!SPARK_KEYS.contains(name)) {
                throw ModelfleetErrors.configSparkSettings("unknown key 'spark." + name + "' (known: master, conf)");
            }
        }
        JsonNode conf = spark.path("conf");
        if (conf.isMissingNode() || conf.isNull()) {
            return Map.of();
        }
        if (!conf.isObject()) {
            throw ModelfleetErrors.configSparkSettings("'spark.conf' must be a mapping of Spark settings, got " + conf);
        }
        Map<String, String> settings = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> entries = conf.properties().iterator(); entries.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = entries.next();
            if (!entry.getKey().startsWith("spark.")) {
                throw ModelfleetErrors.configSparkSettings("'spark.conf' key '" + entry.getKey()
                        + "' is not a Spark setting (they start with 'spark.'; Hadoop settings with"
                        + " 'spark.hadoop.')");
            }
            if (!entry.getValue().isValueNode() || entry.getValue().isNull()) {
                throw ModelfleetErrors.configSparkSettings("'spark.conf' value of '" + entry.getKey()
                        + "' must be a single value, got " + entry.getValue());
            }
            settings.put(entry.getKey(), entry.getValue().asText());
        }
        return settings;
    }

    private static CorrelatedIncidents.Settings incidents(JsonNode node) {
        CorrelatedIncidents.Settings defaults = CorrelatedIncidents.Settings.DEFAULT;
        if (node.isMissingNode() || node.isNull()) {
            return defaults;
        }
        if (!node.isObject()) {
            throw ModelfleetErrors.configIncidents("'incidents' must be a mapping, got " + node);
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("min_models") && !name.equals("min_fraction")) {
                throw ModelfleetErrors.configIncidents(
                        "unknown key 'incidents." + name + "' (known: min_models, min_fraction)");
            }
        }
        JsonNode models = node.path("min_models");
        JsonNode fraction = node.path("min_fraction");
        if (!models.isMissingNode() && (!models.isIntegralNumber() || models.asInt() < 2)) {
            throw ModelfleetErrors.configIncidents(
                    "'incidents.min_models' must be a whole number of at least 2, got " + models);
        }
        if (!fraction.isMissingNode()
                && (!fraction.isNumber() || !(fraction.asDouble() > 0) || fraction.asDouble() > 1)) {
            throw ModelfleetErrors.configIncidents(
                    "'incidents.min_fraction' must be a number above 0 and at most 1, got " + fraction);
        }
        return new CorrelatedIncidents.Settings(
                models.isMissingNode() ? defaults.minModels() : models.asInt(),
                fraction.isMissingNode() ? defaults.minFraction() : fraction.asDouble());
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

    private static Location location(JsonNode root, String key, Input input, Path base, Location fallback) {
        JsonNode value = root.get(key);
        if (value == null) {
            return fallback;
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw ModelfleetErrors.configNotAPath(key, value.toString());
        }
        try {
            return Location.parse(value.asText(), base);
        } catch (IllegalArgumentException e) {
            throw ModelfleetErrors.badLocation(input, e.getMessage());
        }
    }

    /**
     * Recorded ranking traffic, which the launch estimator reads on the driver: the folder {@code
     * traffic} next to a local logs folder, else next to the config file.
     */
    public Path traffic() {
        return logs.localPath()
                .map(folder -> folder.resolveSibling("traffic"))
                .orElseGet(() -> file.map(f -> f.toAbsolutePath().resolveSibling("traffic"))
                        .orElse(Path.of("traffic").toAbsolutePath()));
    }
}
