package io.modelfleet.scheduler;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelfleet.core.Hour;
import io.modelfleet.core.ModelfleetErrors;
import io.modelfleet.core.ModelfleetException;
import io.modelfleet.launcher.LaunchSettings;
import io.modelfleet.launcher.SimulatedFleet;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.quartz.CronExpression;

/**
 * The {@code scheduler:} section of {@code modelfleet.yaml}:
 *
 * <pre>
 * scheduler:
 *   database: jdbc:postgresql://db-host:5432/modelfleet   # or jdbc:h2:tcp://…; default: an H2 file under the state folder
 *   user: modelfleet             # default: sa (H2's)
 *   password: "…"
 *   start: 2026-11-22T00          # first hour slo-hourly computes (default: the first hour of logs)
 *   jobs:
 *     slo-hourly: {cron: "0 0/5 * * * ?", lateness_minutes: 30, max_attempts: 3, backoff_minutes: 5}
 *     slo-daily: {cron: "0 10 * * * ?"}
 *     registry-snapshot: {cron: "0 0/15 * * * ?"}
 *     launch-controller: {cron: "0/30 * * * * ?"}   # advances every open launch one step
 *   launches:
 *     approval_ttl_hours: 72      # approvals older than this lapse
 *     attribution_window_minutes: 60   # the launch gate counts an hour once its labels are all in
 *     fleet: {replicas_per_minute: 20, failure_rate: 0.05, replace_minutes: 2, max_tries: 3, ready_deadline_minutes: 30}
 *   export:
 *     openmetrics: /var/lib/node_exporter/textfile/modelfleet.prom   # rewritten after each run writing SLO hours or days
 * </pre>
 *
 * @param openMetricsFile where {@code slo export}'s OpenMetrics text is kept current, if anywhere
 */
public record SchedulerSettings(
        String database,
        String user,
        String password,
        Optional<Hour> start,
        Map<JobName, JobSettings> jobs,
        LaunchSettings launches,
        Optional<Path> openMetricsFile) {
    static final Set<String> KEYS = Set.of("database", "user", "password", "start", "jobs", "launches", "export");
    static final Set<String> EXPORT_KEYS = Set.of("openmetrics");
    static final Set<String> LAUNCH_KEYS = Set.of("approval_ttl_hours", "attribution_window_minutes", "fleet");
    static final Set<String> FLEET_KEYS =
            Set.of("replicas_per_minute", "failure_rate", "replace_minutes", "max_tries", "ready_deadline_minutes");
    static final Set<String> JOB_KEYS = Set.of("cron", "lateness_minutes", "max_attempts", "backoff_minutes");

    public SchedulerSettings {
        requireNonNull(database, "database is null");
        requireNonNull(start, "start is null");
        jobs = Map.copyOf(jobs);
        requireNonNull(launches, "launches is null");
        requireNonNull(openMetricsFile, "openMetricsFile is null");
    }

    public JobSettings job(JobName job) {
        return jobs.get(job);
    }

    /** The embedded default: an H2 file under {@code state}, which other processes on this machine may open too. */
    public static String embeddedDatabase(Path state) {
        return "jdbc:h2:file:" + state.toAbsolutePath().normalize().resolve("scheduler") + ";AUTO_SERVER=TRUE";
    }

    /**
     * Whether the job store exists. An embedded H2 file that is not there means no scheduler has run
     * with these settings (opening it would create it); a server database is assumed to exist.
     */
    public boolean databaseExists() {
        String prefix = "jdbc:h2:file:";
        if (!database.startsWith(prefix)) {
            return true;
        }
        String file = database.substring(prefix.length()).split(";", 2)[0];
        return Files.exists(Path.of(file + ".mv.db"));
    }

    public static SchedulerSettings defaults(Path state) {
        return from(null, state);
    }

    /**
     * Reads the section ({@code null} or missing: all defaults), or says what is wrong with it; a
     * relative file path in it is taken from the working folder. Use {@link #from(JsonNode, Path,
     * Path)} where the section comes from a file whose paths are relative to its folder.
     */
    public static SchedulerSettings from(JsonNode node, Path state) {
        return from(node, state, Path.of("").toAbsolutePath());
    }

    /** As {@link #from(JsonNode, Path)}, with relative file paths taken from {@code configFolder}. */
    public static SchedulerSettings from(JsonNode node, Path state, Path configFolder) {
        Map<JobName, JobSettings> jobs = new EnumMap<>(JobName.class);
        jobs.put(
                JobName.SLO_HOURLY,
                new JobSettings(JobName.SLO_HOURLY, "0 0/5 * * * ?", Duration.ofMinutes(30), 3, Duration.ofMinutes(5)));
        jobs.put(
                JobName.SLO_DAILY,
                new JobSettings(JobName.SLO_DAILY, "0 10 * * * ?", Duration.ZERO, 3, Duration.ofMinutes(10)));
        jobs.put(
                JobName.REGISTRY_SNAPSHOT,
                new JobSettings(JobName.REGISTRY_SNAPSHOT, "0 0/15 * * * ?", Duration.ZERO, 3, Duration.ofMinutes(5)));
        jobs.put(
                JobName.LAUNCH_CONTROLLER,
                new JobSettings(JobName.LAUNCH_CONTROLLER, "0/30 * * * * ?", Duration.ZERO, 1, Duration.ZERO));
        if (node == null || node.isMissingNode() || node.isNull()) {
            return new SchedulerSettings(
                    embeddedDatabase(state),
                    "sa",
                    "",
                    Optional.empty(),
                    jobs,
                    LaunchSettings.defaults(state),
                    Optional.empty());
        }
        if (!node.isObject()) {
            throw error("'scheduler' must be a mapping", "write e.g. 'scheduler:' then '  jobs:' indented under it");
        }
        checkKeys(node, KEYS, "scheduler");
        JsonNode jobsNode = node.path("jobs");
        if (!jobsNode.isMissingNode()) {
            checkKeys(jobsNode, jobs.keySet().stream().map(JobName::id).collect(Collectors.toSet()), "scheduler.jobs");
            for (Iterator<Map.Entry<String, JsonNode>> it = jobsNode.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                String name = entry.getKey();
                JsonNode job = entry.getValue();
                checkKeys(job, JOB_KEYS, "scheduler.jobs." + name);
                JobName key = JobName.fromId(name);
                JobSettings base = jobs.get(key);
                String cron = job.path("cron").asText(base.cron());
                if (!CronExpression.isValidExpression(cron)) {
                    throw error(
                            "scheduler.jobs." + name + ".cron '" + cron + "' is not a Quartz cron expression",
                            "Quartz cron has seconds first, e.g. \"0 0/5 * * * ?\" for every five minutes");
                }
                jobs.put(
                        key,
                        new JobSettings(
                                key,
                                cron,
                                Duration.ofMinutes(nonNegative(
                                        job, "lateness_minutes", base.lateness().toMinutes(), name)),
                                (int) Math.max(1, nonNegative(job, "max_attempts", base.maxAttempts(), name)),
                                Duration.ofMinutes(nonNegative(
                                        job, "backoff_minutes", base.backoff().toMinutes(), name))));
            }
        }
        Optional<Hour> start =
                node.has("start") ? Optional.of(Hour.parse(node.get("start").asText())) : Optional.empty();
        String database = node.path("database").asText(embeddedDatabase(state));
        if (!database.startsWith("jdbc:h2:") && !database.startsWith("jdbc:postgresql:")) {
            throw error(
                    "scheduler.database '" + Database.shown(database) + "' is neither an H2 nor a PostgreSQL JDBC URL",
                    "write e.g. 'jdbc:postgresql://db-host:5432/modelfleet' (with 'user' and 'password') or"
                            + " 'jdbc:h2:tcp://db-host:9092/modelfleet'; leave it out for the embedded H2 file");
        }
        return new SchedulerSettings(
                database,
                node.path("user").asText("sa"),
                node.path("password").asText(""),
                start,
                jobs,
                launches(node.path("launches"), state),
                openMetricsFile(node.path("export"), configFolder));
    }

    private static Optional<Path> openMetricsFile(JsonNode node, Path configFolder) {
        if (node.isMissingNode() || node.isNull()) {
            return Optional.empty();
        }
        checkKeys(node, EXPORT_KEYS, "scheduler.export");
        JsonNode file = node.path("openmetrics");
        if (file.isMissingNode() || file.isNull()) {
            return Optional.empty();
        }
        String hint = "write e.g. 'openmetrics: /var/lib/node_exporter/textfile/modelfleet.prom'";
        if (!file.isTextual() || file.asText().isBlank()) {
            throw error("scheduler.export.openmetrics must be a file path, got " + file, hint);
        }
        try {
            return Optional.of(configFolder.resolve(file.asText()).normalize());
        } catch (InvalidPathException e) {
            throw error("scheduler.export.openmetrics '" + file.asText() + "' is not a path: " + e.getReason(), hint);
        }
    }

    private static LaunchSettings launches(JsonNode node, Path state) {
        LaunchSettings defaults = LaunchSettings.defaults(state);
        if (node.isMissingNode() || node.isNull()) {
            return defaults;
        }
        checkKeys(node, LAUNCH_KEYS, "scheduler.launches");
        SimulatedFleet.Settings fleet = defaults.fleet();
        JsonNode fleetNode = node.path("fleet");
        if (!fleetNode.isMissingNode()) {
            checkKeys(fleetNode, FLEET_KEYS, "scheduler.launches.fleet");
            double failureRate = fleetNode.path("failure_rate").asDouble(fleet.failureRate());
            if (!(failureRate >= 0 && failureRate <= 1)) {
                throw error(
                        "scheduler.launches.fleet.failure_rate must be between 0 and 1, got " + failureRate,
                        "write e.g. 'failure_rate: 0.05' (5% of replica starts fail)");
            }
            double rate = fleetNode.path("replicas_per_minute").asDouble(fleet.replicasPerMinute());
            if (!(rate > 0)) {
                throw error(
                        "scheduler.launches.fleet.replicas_per_minute must be above 0, got " + rate,
                        "write e.g. 'replicas_per_minute: 20'");
            }
            fleet = new SimulatedFleet.Settings(
                    rate,
                    failureRate,
                    Duration.ofMinutes(nonNegative(
                            fleetNode, "replace_minutes", fleet.replaceAfter().toMinutes(), "launches.fleet")),
                    (int) Math.max(1, nonNegative(fleetNode, "max_tries", fleet.maxTries(), "launches.fleet")),
                    Duration.ofMinutes(nonNegative(
                            fleetNode,
                            "ready_deadline_minutes",
                            fleet.readyDeadline().toMinutes(),
                            "launches.fleet")));
        }
        return new LaunchSettings(
                Duration.ofHours(nonNegative(
                        node, "approval_ttl_hours", defaults.approvalTtl().toHours(), "launches")),
                defaults.changes(),
                fleet,
                Duration.ofMinutes(nonNegative(
                        node,
                        "attribution_window_minutes",
                        defaults.attributionWindow().toMinutes(),
                        "launches")));
    }

    private static long nonNegative(JsonNode job, String key, long fallback, String name) {
        JsonNode value = job.get(key);
        if (value == null) {
            return fallback;
        }
        if (!value.canConvertToLong() || value.asLong() < 0) {
            throw error(
                    "scheduler." + (name.startsWith("launches") ? "" : "jobs.") + name + "." + key
                            + " must be a whole number of at least 0, got " + value,
                    "write e.g. '" + key + ": 5'");
        }
        return value.asLong();
    }

    private static void checkKeys(JsonNode node, Set<String> known, String where) {
        if (!node.isObject()) {
            throw error("'" + where + "' must be a mapping", "see the scheduler section in the README");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw error(
                        "unknown key '" + name + "' under " + where,
                        "known keys: "
                                + String.join(", ", known.stream().sorted().toList()));
            }
        }
    }

    private static ModelfleetException error(String message, String hint) {
        return ModelfleetErrors.schedulerSettings(message, hint);
    }
}
