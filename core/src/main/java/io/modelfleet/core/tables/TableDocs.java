package io.modelfleet.core.tables;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every Delta table modelfleet writes and what each of its columns means: the one place the tables'
 * column comments (what {@code DESCRIBE}, Trino, DuckDB's delta extension and Delta Kernel show) and
 * the README's table reference come from. A writer attaches the comments with {@link #comments},
 * which refuses a column missing here or one listed here but not written, so a schema and its
 * documentation cannot drift apart unnoticed; a test renders {@link #markdown} into the README.
 */
public final class TableDocs {
    /** One table: what a row is, its partition column if any, and its columns' meanings in order. */
    public record Table(String name, String about, Optional<String> partitionedBy, Map<String, String> columns) {}

    private static final Map<String, Table> TABLES = new LinkedHashMap<>();

    static {
        Map<String, Table> tables = TABLES;
        new Builder("slo_hourly", "one row per model-hour, rewritten whole days at a time.", "ds")
                .column("ds", "day of the hour (a DATE, UTC); the partition")
                .column("hour", "start of the hour (UTC)")
                .column("model_id", "the model, as registered")
                .column("model_version", "the serving version in the registry the hour was judged with")
                .column("team", "owning team, from the registry")
                .column("tier", "TIER0 (most critical) to TIER4, from the registry")
                .column("surface", "product surface, from the registry")
                .column("funnel_stage", "ranking funnel stage (sourcing, esr or lsr), from the registry")
                .column(
                        "status",
                        "STABLE, WATCH (past a limit but not yet conclusive; not against the budget), UNSTABLE, INSUFFICIENT_DATA or NO_DATA")
                .column("reasons", "why the status ('; '-separated, with the numbers); empty when STABLE")
                .column("rows", "rows logged for the model in the hour")
                .column(
                        "invalid_rows",
                        "rows with a prediction outside [0,1], a non-0/1 label or a negative weight; left out")
                .column(
                        "unlabeled_rows",
                        "rows whose label was not known (null, or label_time after the labels were read); left out")
                .column("events", "valid labeled rows, the ones the metrics use")
                .column("positives", "events with label 1")
                .column("misplaced_rows", "rows whose event_time lies outside the hour of their folder; left out")
                .column("ctr", "weighted share of positive events; null without events")
                .column(
                        "calibration",
                        "sum of predictions / sum of labels (1 is perfectly calibrated); null when undefined, never NaN")
                .column("calibration_lo", "lower end of calibration's 95% interval (delta method)")
                .column("calibration_hi", "upper end of calibration's 95% interval")
                .column("log_loss", "mean weighted log loss of the events")
                .column("ne", "normalized entropy, log loss / entropy of the hour's CTR (lower is better)")
                .column("ne_lo", "lower end of NE's 95% interval")
                .column("ne_hi", "upper end of NE's 95% interval")
                .column("ne_baseline", "NE over the model's STABLE hours of the 7 days before; null without them")
                .column("ne_regression", "ne / ne_baseline - 1 (0.02 = 2% worse)")
                .column(
                        "evidence_calibration_high",
                        "standard errors of calibration above its maximum accumulated through this hour (one-sided CUSUM); null in rows written before it existed")
                .column(
                        "evidence_calibration_low",
                        "standard errors of calibration below its minimum accumulated through this hour")
                .column(
                        "evidence_ne_regression",
                        "standard errors of NE regression past its limit accumulated through this hour")
                .column(
                        "calibration_min",
                        "lowest calibration the hour was judged against (tier, or the model's slo override)")
                .column("calibration_max", "highest calibration the hour was judged against")
                .column("ne_regression_limit", "largest NE regression the hour was judged against")
                .column("min_events", "events an hour needs to be judged; fewer is INSUFFICIENT_DATA")
                .column(
                        "sum_w",
                        "sum of weights w of the events (pool the sums over any set of hours to recompute any metric)")
                .column("sum_wy", "sum of w*y (y the label)")
                .column("sum_wp", "sum of w*p (p the prediction)")
                .column("sum_wl", "sum of w*l (l the event's log loss)")
                .column("sum_ww", "sum of w^2")
                .column("sum_wwy", "sum of w^2*y")
                .column("sum_wwpp", "sum of w^2*p^2")
                .column("sum_wwpy", "sum of w^2*p*y")
                .column("sum_wwll", "sum of w^2*l^2")
                .column("sum_wwly", "sum of w^2*l*y")
                .column("sum_wwl", "sum of w^2*l")
                .column(
                        "registry_version",
                        "the registry the hour was judged with (git commit, or content hash when uncommitted)")
                .column("run_id", "the run that wrote the row")
                .column("computed_at", "when the row was computed (UTC)")
                .column(
                        "final",
                        "whether the hour's label window (its end plus the model's label delay) had closed when its labels were read; provisional hours (false) are in no budget yet; null in rows written before it existed means final")
                .column("final_at", "when the hour's label window closes (hour end plus the model's label_delay_hours)")
                .add(tables);
        new Builder("slo_daily", "one row per model and day; budgets count final hours only.", "ds")
                .column("ds", "the day (a DATE, UTC); the partition")
                .column("model_id", "the model")
                .column("team", "owning team")
                .column("tier", "the model's tier")
                .column("surface", "product surface")
                .column("funnel_stage", "ranking funnel stage")
                .column("evaluated_hours", "final hours judged STABLE, WATCH or UNSTABLE")
                .column("stable_hours", "final STABLE hours")
                .column("unstable_hours", "final UNSTABLE hours")
                .column("insufficient_hours", "final hours with too few events to judge")
                .column("no_data_hours", "final hours without a logged row")
                .column("watch_hours", "final WATCH hours (counted as evaluated, not against the budget)")
                .column(
                        "provisional_hours",
                        "hours judged before their labels were complete; in none of the other counts")
                .column(
                        "objective",
                        "the tier's stability objective (share of evaluated hours that must not be UNSTABLE)")
                .column("evaluated_hours_28d", "evaluated hours over the 28 days ending that day")
                .column("unstable_hours_28d", "unstable hours over the 28 days ending that day")
                .column("attainment_28d", "1 - unstable / evaluated over the 28 days; null without evaluated hours")
                .column(
                        "error_budget_remaining",
                        "1 - unstable / ((1 - objective) * evaluated) over the 28 days; negative when overspent")
                .column(
                        "burn_rate_6h",
                        "(unstable / evaluated over the 6 hours ending at the model's newest final hour) / (1 - objective); 1 spends the budget in exactly 28 days")
                .column("burn_rate_24h", "the same over 24 hours")
                .column("burn_rate_72h", "the same over 72 hours")
                .column(
                        "alert",
                        "page (6h burn >= 14.4 and 24h burn >= 6), ticket (24h burn >= 3 and 72h burn >= 1), else none")
                .add(tables);
        new Builder(
                        "slo_daily_rollup",
                        "per day, stability of every funnel stage, surface and tier, for trends across ranking funnels.",
                        "ds")
                .column("ds", "the day (a DATE, UTC); the partition")
                .column("dimension", "funnel_stage, surface or tier")
                .column("value", "the stage, surface or tier")
                .column("models", "models of that value judged that day")
                .column("evaluated_hours", "their final evaluated hours")
                .column("stable_hours", "their final stable hours")
                .column("unstable_hours", "their final unstable hours")
                .column("insufficient_hours", "their final hours with too few events")
                .column("stability", "1 - unstable / evaluated; null without evaluated hours")
                .add(tables);
        new Builder(
                        "slo_unregistered",
                        "rows whose model_id is not in the registry, per hour; nothing else reads them.",
                        "ds")
                .column("ds", "day of the hour (a DATE, UTC); the partition")
                .column("hour", "start of the hour (UTC)")
                .column("model_id", "the id the logs carry")
                .column("rows", "rows logged under it in the hour")
                .column("run_id", "the run that wrote the row")
                .add(tables);
        new Builder(
                        "slo_incidents",
                        "one row per correlated incident and hour; rewritten with the days of slo_hourly a run rewrites.",
                        "ds")
                .column("ds", "day of the hour (a DATE, UTC); the partition")
                .column("hour", "start of the hour (UTC)")
                .column("dimension", "what the failing models share (surface, funnel_stage or team)")
                .column("value", "the shared surface, stage or team")
                .column("tier", "the most critical tier among the failing models")
                .column("models", "models UNSTABLE or NO_DATA in the group that hour")
                .column("group_models", "models judged in the group that hour")
                .column("model_ids", "the failing models")
                .column("first_hour", "where the incident's unbroken run of hours began")
                .column("cause", "suspected shared cause, in words")
                .column("run_id", "the run that wrote the row")
                .column("computed_at", "when the row was computed (UTC)")
                .column("provisional", "true when some of the hour's labels were still to come (an early incident)")
                .add(tables);
        new Builder(
                        "launch_estimates",
                        "one row per launch estimate and funnel stage, with every input and output (append only).",
                        null)
                .column("estimate_id", "the estimate (one per launch estimate run)")
                .column("created_at", "when the estimate ran (UTC)")
                .column("model_id", "the registered model the launch replaces")
                .column("production_version", "version in production")
                .column("candidate_version", "version the launch brings")
                .column("surface", "the model's surface")
                .column("launch_stage", "the funnel stage the launched model serves")
                .column("stage", "the stage this row sizes (every stage of the funnel is replayed)")
                .column("stage_model_id", "the model serving this stage")
                .column("production_scorer", "production's scorer shape, e.g. dense 128x[256,64]")
                .column("candidate_scorer", "the candidate's scorer shape")
                .column("keep_top", "candidates the stage passes on")
                .column("objective_p99_ms", "the stage's p99 latency objective (ms)")
                .column("headroom", "extra rate sized for, over the peak (0.2 = 20%)")
                .column("peak_hour", "the busiest recorded hour (UTC)")
                .column("peak_rps", "requests per second in the peak hour")
                .column("sized_rps", "peak_rps times (1 + headroom)")
                .column("registry_replicas", "replicas the registry holds for the stage's model now")
                .column(
                        "production_service_mean_ms",
                        "production's measured mean service time per request (ms, this machine)")
                .column("production_service_p99_ms", "production's measured p99 service time (ms)")
                .column("production_flops_per_request", "production's counted floating-point operations per request")
                .column("production_min_replicas", "fewest production replicas meeting the objective at sized_rps")
                .column("production_replicas", "production replicas with N+2 redundancy")
                .column("candidate_service_mean_ms", "the candidate's measured mean service time (ms)")
                .column("candidate_service_p99_ms", "the candidate's measured p99 service time (ms)")
                .column("candidate_flops_per_request", "the candidate's counted floating-point operations per request")
                .column("candidate_min_replicas", "fewest candidate replicas meeting the objective at sized_rps")
                .column("candidate_replicas", "candidate replicas with N+2 redundancy")
                .column("candidate_p99_ms", "simulated p99 latency at candidate_min_replicas (ms)")
                .column(
                        "candidate_p99_ms_one_fewer",
                        "simulated p99 with one replica fewer (ms); Infinity when one fewer cannot keep up, null when there is no fewer")
                .column("cores_per_replica", "cores a replica holds")
                .column("pool", "the model's resource pool")
                .column("cpu_increase", "cores the launch adds to the pool (candidate minus production)")
                .column("memory_gb_increase", "memory the launch adds (GB)")
                .column("gpu_increase", "GPUs the launch adds")
                .column("pool_cpu_free", "cores the pool's quota has free before the launch")
                .column("pool_memory_gb_free", "memory free in the pool (GB)")
                .column("pool_gpus_free", "GPUs free in the pool")
                .column("verdict", "FITS, NEEDS_APPROVAL (the team's other pools have the room) or CANNOT_FIT")
                .column("verdict_reason", "the verdict in words, with the numbers")
                .column("production_ne", "production's offline normalized entropy on the recorded impressions")
                .column("production_calibration", "production's offline calibration")
                .column("candidate_ne", "the candidate's offline normalized entropy")
                .column("candidate_calibration", "the candidate's offline calibration")
                .column("impressions", "recorded impressions the offline metrics use")
                .column("traffic", "folder of the recorded traffic replayed")
                .column("traffic_seed", "seed the traffic was generated with (0 when recorded)")
                .column("hour_from", "first replayed hour (UTC)")
                .column("hour_to", "last replayed hour (UTC)")
                .column("recorded_requests", "requests recorded over the replayed hours")
                .column("samples_per_hour", "requests sampled per hour for timing")
                .column("seed", "the sampling seed")
                .column("registry_version", "the registry the estimate read")
                .column(
                        "production_modelled_service_mean_ms",
                        "production's mean service time modelled from FLOPs and the hardware profile (ms); null in older rows")
                .column("production_modelled_service_p99_ms", "production's modelled p99 service time (ms)")
                .column("candidate_modelled_service_mean_ms", "the candidate's modelled mean service time (ms)")
                .column("candidate_modelled_service_p99_ms", "the candidate's modelled p99 service time (ms)")
                .column("hardware_profile", "name of the hardware profile sized against")
                .column("hardware_gflops_per_core", "the profile's throughput per core (GFLOP/s)")
                .column("hardware_candidate_overhead_ns", "the profile's fixed cost per candidate scored (ns)")
                .column(
                        "hardware_calibrated_at",
                        "when launch calibrate measured the profile; null for the documented default")
                .add(tables);
        new Builder("launch_replay", "per launch estimate, replayed hour, stage and side (append only).", null)
                .column("estimate_id", "the estimate (launch_estimates.estimate_id)")
                .column("model_id", "the registered model the launch replaces")
                .column("hour", "the replayed hour (UTC)")
                .column("stage", "the funnel stage")
                .column("side", "production or candidate")
                .column("recorded_requests", "requests recorded in the hour")
                .column("production_rps", "requests per second in the hour")
                .column("samples", "requests timed")
                .column("service_mean_ms", "measured mean service time (ms, this machine)")
                .column("service_cv", "coefficient of variation of the measured service times")
                .column("service_p50_ms", "measured median service time (ms)")
                .column("service_p99_ms", "measured p99 service time (ms)")
                .column("ne", "offline normalized entropy on the hour's impressions; null without them")
                .column("calibration", "offline calibration on the hour's impressions")
                .column(
                        "modelled_service_mean_ms",
                        "mean service time modelled from FLOPs and the hardware profile (ms); null in older rows")
                .column("modelled_service_cv", "coefficient of variation of the modelled service times")
                .column("modelled_service_p50_ms", "modelled median service time (ms)")
                .column("modelled_service_p99_ms", "modelled p99 service time (ms)")
                .column("hardware_profile", "name of the hardware profile")
                .column("hardware_gflops_per_core", "the profile's throughput per core (GFLOP/s)")
                .column("hardware_candidate_overhead_ns", "the profile's fixed cost per candidate scored (ns)")
                .add(tables);
        new Builder(
                        "launch_gates",
                        "every look of every launch step's quality gate, one row per metric, published from the launch database by a MERGE on (launch_id, look, metric).",
                        null)
                .column("launch_id", "the launch")
                .column("look", "the gate's look, numbered per launch from 1")
                .column("step", "traffic plan step, from 1")
                .column("percent", "the candidate's share of traffic at this step, percent")
                .column("at", "when the gate looked, on the scheduler's clock")
                .column("hours_from", "first hour counted (the step's first whole hour)")
                .column("hours_through", "end of the last hour counted: the hours whose attribution window had closed")
                .column(
                        "policy",
                        "SEQUENTIAL (the product), FIXED_REPEATED or RAW_THRESHOLD; MEASURED for the latency row")
                .column(
                        "metric",
                        "ne (candidate minus production), abs_log_calibration, latency_p99_ms (the candidate's served p99 against the stage objective, in margin), or events when there was nothing to judge")
                .column("production", "production's value on the same hours")
                .column("candidate", "the candidate's value")
                .column("difference", "candidate minus production: higher is worse")
                .column("lower", "lower end of the interval on the difference (latency row, the measured p99 itself)")
                .column(
                        "upper",
                        "upper end: PASS when below the margin (latency row: the measured p99 against the objective)")
                .column("margin", "how much worse the candidate may be")
                .column("alpha", "the launch's error budget this step's test spends")
                .column("decision", "this metric's decision: PASS, FAIL or INCONCLUSIVE")
                .column("step_decision", "the step's decision from all metrics")
                .column("production_events", "production's labelled events counted")
                .column("candidate_events", "the candidate's labelled events counted")
                .add(tables);
        new Builder(
                        "launch_events",
                        "every step of every launch, published from the launch database by a MERGE on (launch_id, seq).",
                        null)
                .column("launch_id", "the launch (launches/<id>.yaml)")
                .column("seq", "the step's number within its launch: 1, 2, ... without gaps")
                .column("model_id", "the model being launched")
                .column("from_state", "state before the step (NONE for the submission)")
                .column("to_state", "state after it; equal to from_state for a traffic step")
                .column("actor", "who made the step: a person, the estimator or a controller node")
                .column("at", "when, on the scheduler's clock")
                .column("reason", "why, in words")
                .column("evidence", "what the step was decided on, as JSON")
                .add(tables);
        new Builder("launch_backtest", "one row per backtest run, gate policy and candidate class (append only).", null)
                .column("run_id", "one backtest run")
                .column("at", "when the run finished")
                .column("seed", "the run's seed")
                .column("policy", "SEQUENTIAL, FIXED_REPEATED or RAW_THRESHOLD")
                .column("candidate_class", "healthy, or worse by 0.5, 1 or 2 margins")
                .column("launches", "launches of this class")
                .column("rolled_back", "rolled back by the gate")
                .column("held", "held for a person: the gate could not decide in time")
                .column("promoted", "finalized at 100%")
                .column("rollback_rate", "rolled_back / launches")
                .column("median_hours", "median hours from the first traffic step to the end")
                .column("p90_hours", "90th percentile of those hours")
                .column("launches_per_week", "the policy's launches ended per simulated week")
                .add(tables);
        new Builder("job_runs", "every attempt of every scheduler unit of work (append only).", null)
                .column("run_id", "the attempt")
                .column("job", "slo-hourly, slo-daily, registry-snapshot, launch-controller, ...")
                .column(
                        "unit",
                        "the unit of work (an hour, HOUR/final for a label window's pass, a day, a registry version)")
                .column("hour", "the unit's hour (UTC); null for other units")
                .column("day", "the unit's day; null for other units")
                .column("status", "SUCCEEDED or FAILED")
                .column("attempt", "1, 2, ... per unit")
                .column("started", "when the attempt started (UTC)")
                .column("finished", "when it finished (UTC)")
                .column("rows_written", "rows the attempt wrote")
                .column("error_message", "why it failed; null when it succeeded")
                .column("node", "the scheduler node that ran it")
                .column(
                        "clock",
                        "the scheduler's clock at the start (differs from started when sped up or started elsewhere)")
                .column("note", "what else the attempt did that did not decide its status (alerts sent, ...)")
                .add(tables);
        new Builder("registry_snapshots", "the registry, each time its version is new (append only).", null)
                .column("registry_version", "git commit, or content hash when uncommitted")
                .column("taken_at", "when the snapshot was taken (UTC)")
                .column("models", "models in the registry")
                .column("teams", "teams in the registry")
                .column("snapshot", "the registry as JSON")
                .add(tables);
    }

    private TableDocs() {}

    public static List<Table> tables() {
        return List.copyOf(TABLES.values());
    }

    /**
     * The comments of {@code table}'s {@code columns}, in their order.
     *
     * @throws IllegalStateException when the table is not documented here, a column is missing here,
     *     or a documented column is not among {@code columns}: a mistake in the code, not the input
     */
    public static List<String> comments(String table, List<String> columns) {
        Table docs = TABLES.get(table);
        if (docs == null) {
            throw new IllegalStateException("table " + table + " is not documented in TableDocs");
        }
        Set<String> undocumented = new LinkedHashSet<>(columns);
        undocumented.removeAll(docs.columns().keySet());
        Set<String> unwritten = new LinkedHashSet<>(docs.columns().keySet());
        columns.forEach(unwritten::remove);
        if (!undocumented.isEmpty() || !unwritten.isEmpty()) {
            throw new IllegalStateException("TableDocs and the schema of " + table + " disagree: undocumented "
                    + undocumented + ", documented but not written " + unwritten);
        }
        return columns.stream().map(docs.columns()::get).toList();
    }

    /** The README's table reference: a line and a column table per table. */
    public static String markdown() {
        StringBuilder md = new StringBuilder();
        for (Table table : TABLES.values()) {
            md.append("**`").append(table.name()).append("`** — ").append(table.about());
            table.partitionedBy()
                    .ifPresent(p -> md.append(" Partitioned by `").append(p).append("`."));
            md.append("\n\n| column | meaning |\n|---|---|\n");
            table.columns()
                    .forEach((column, meaning) -> md.append("| `")
                            .append(column)
                            .append("` | ")
                            .append(meaning.replace("|", "\\|"))
                            .append(" |\n"));
            md.append('\n');
        }
        return md.toString();
    }

    private static final class Builder {
        private final String name;
        private final String about;
        private final Optional<String> partitionedBy;
        private final Map<String, String> columns = new LinkedHashMap<>();

        Builder(String name, String about, String partitionedBy) {
            this.name = name;
            this.about = Character.toUpperCase(about.charAt(0)) + about.substring(1);
            this.partitionedBy = Optional.ofNullable(partitionedBy);
        }

        Builder column(String column, String meaning) {
            if (columns.put(column, meaning) != null) {
                throw new IllegalStateException(name + "." + column + " is documented twice");
            }
            return this;
        }

        void add(Map<String, Table> tables) {
            tables.put(name, new Table(name, about, partitionedBy, Collections.unmodifiableMap(columns)));
        }
    }
}
