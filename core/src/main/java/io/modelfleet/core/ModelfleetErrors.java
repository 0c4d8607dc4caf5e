package io.modelfleet.core;

import io.modelfleet.core.ModelfleetException.Category;
import io.modelfleet.core.ModelfleetException.Input;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;

/**
 * Every failure modelfleet explains to a user, built here and nowhere else: what went wrong, why,
 * and how to fix it, in the words of the domain (hours, registries, logs, traffic, launches). The
 * command line adds the flag or setting that changes the {@link Input} at fault; nothing below it
 * names a flag.
 */
public final class ModelfleetErrors {
    private ModelfleetErrors() {}

    private static ModelfleetException user(String message, String hint, Input input) {
        return new ModelfleetException(Category.USER_ERROR, message, hint, input, null);
    }

    private static ModelfleetException io(String message, String hint, Throwable cause) {
        return new ModelfleetException(Category.IO_ERROR, message, hint, null, cause);
    }

    // ---- hours -------------------------------------------------------------------------------

    public static ModelfleetException unreadableHour(String text) {
        return user(
                "Cannot read hour '" + text + "'",
                "write hours as YYYY-MM-DDTHH in UTC, e.g. 2026-11-24T13",
                Input.HOURS);
    }

    public static ModelfleetException hourOutOfRange(String text, String validRange) {
        return user(
                "Cannot read hour '" + text + "': no such hour, " + validRange,
                "write a real UTC hour, e.g. 2026-11-24T13",
                Input.HOURS);
    }

    public static ModelfleetException hourRangeBackwards(Hour first, Hour last) {
        return user(
                "Cannot use hour range " + first + " to " + last + ": it ends before it starts",
                "give the first hour before the last",
                Input.HOURS);
    }

    public static ModelfleetException noHours(String job) {
        return user("Cannot " + job + ": no hours given", "give one hour, or a first and a last hour", Input.HOURS);
    }

    // ---- settings (modelfleet.yaml) ----------------------------------------------------------

    public static ModelfleetException configMissing(Path file) {
        return user(
                "Cannot read config " + file + ": no such file",
                "point at an existing modelfleet.yaml, or leave it out to use ./modelfleet.yaml or the defaults",
                Input.CONFIG);
    }

    public static ModelfleetException configNotYaml(String where, String problem) {
        return user(
                "Cannot read config " + where + ": " + problem,
                "fix the YAML; see the example in the README",
                Input.CONFIG);
    }

    public static ModelfleetException configUnreadable(Path file, Exception e) {
        return io("Cannot read config " + file + ": " + e.getMessage(), "check permissions", e);
    }

    public static ModelfleetException configNotMapping(Path file) {
        return user(
                "Cannot read config " + file + ": top level must be a mapping",
                "write 'key: value' lines, e.g. 'registry: registry'",
                Input.CONFIG);
    }

    public static ModelfleetException configUnknownKey(Path file, String key, List<String> known) {
        return user(
                "Cannot read config " + file + ": unknown key '" + key + "'",
                "known keys: " + String.join(", ", known),
                Input.CONFIG);
    }

    /** A warehouse or logs location that is neither a path nor a valid URL. */
    public static ModelfleetException badLocation(Input input, String problem) {
        return user(
                "Cannot use the " + input.name().toLowerCase(Locale.ROOT) + " location: " + problem,
                "give a folder, or a URL such as s3a://BUCKET/FOLDER",
                input);
    }

    public static ModelfleetException configNotAPath(String key, String value) {
        return user(
                "Cannot read config: '" + key + "' must be a path, got " + value,
                "write e.g. '" + key + ": " + key + "'",
                Input.CONFIG);
    }

    /** A 'spark:' section that is not {@code master} and a {@code conf} mapping of Spark settings. */
    public static ModelfleetException configSparkSettings(String problem) {
        return user(
                "Cannot read config: " + problem,
                "write e.g. 'spark: {master: local[*], conf: {spark.hadoop.fs.s3a.endpoint: https://s3.example.com}}'",
                Input.CONFIG);
    }

    /** An 'incidents:' section that is not min_models and min_fraction in range. */
    public static ModelfleetException configIncidents(String problem) {
        return user(
                "Cannot read config: " + problem,
                "write e.g. 'incidents: {min_models: 3, min_fraction: 0.5}' (3 or more failing models, and at least"
                        + " half of their surface, stage or team)",
                Input.CONFIG);
    }

    public static ModelfleetException configHardware(String problem) {
        return user(
                "Cannot read config: " + problem,
                "write e.g. 'hardware: {name: m7i-2xlarge, gflops_per_core: 30, candidate_overhead_ns: 60}'"
                        + " (leave it out for the built-in profile), or measure this machine with"
                        + " 'modelfleet launch calibrate', which can write the block",
                Input.HARDWARE);
    }

    /** {@code cause} may be null: the child JVM said why itself. */
    public static ModelfleetException calibrationFailed(String shape, String detail, Throwable cause) {
        return io(
                "Cannot calibrate: timing " + shape + " in a JVM of its own failed: " + detail,
                "each shape runs in a java started with this one's java and class path and a 512 MB heap;"
                        + " check that one can start here (memory, process limits)",
                cause);
    }

    public static ModelfleetException blankProfileName() {
        return user(
                "Cannot calibrate: the hardware profile's name is blank",
                "name it after the machine type it describes, e.g. m7i-2xlarge",
                Input.PROFILE_NAME);
    }

    public static ModelfleetException configNotAPositiveNumber(String key, String value) {
        return user(
                "Cannot read config: '" + key + "' must be a whole number of at least 1, got " + value,
                "write e.g. '" + key + ": 31'",
                Input.CONFIG);
    }

    public static ModelfleetException rangeTooLong(Hour first, Hour last, long hours, int maxDays) {
        return user(
                String.format(
                        Locale.ROOT,
                        "Cannot start %,d hours (%s to %s, %.0f days) without a confirmation: ranges over %d days"
                                + " are confirmed on purpose",
                        hours,
                        first,
                        last,
                        hours / 24.0,
                        maxDays),
                "check the dates; confirm to run it, or raise max_range_days in modelfleet.yaml",
                Input.RANGE_CONFIRMATION);
    }

    public static ModelfleetException clockSpeed(double speed) {
        return user(
                "Cannot run the clock at speed " + number(speed),
                "use a speed above 0, e.g. 3600 for an hour per second",
                Input.CLOCK_SPEED);
    }

    // ---- registry ----------------------------------------------------------------------------

    public static ModelfleetException registryMissing(Path dir, String source) {
        return user(
                "Cannot open registry " + dir + source + ": no such folder",
                "give the registry folder (the one holding tiers.yaml, teams/ and models/)",
                Input.REGISTRY);
    }

    public static ModelfleetException twoRegistries(Path first, Path second) {
        return user(
                "Cannot use two registry folders: " + first + " and " + second,
                "give the registry folder once",
                Input.REGISTRY);
    }

    public static ModelfleetException registryNotAFolder(Path root) {
        return user(
                "Cannot load registry: " + root + " is not a folder",
                "give the registry folder (the one holding tiers.yaml, teams/ and models/)",
                Input.REGISTRY);
    }

    public static ModelfleetException registryInvalid(Path root, long errors, String first) {
        return user(
                "Cannot use registry " + root + ": it has " + errors + " error(s), first: " + first,
                "run 'modelfleet registry validate " + root + "' and fix the errors",
                Input.REGISTRY);
    }

    public static ModelfleetException registryWithoutTiers(String job) {
        return user(
                "Cannot " + job + ": the registry has no valid tiers.yaml",
                "run 'modelfleet registry validate' and fix tiers.yaml",
                Input.REGISTRY);
    }

    public static ModelfleetException registryUnreadable(Path root, Exception e) {
        return io("Cannot list registry " + root + ": " + e.getMessage(), "check that the folder is readable", e);
    }

    public static ModelfleetException modelEntryMissing(Path file) {
        return user(
                "Cannot read model entry " + file + ": no such file",
                "give the YAML file of the model entry, e.g. a copy of models/<team>/<id>.yaml with the new version",
                Input.CANDIDATE);
    }

    public static ModelfleetException modelEntryInvalid(Path file, int errors, String first, String hint) {
        return user(
                "Cannot use model entry " + file + ": " + errors + " error(s), first: " + first, hint, Input.CANDIDATE);
    }

    public static ModelfleetException snapshotUnwritable(Path out, Exception e) {
        return io("Cannot write snapshot " + out + ": " + e.getMessage(), "check that the folder is writable", e);
    }

    public static ModelfleetException registryUnwritable(Path root, Exception e) {
        return io(
                "Cannot write registry to " + root + ": " + e.getMessage(),
                "check that the folder is writable and the disk has space",
                e);
    }

    public static ModelfleetException tooFew(String what, Input input, long got) {
        return user(
                "Cannot generate registry: the " + what + " must be at least 1, got " + got,
                "ask for at least one",
                input);
    }

    // ---- git ---------------------------------------------------------------------------------

    public static ModelfleetException notInGit(Path registryDir) {
        return user(
                "Cannot diff: " + registryDir + " is not inside a git repository",
                "run registry diff inside a git checkout",
                Input.REGISTRY);
    }

    public static ModelfleetException notInCommit(String ref, String pathInRepo) {
        return user(
                "Cannot read the registry at " + ref + ": '" + pathInRepo + "' does not exist in that commit",
                "check the ref and that the registry folder existed then",
                Input.REGISTRY);
    }

    public static ModelfleetException gitFailed(List<String> args, String err, int code) {
        return user(
                "git " + String.join(" ", args) + " failed: " + (err.isEmpty() ? "exit " + code : err),
                "run it inside a git checkout and check the ref exists (git fetch may be needed in CI)",
                null);
    }

    public static ModelfleetException gitMissing(Exception e) {
        return io("Cannot run git: " + e.getMessage(), "install git and put it on the PATH", e);
    }

    public static ModelfleetException untarFailed(String ref, int code) {
        return io(
                "Cannot extract the registry at " + ref + " (tar exited " + code + ")",
                "check that tar is installed and the temp folder is writable",
                null);
    }

    public static ModelfleetException interrupted(String doing, InterruptedException e) {
        return io("Interrupted while " + doing, "run the command again", e);
    }

    public static ModelfleetException noTempFolder(Exception e) {
        return io("Cannot create a temporary folder: " + e.getMessage(), "check TMPDIR", e);
    }

    // ---- warehouse ---------------------------------------------------------------------------

    public static ModelfleetException warehouseUnreadable(Location root, Exception e) {
        return io("Cannot list warehouse " + root + ": " + e.getMessage(), "check permissions", e);
    }

    public static ModelfleetException warehouseEmpty(Location root) {
        return user(
                "Cannot query " + root + ": it holds no tables yet",
                "run 'modelfleet slo run' (or 'modelfleet demo') to fill the warehouse, or point at another one",
                Input.WAREHOUSE);
    }

    /** {@code slo export} on a warehouse without {@code slo_hourly}. */
    public static ModelfleetException sloResultsMissing(Location root) {
        return user(
                "Cannot export SLOs: " + root + " holds no slo_hourly table yet",
                "run 'modelfleet slo run' (or the scheduler) first, or point at the warehouse that has the SLO tables",
                Input.WAREHOUSE);
    }

    public static ModelfleetException badQuery(String problem, List<String> tables) {
        return user(
                "Cannot run query: " + problem,
                "tables: " + String.join(", ", tables) + "; see the README for their columns",
                null);
    }

    public static ModelfleetException badQuery(String problem, List<String> tables, List<String> skipped) {
        if (skipped.isEmpty()) {
            return badQuery(problem, tables);
        }
        return user(
                "Cannot run query: " + problem,
                "tables: " + String.join(", ", tables) + "; not readable, so left out: " + String.join(", ", skipped)
                        + " (run 'modelfleet slo run' for an hour to repair a table a killed run left half-made);"
                        + " see the README for the columns",
                null);
    }

    public static ModelfleetException noReadableTables(Location root, List<String> skipped) {
        return user(
                "Cannot query " + root + ": none of its tables is readable (" + String.join(", ", skipped) + ")",
                "a table a killed run left half-made is repaired by the next 'modelfleet slo run'",
                Input.WAREHOUSE);
    }

    /** A warehouse folder with a Delta log but no committed version, which queries leave out. */
    public static ModelfleetException halfMadeTable(Location table) {
        return io(
                "Table " + table.name() + " in " + table.parent() + " has no committed version: a run was"
                        + " killed while creating it, so it is left out",
                "the next 'modelfleet slo run' creates it properly; its leftover files can then be removed",
                null);
    }

    /** A warehouse folder Delta cannot read, which queries leave out. */
    public static ModelfleetException unreadableTable(Location table, Exception e) {
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int newline = why.indexOf('\n');
        return io(
                "Table " + table.name() + " in " + table.parent() + " is not a readable Delta table ("
                        + (newline < 0 ? why : why.substring(0, newline)) + "), so it is left out",
                "move the folder out of the warehouse, or restore it",
                e);
    }

    public static ModelfleetException warehouseUnwritable(Location path, Exception e) {
        return io(
                "Cannot write " + path + ": " + e.getMessage(),
                "check that the warehouse folder is writable and the disk has space",
                e);
    }

    /**
     * Other runs kept committing to the same table while this one tried to; nothing of {@code what}
     * was written.
     */
    public static ModelfleetException concurrentWriters(String table, String what, int attempts) {
        return io(
                "Cannot write " + table + " for " + what + ": other runs kept writing it at the same time, and "
                        + attempts + " attempts lost the race; nothing was written for them",
                "run them again once the other runs are done",
                null);
    }

    public static ModelfleetException notReadOnly(String statement, String what) {
        return user(
                "Cannot run " + statement + ": only queries run here (SELECT, WITH, SHOW, DESCRIBE, EXPLAIN), and this"
                        + " statement holds " + what,
                "read the tables with SELECT; they are written only by the jobs that own them (slo run, launch"
                        + " estimate, the scheduler)",
                null);
    }

    public static ModelfleetException queryFailedOnValues(String problem) {
        return user(
                "Cannot run query: " + problem,
                "the query is valid but a value fails as it runs (Spark SQL runs in ANSI mode): check its"
                        + " dates and numbers, or use try_cast, try_divide or try_to_date, which give NULL instead",
                null);
    }

    public static ModelfleetException unparsableQuery(String problem) {
        return user(
                "Cannot run query: " + problem,
                "write one Spark SQL query, e.g. SELECT * FROM slo_hourly LIMIT 10",
                null);
    }

    // ---- prediction logs and SLOs ------------------------------------------------------------

    public static ModelfleetException gateLogsUnreadable(Location logs, String model, Throwable cause) {
        String detail = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return io(
                "Cannot read the prediction logs of " + model + " under " + logs + " for the launch gate: "
                        + detail.lines().findFirst().orElse(""),
                "check the hour folders the gate reads (ds=/hr=); a file being rewritten is read again at the next tick",
                cause);
    }

    public static ModelfleetException logsUnreadable(Location logs, Exception e) {
        return io(
                "Cannot look at logs folder " + logs + ": " + e.getMessage(),
                "check the location and its access settings",
                e);
    }

    public static ModelfleetException logsMissing(Location logs) {
        return user(
                "Cannot run SLOs: logs folder " + logs + " does not exist",
                "generate logs with 'modelfleet generate predictions', or point at the folder that holds them",
                Input.LOGS);
    }

    /**
     * Rerunning an hour would replace the rows a table holds for it with far fewer: its logs were
     * moved, truncated or pointed at the wrong folder, more likely than they shrank.
     */
    public static ModelfleetException rerunWouldLoseRows(Hour hour, String table, long tableRows, long logRows) {
        return user(
                String.format(
                        Locale.ROOT,
                        "%s has %,d rows in %s but its logs now hold %,d; refusing to replace it",
                        hour,
                        tableRows,
                        table,
                        logRows),
                "check that the logs folder is the right one and complete for that hour; if the rows are"
                        + " really gone, allow data loss to replace it",
                Input.LOGS);
    }

    public static ModelfleetException outOfRange(
            String job, String what, Input input, String range, double got, String example) {
        return user(
                String.format(Locale.ROOT, "Cannot %s: the %s must be in %s, got %s", job, what, range, number(got)),
                example,
                input);
    }

    public static ModelfleetException unreadableIncident(String spec, String problem) {
        return user(
                "Cannot read incident '" + spec + "'" + (problem.isEmpty() ? "" : ": " + problem),
                "write KIND:MODEL:YYYY-MM-DDTHH:VALUE, e.g. miscalibrate:ig_feed_mtml_lsr_v3:2026-11-24T10:1.5;"
                        + " kinds: miscalibrate, ne-degrade, traffic-drop, invalid-rows, unregistered",
                Input.INCIDENT);
    }

    public static ModelfleetException incidentForUnknownModel(String incident, String modelId) {
        return user(
                "Cannot inject " + incident + ": no model '" + modelId + "' in the registry",
                "name a registered model, or use unregistered:ID:HOUR:COUNT for unknown ids",
                Input.INCIDENT);
    }

    // ---- recorded traffic --------------------------------------------------------------------

    public static ModelfleetException trafficMissing(Path root, String manifest) {
        return user(
                "Cannot read traffic in " + root + ": " + manifest + " is missing",
                "write traffic with 'modelfleet generate traffic' into that folder",
                Input.TRAFFIC);
    }

    public static ModelfleetException trafficUnreadable(Path file, Exception e) {
        return user(
                "Cannot read " + file + ": " + e.getMessage(),
                "regenerate the traffic with 'modelfleet generate traffic'",
                Input.TRAFFIC);
    }

    public static ModelfleetException trafficUnwritable(Path file, Exception e) {
        return io("Cannot write " + file + ": " + e.getMessage(), "check the folder", e);
    }

    public static ModelfleetException trafficUnlisted(Path requests, Exception e) {
        return io("Cannot list " + requests + ": " + e.getMessage(), "check permissions", e);
    }

    public static ModelfleetException trafficFeatureWidths(
            Path root, int user, int item, int userWanted, int itemWanted) {
        return user(
                "Cannot replay traffic in " + root + ": it carries " + user + " user and " + item
                        + " item features, this simulator reads " + userWanted + " and " + itemWanted,
                "regenerate the traffic with this version of modelfleet",
                Input.TRAFFIC);
    }

    public static ModelfleetException trafficItemBroken(Path items, long id, long itemCount, int width, int got) {
        return user(
                "Cannot read item " + id + " in " + items + ": expected ids below " + itemCount + " with " + width
                        + " features, got " + got,
                "regenerate the traffic with 'modelfleet generate traffic'",
                Input.TRAFFIC);
    }

    public static ModelfleetException trafficWithoutHours(Path requests, Path root) {
        return user(
                "Cannot estimate: " + requests + " holds no hours of requests",
                "generate traffic with 'modelfleet generate traffic' into " + root + " for some hours",
                Input.TRAFFIC);
    }

    public static ModelfleetException trafficSeedMismatch(Path out, long existing, long seed) {
        return user(
                "Cannot add traffic to " + out + ": it was generated with seed " + existing + ", not " + seed
                        + ", and one folder holds one item table and one click model",
                "use seed " + existing + " to add hours, or write to a new folder",
                Input.SEED);
    }

    public static ModelfleetException noServingModels() {
        return user(
                "Cannot generate traffic: the registry has no serving models",
                "register at least one active model",
                Input.REGISTRY);
    }

    public static ModelfleetException noTrafficForHours(Hour first, Hour last, Path requests, String available) {
        return user(
                "Cannot replay: no traffic for hours " + first + " .. " + last + " under " + requests,
                "pick hours the traffic covers (it has " + available + "), or generate traffic for them",
                Input.HOURS);
    }

    public static ModelfleetException noRequestsForSurface(
            String surface, Hour first, Hour last, Path requests, String available) {
        return user(
                "Cannot replay: no recorded " + surface + " requests in " + first + " .. " + last + " under "
                        + requests,
                "pick hours the traffic covers (it has " + available + "), or generate traffic for them",
                Input.HOURS);
    }

    public static ModelfleetException unreadableCandidateQuality(String spec) {
        return user(
                "Cannot read candidate quality '" + spec + "'",
                "write good, miscalibrated:FACTOR (e.g. 1.15), ne-worse:SPREAD (e.g. 0.3, logit noise) or"
                        + " latency-worse:FACTOR (e.g. 1.5)",
                Input.CANDIDATE);
    }

    public static ModelfleetException labelDelayWithoutMedian() {
        return user(
                "Cannot generate predictions: the label delay's 99th percentile was given without its median",
                "give the median delay too, e.g. 10 minutes with a 99th percentile of 120",
                Input.LABEL_DELAY);
    }

    public static ModelfleetException unreadableCandidate(String spec) {
        return user(
                "Cannot read candidate '" + spec + "'",
                "write MODEL:VERSION:QUALITY:PERCENT, e.g. ig_feed_mtml_lsr_v3:v4:good:5 or"
                        + " ig_feed_mtml_lsr_v3:v4:miscalibrated:1.15:25",
                Input.CANDIDATE);
    }

    public static ModelfleetException candidateIsProduction(String model, String version) {
        return user(
                "Cannot log candidate " + version + " of " + model + ": it is the version in production",
                "give the candidate's own version, e.g. the next one",
                Input.CANDIDATE);
    }

    // ---- launches ----------------------------------------------------------------------------

    public static ModelfleetException candidateIdMismatch(String modelId, String candidateId) {
        return user(
                "Cannot estimate: the model is '" + modelId + "' but the candidate file says id: " + candidateId,
                "a candidate keeps the id of the model it replaces; fix one of the two",
                Input.CANDIDATE);
    }

    public static ModelfleetException unknownModelForLaunch(String candidateId, Path registryRoot) {
        return user(
                "Cannot estimate a launch of '" + candidateId + "': no such model in the registry " + registryRoot,
                "a candidate is a new version of a registered model: keep its id (see 'modelfleet registry list')",
                Input.CANDIDATE);
    }

    public static ModelfleetException tooFewSamples(int samples, int minimum) {
        return user(
                "Cannot estimate: the samples per hour must be at least " + minimum + ", got " + samples,
                "use the default (400) or more for tighter service-time tails",
                Input.SAMPLES_PER_HOUR);
    }

    public static ModelfleetException sourcingLaunch(String modelId) {
        return user(
                "Cannot estimate a launch of '" + modelId + "': it is a sourcing model, and recorded "
                        + "traffic holds what sourcing returned, so there is nothing to replay for it",
                "estimate esr and lsr models; size sourcing from its own serving metrics",
                Input.CANDIDATE);
    }

    public static ModelfleetException candidateServesElsewhere(
            String candidateId, String candidateAt, String productionAt) {
        return user(
                "Cannot estimate '" + candidateId + "': the candidate serves " + candidateAt + " but production serves "
                        + productionAt,
                "a candidate replaces the model in place: keep surface and funnel_stage, register a new model to move it",
                Input.CANDIDATE);
    }

    public static ModelfleetException scorerWidthMismatch(
            String who, String modelId, int width, Path traffic, int userWidth, int itemWidth, String file) {
        return user(
                "Cannot replay the " + who + " scorer of '" + modelId + "': it reads " + width
                        + " features per (user, candidate) pair, but the traffic in " + traffic + " carries "
                        + (userWidth + itemWidth) + " (" + userWidth + " user + " + itemWidth + " item)",
                "set serving.scorer.input_width to at most " + (userWidth + itemWidth) + " in " + file,
                Input.CANDIDATE);
    }

    public static ModelfleetException unmeetableObjective(
            String stage, String modelId, double objectiveMs, double floorMs, String hardware, String file) {
        return user(
                String.format(
                        Locale.ROOT,
                        "Cannot size %s for '%s': its latency objective is p99 %.1f ms, but one request alone takes %.1f"
                                + " ms at p99 on hardware profile '%s' (its FLOPs at the profile's per-core rate),"
                                + " so no replica count can meet it (floor: %.1f ms)",
                        stage,
                        modelId,
                        objectiveMs,
                        floorMs,
                        hardware,
                        floorMs),
                "raise serving.latency_p99_ms above " + (int) Math.ceil(floorMs) + " in " + file
                        + ", or make the scorer smaller (serving.scorer)",
                Input.CANDIDATE);
    }

    public static ModelfleetException unknownPool(String poolId, String team) {
        return user(
                "Cannot check pool '" + poolId + "' of the candidate: no team owns such a pool",
                "set pool to one of the team's pools (see teams/" + team + ".yaml)",
                Input.CANDIDATE);
    }

    // ---- scheduler ---------------------------------------------------------------------------

    public static ModelfleetException unknownJob(String id, List<String> jobs) {
        return user("Unknown job '" + id + "'", "jobs are " + String.join(", ", jobs), Input.JOB);
    }

    public static ModelfleetException notBackfillable(String job) {
        return user(
                "Cannot backfill job '" + job + "'",
                "backfill slo-hourly (hours) or slo-daily (days); registry-snapshot follows the registry and launch-controller"
                        + " the open launches by themselves",
                Input.JOB);
    }

    public static ModelfleetException cannotTrigger(String job, Exception e) {
        return io("Cannot run job '" + job + "': " + e.getMessage(), "check the scheduler database", e);
    }

    /** {@code url} is the database's JDBC URL as shown to people (a password in it masked). */
    public static ModelfleetException schedulerDatabase(String url, Exception e) {
        return io(
                "Cannot use the scheduler database " + url + ": " + databaseProblem(e),
                url.startsWith("jdbc:h2:")
                        ? "check 'scheduler.database' in modelfleet.yaml; an embedded H2 file is locked while another"
                                + " process without AUTO_SERVER holds it"
                        : SERVER_DATABASE_HINT,
                e);
    }

    private static final String SERVER_DATABASE_HINT =
            "check 'scheduler.database', 'user' and 'password' in modelfleet.yaml: the server must be running and"
                    + " reachable from here, the database created, and the user allowed to log in to it (see the README's"
                    + " Scheduler section)";

    /**
     * The driver's words, and below them the I/O failure they stand for when they do not say it
     * (PostgreSQL's "The connection attempt failed." for a host that does not resolve).
     */
    private static String databaseProblem(Exception e) {
        String problem = String.valueOf(e.getMessage());
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != e
                && !(root instanceof SQLException)
                && root.getMessage() != null
                && !problem.contains(root.getMessage())) {
            problem += " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
        }
        return problem;
    }

    public static ModelfleetException schedulerSettings(String problem, String hint) {
        return user("Cannot read the scheduler settings: " + problem, hint, Input.SCHEDULER_SETTINGS);
    }

    // ---- Spark cluster -----------------------------------------------------------------------

    public static ModelfleetException sparkMasterUnreachable(String master, String reason) {
        return new ModelfleetException(
                Category.IO_ERROR,
                "Cannot reach the Spark master " + master + ": " + reason,
                "start the master, or check its URL; local[*] runs the jobs on this machine",
                Input.SPARK_MASTER,
                null);
    }

    public static ModelfleetException sparkMasterUnsupported(String master) {
        return user(
                "Cannot run on the Spark master '" + master + "' from the command line",
                "use local[*], local[N] or spark://host:port here; YARN and Kubernetes run the jobs jar through"
                        + " spark-submit (docs/cluster.md)",
                Input.SPARK_MASTER);
    }

    public static ModelfleetException jobsJarMissing(String master, Path jar) {
        return io(
                "The Spark cluster at " + master + " runs modelfleet's code on its executors, from the jobs jar " + jar
                        + ", which is not there",
                "build it with './mvnw package' in modelfleet's folder, set -Dmodelfleet.jobs.jar=FILE, or submit the"
                        + " job with spark-submit and the jar (docs/cluster.md)",
                null);
    }

    // ---- alerts (Alertmanager) ---------------------------------------------------------------

    /** {@code problem} names the key, e.g. "'alerts.alertmanager' must be an http or https URL, got 'x'". */
    public static ModelfleetException alertSettings(Path file, String problem, String hint) {
        return user("Cannot read config " + file + ": " + problem, hint, Input.ALERTS);
    }

    public static ModelfleetException alertsUndelivered(String alertmanager, int alerts, int tries, String problem) {
        return io(
                "Cannot deliver " + alerts + " alert(s) to Alertmanager " + alertmanager + " (" + tries
                        + (tries == 1 ? " try" : " tries") + "): " + problem,
                "they wait in the alert outbox and go with the next SLO run; check that Alertmanager runs and"
                        + " answers at 'alerts.alertmanager' in modelfleet.yaml",
                null);
    }

    public static ModelfleetException alertsRefused(String alertmanager, int alerts, int status, String answer) {
        return io(
                "Cannot deliver " + alerts + " alert(s) to Alertmanager " + alertmanager + ": it answered HTTP "
                        + status + (answer.isBlank() ? "" : " " + answer),
                "they wait in the alert outbox; check that 'alerts.alertmanager' in modelfleet.yaml is Alertmanager's"
                        + " address and that the names in 'alerts.labels' are letters, digits and underscores",
                null);
    }

    public static ModelfleetException alertsNotEvaluated(String problem, Throwable cause) {
        return io(
                "Cannot evaluate the SLO alerts: " + problem,
                "alerts already sent stay as they were; the next SLO run evaluates them again from the tables",
                cause);
    }

    // ---- queueing simulation -----------------------------------------------------------------

    public static ModelfleetException notPositive(String job, String what, Input input, double got, String example) {
        return user(
                "Cannot " + job + ": the " + what + " must be a positive finite number, got " + number(got),
                example,
                input);
    }

    public static ModelfleetException overloaded(String problem) {
        return user(problem, "add servers or lower the arrival rate", Input.SERVERS);
    }

    public static ModelfleetException unreadableServiceDistribution(String spec, String problem, String hint) {
        return user("Cannot read the service distribution '" + spec + "'" + problem, hint, Input.SERVICE_DISTRIBUTION);
    }

    // ---- registry queries and files the commands write -------------------------------------

    public static ModelfleetException unknownFilterValue(String what, String value, List<String> known) {
        return user(
                "Cannot filter: unknown " + what + " '" + value + "'", "use " + String.join(", ", known), Input.FILTER);
    }

    public static ModelfleetException noSuchModel(String id, String hint) {
        return user("No model '" + id + "' in the registry", hint, Input.MODEL);
    }

    public static ModelfleetException outputNotEmpty(Path target) {
        return user(
                "Cannot generate into " + target + ": the folder is not empty",
                "give a new folder, or delete this one first",
                Input.OUTPUT);
    }

    public static ModelfleetException cannotWrite(Path file, Exception e) {
        // A file system's message is often just the path again; its reason says what went wrong.
        String why = e instanceof AccessDeniedException
                ? "permission denied"
                : e instanceof NoSuchFileException
                        ? "no such file or folder (" + e.getMessage() + ")"
                        : e instanceof FileSystemException f && f.getReason() != null ? f.getReason() : e.getMessage();
        return io("Cannot write " + file + ": " + why, "check the folder is writable and the disk has space", e);
    }

    /** An output path that names a folder; {@code example} is a file name to suggest in it. */
    public static ModelfleetException outputIsAFolder(Path target, String example) {
        return user(
                "Cannot write " + target + ": it is a folder",
                "name a file in it, e.g. " + target.resolve(example),
                Input.OUTPUT);
    }

    public static ModelfleetException cannotRead(Path file, Exception e) {
        return io("Cannot read " + file + ": " + e.getMessage(), "check permissions", e);
    }

    // ---- launches ----------------------------------------------------------------------------

    public static ModelfleetException launchUnknown(String id, List<String> known) {
        return user(
                "Cannot find launch '" + id + "'",
                known.isEmpty()
                        ? "no launch has been submitted; submit one with its launches/<id>.yaml"
                        : "known launches: " + String.join(", ", known.subList(0, Math.min(known.size(), 10)))
                                + (known.size() > 10 ? ", ..." : ""),
                Input.LAUNCH);
    }

    public static ModelfleetException launchNotInRegistry(Path file, Path root) {
        return user(
                "Cannot submit " + file + ": it is not a launch request of registry " + root,
                "launch requests live in the registry as launches/<id>.yaml; move it there (and let CI check it)",
                Input.LAUNCH_FILE);
    }

    public static ModelfleetException launchIdTaken(String id, String state) {
        return user(
                "Cannot submit launch '" + id + "': a launch with this id was submitted before and is " + state,
                state.equals("DONE")
                                || state.equals("REJECTED")
                                || state.equals("ABORTED")
                                || state.equals("ROLLED_BACK")
                        ? "launch ids are not reused: give the request a new id (and file name)"
                        : "it is still open: see it with 'launch status " + id + "'",
                Input.LAUNCH_FILE);
    }

    public static ModelfleetException launchModelBusy(String model, String open, String state) {
        return user(
                "Cannot submit a launch of " + model + ": launch '" + open + "' of the same model is open (" + state
                        + ")",
                "one launch per model at a time: finish, roll back or abort '" + open + "' first",
                Input.LAUNCH_FILE);
    }

    public static ModelfleetException launchRegistryBehind(String model, String serving, String registered) {
        return user(
                "Cannot submit a launch of " + model + ": the fleet serves " + serving
                        + ", but the registry's entry says " + registered,
                "a finished launch's registry change was not committed: copy it from the state folder's"
                        + " registry-changes/<launch>/ into the registry, then submit again",
                Input.LAUNCH_FILE);
    }

    public static ModelfleetException launchFileMissing(Path file) {
        return user(
                "Cannot submit " + file + ": no such file",
                "give the launch request's path, e.g. registry/launches/<id>.yaml",
                Input.LAUNCH_FILE);
    }

    public static ModelfleetException launchActorMissing(String action) {
        return user(
                "Cannot " + action + " a launch as nobody",
                "say who you are with a handle the registry lists, e.g. feed-ranking-lead",
                Input.ACTOR);
    }

    public static ModelfleetException launchActorUnreadable(String action) {
        return user(
                "Cannot " + action + " a launch as the name given: it holds control characters or is over 200"
                        + " characters",
                "give a handle the registry lists, e.g. feed-ranking-lead",
                Input.ACTOR);
    }

    public static ModelfleetException launchReasonTooLong(String action, int length) {
        return user(
                "Cannot " + action + " a launch with a reason of " + length + " characters",
                "keep it under 2000 characters; link to a ticket for the rest",
                Input.REASON);
    }

    public static ModelfleetException launchWrongState(String id, String state, String action, String allowed) {
        return user(
                "Cannot " + action + " launch '" + id + "': it is " + state,
                action + " applies to a launch that is " + allowed,
                Input.LAUNCH);
    }

    public static ModelfleetException launchStepUndecidable(
            String id,
            int step,
            double percent,
            long candidateEventsPerHour,
            long plannedMinutes,
            int maxHours,
            long maxBakeMinutes) {
        String planned = plannedMinutes < 0
                ? "the quality gate cannot tell it from production within " + maxHours + " h"
                : "the quality gate needs about " + plannedMinutes + " minutes (with the labels' wait) to pass a"
                        + " candidate as good as production";
        return user(
                String.format(
                        Locale.ROOT,
                        "Cannot submit launch '%s': step %d at %s%% gives the candidate about %,d labelled events an"
                                + " hour; %s, longer than the step's max_bake_minutes (%d)",
                        id,
                        step,
                        number(percent),
                        candidateEventsPerHour,
                        planned,
                        maxBakeMinutes),
                plannedMinutes < 0
                        ? "give the step a larger share of traffic, or widen the launch's gate: margins (ne_margin,"
                                + " calibration_margin)"
                        : "raise the step's max_bake_minutes to at least " + plannedMinutes
                                + ", give it a larger share, or widen the launch's gate: margins",
                Input.LAUNCH_FILE);
    }

    public static ModelfleetException launchExtensionOutOfRange(String id, long hours) {
        return user(
                "Cannot extend launch '" + id + "' by " + hours + " h: an extension is 1 to 336 hours (two weeks)",
                "extend by the hours the gate needs; the planned bakes 'launch submit' printed say how long that is",
                Input.HOURS_MORE);
    }

    public static ModelfleetException launchRequesterApproves(String id, String who) {
        return user(
                "Cannot approve launch '" + id + "' as " + who + ": " + who + " requested it",
                "a launch is approved by someone other than its requester; ask one of its approvers",
                Input.ACTOR);
    }

    public static ModelfleetException launchNotAnApprover(String id, String who, String action, String mayAct) {
        return user(
                "Cannot " + action + " launch '" + id + "' as " + who + ": not one of the people who may",
                "may " + action + ": " + mayAct,
                Input.ACTOR);
    }

    public static ModelfleetException launchCannotFit(String id, String reason) {
        return user(
                "Cannot approve launch '" + id + "': its estimate says CANNOT_FIT (" + reason + ")",
                "abort it and submit a candidate with fewer or smaller replicas, or grow the team's pools first",
                Input.LAUNCH);
    }

    public static ModelfleetException launchNeedsReason(String action) {
        return user(
                "Cannot " + action + " a launch without a reason",
                "say why in a few words; it is kept in launch_events",
                Input.REASON);
    }

    public static ModelfleetException launchDatabase(String database, Exception e) {
        return io(
                "Cannot use the launch database " + database + ": " + databaseProblem(e),
                database.startsWith("jdbc:postgresql:")
                        ? SERVER_DATABASE_HINT
                        : "check that the database is reachable; for the embedded H2 file, that the state folder is a"
                                + " writable folder and no program other than modelfleet holds the file, then run the"
                                + " command again",
                e);
    }

    public static ModelfleetException registryChangeFailed(Path file, String problem) {
        return io(
                "Cannot write the registry change " + file + ": " + problem,
                "check the folder is writable; the launch stays FINALIZING and is retried",
                null);
    }

    // ---- the demo ----------------------------------------------------------------------------

    public static ModelfleetException demoNeeds(String what) {
        return user("The demo needs " + what, "use the sample registry (examples/registry)", Input.SAMPLE_REGISTRY);
    }

    public static ModelfleetException sampleInvalid(long errors, Path source) {
        return user(
                "The sample registry is invalid (" + errors + " errors)",
                "the sample in " + source + " must validate; restore it from git",
                Input.SAMPLE_REGISTRY);
    }

    public static ModelfleetException sampleMissing(List<Path> lookedIn) {
        return user(
                "Cannot find the sample registry (looked in " + lookedIn + ")",
                "run the demo through bin/modelfleet, or point it at a sample registry",
                Input.SAMPLE_REGISTRY);
    }

    public static ModelfleetException workdirNotOurs(Path dir) {
        return user(
                "Cannot run the demo in " + dir + ": the folder holds files the demo did not create",
                "give a new folder",
                Input.WORKDIR);
    }

    public static ModelfleetException demoSloFailed(String failed) {
        return io("The demo's SLO run failed for " + failed, "rerun the demo", null);
    }

    public static ModelfleetException cannotWiden(Path entry) {
        return user(
                "Cannot widen " + entry + ": its scorer has no hidden layers",
                "pick a dense scorer",
                Input.SAMPLE_REGISTRY);
    }

    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15
                ? Long.toString((long) value)
                : Double.toString(value);
    }
}
