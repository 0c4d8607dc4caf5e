package io.modelfleet.cli.spark.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;

import io.modelfleet.cli.spark.model.ModelContext;
import io.modelfleet.core.Hour;
import io.modelfleet.core.Location;
import io.modelfleet.core.slo.SloStatus;
import io.modelfleet.jobs.TableSchemas;
import io.modelfleet.jobs.slo.DeltaTables;
import io.modelfleet.jobs.slo.SloHourRecord;
import io.modelfleet.launcher.LaunchState;
import io.modelfleet.registry.Lifecycle;
import io.modelfleet.registry.Model;
import io.modelfleet.registry.Registry;
import io.modelfleet.report.FleetReport;
import io.modelfleet.report.FleetReport.BudgetLine;
import io.modelfleet.report.FleetReport.DataQuality;
import io.modelfleet.report.FleetReport.HourPoint;
import io.modelfleet.report.FleetReport.InvalidRate;
import io.modelfleet.report.FleetReport.LaunchLine;
import io.modelfleet.report.FleetReport.ModelFacts;
import io.modelfleet.report.FleetReport.ModelSection;
import io.modelfleet.report.FleetReport.Orphan;
import io.modelfleet.report.FleetReport.Thresholds;
import io.modelfleet.report.FleetReport.TierHour;
import io.modelfleet.report.FleetReport.TrendPoint;
import io.modelfleet.report.FleetReport.Unregistered;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Reads the warehouse into a {@link FleetReport}: every aggregate is computed by Spark where the rows
 * are, and only per tier-hour counts, per-model totals and the flagged models' hours come back.
 */
public final class FleetReportReader {
    /** Sections drawn in full; more flagged models are listed by id (a page of 40 charts is already long). */
    public static final int MAX_SECTIONS = 40;

    private static final int TOP_INVALID = 20;

    private static final List<String> SECTION_COLUMNS = List.of(
            "model_id",
            "hour",
            "status",
            "calibration",
            "calibration_lo",
            "calibration_hi",
            "ne",
            "ne_lo",
            "ne_hi",
            "ne_baseline",
            "rows",
            "events",
            "invalid_rows",
            "unlabeled_rows",
            "reasons",
            "calibration_min",
            "calibration_max",
            "ne_regression_limit",
            "min_events");

    private static final Set<String> ENDED = Arrays.stream(LaunchState.values())
            .filter(LaunchState::isEnd)
            .map(LaunchState::name)
            .collect(Collectors.toUnmodifiableSet());

    private final SparkSession spark;
    private final Location warehouse;
    private final Registry registry;
    private final Map<String, List<LaunchLine>> launches;

    public FleetReportReader(
            SparkSession spark, Location warehouse, Registry registry, Map<String, List<LaunchLine>> launches) {
        this.spark = spark;
        this.warehouse = warehouse;
        this.registry = registry;
        this.launches = launches;
    }

    /** Whether the SLO job has written slo_hourly yet. */
    public boolean hasResults() {
        return exists("slo_hourly");
    }

    /** The hours slo_hourly holds, first and last; empty before the SLO job has run. */
    public Optional<Hour[]> judgedHours() {
        if (!hasResults()) {
            return Optional.empty();
        }
        Row r = load("slo_hourly").agg(min("hour"), max("hour")).first();
        if (r.isNullAt(0)) {
            return Optional.empty();
        }
        return Optional.of(new Hour[] {hour(r.getTimestamp(0)), hour(r.getTimestamp(1))});
    }

    /**
     * The report over [from, to).
     *
     * @param asked models to draw whether or not they are flagged
     */
    public FleetReport read(Hour from, Hour to, List<String> asked, Instant now) {
        Dataset<Row> hourly = load("slo_hourly")
                .where(col("hour")
                        .geq(Timestamp.from(from.start()))
                        .and(col("hour").lt(Timestamp.from(to.start()))));
        // The small tables are read beside the hourly one: each read is mostly Spark's fixed cost per
        // job (planning, the Delta log), which overlaps well even on two cores.
        ExecutorService beside = Executors.newFixedThreadPool(3);
        try {
            Future<List<BudgetLine>> budgetsRead = beside.submit(() -> budgets(to));
            Future<List<TrendPoint>> trendsRead = beside.submit(() -> trends(from, to));
            Future<List<Unregistered>> unregisteredRead = beside.submit(() -> unregistered(from, to));
            Scan scan = scan(hourly);
            List<TierHour> heatmap = scan.heatmap();
            List<ModelTotals> totals = scan.totals();
            List<BudgetLine> budgets = done(budgetsRead);
            Map<String, BudgetLine> budgetOf = new HashMap<>();
            budgets.forEach(b -> budgetOf.put(b.modelId(), b));
            List<String> flagged = flagged(totals, budgetOf, asked);
            List<String> drawn = new ArrayList<>(asked);
            flagged.stream()
                    .filter(id -> !drawn.contains(id))
                    .limit(Math.max(0, MAX_SECTIONS - asked.size()))
                    .forEach(drawn::add);
            List<String> notShown =
                    flagged.stream().filter(id -> !drawn.contains(id)).toList();
            Map<String, ModelTotals> totalsOf = new HashMap<>();
            totals.forEach(t -> totalsOf.put(t.modelId, t));
            return new FleetReport(
                    from,
                    to,
                    now,
                    scan.registryVersion(),
                    heatmap,
                    budgets,
                    done(trendsRead),
                    sections(hourly, drawn, totalsOf, budgetOf),
                    notShown,
                    launchesOpenFirst(),
                    new DataQuality(done(unregisteredRead), orphans(totals), invalidRates(totals)));
        } finally {
            beside.shutdownNow();
        }
    }

    private static <T> T done(Future<T> read) {
        try {
            return read.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the warehouse", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private Dataset<Row> load(String table) {
        return spark.read().format("delta").load(warehouse.resolve(table).toString());
    }

    private boolean exists(String table) {
        return DeltaTables.exists(warehouse.resolve(table));
    }

    private static Hour hour(Timestamp t) {
        return Hour.of(t.toInstant());
    }

    /** One model's period in numbers: what flags it, and what the data-quality tables need. */
    private record ModelTotals(
            String modelId,
            String tier,
            long hours,
            long unstable,
            long insufficient,
            long noData,
            long rows,
            long invalidRows) {
        /** Hours it could not be judged although other hours of the period were: its data went missing. */
        long dataGaps() {
            long unjudged = insufficient + noData;
            return unjudged < hours ? unjudged : 0;
        }
    }

    /** The tier × hour counts and per-model totals, and the registry the newest hour was judged by. */
    private record Scan(List<TierHour> heatmap, List<ModelTotals> totals, String registryVersion) {}

    /**
     * One pass over the period's model-hours, six narrow columns of them: a week of a 1,000-model
     * fleet is 168,000 small rows, which the driver counts faster than Spark plans a second job.
     */
    private static Scan scan(Dataset<Row> hourly) {
        Map<String, Map<Hour, long[]>> byTierHour = new TreeMap<>();
        Map<String, Tally> byModel = new HashMap<>();
        Hour newest = null;
        String registryVersion = "unknown";
        for (Row r : hourly.select(
                        col("model_id"),
                        col("tier"),
                        col("hour"),
                        col("status"),
                        col("rows"),
                        col("invalid_rows"),
                        col("registry_version"),
                        SloHourRecord.isFinal(hourly))
                .collectAsList()) {
            String tier = r.getString(1);
            Hour hour = hour(r.getTimestamp(2));
            // SloStatus's order is TierHour's: stable, unstable, insufficient, no data. A WATCH hour
            // (judged, past a limit but not conclusively, within budget) is drawn with the stable ones.
            SloStatus judged = SloStatus.valueOf(r.getString(3));
            int status = (judged == SloStatus.WATCH ? SloStatus.STABLE : judged).ordinal();
            long[] counts =
                    byTierHour.computeIfAbsent(tier, k -> new TreeMap<>()).computeIfAbsent(hour, k -> new long[5]);
            counts[status]++;
            counts[4] += r.getBoolean(7) ? 0 : 1;
            Tally t = byModel.computeIfAbsent(r.getString(0), k -> new Tally(tier));
            t.byStatus[status]++;
            t.rows += r.getLong(4);
            t.invalidRows += r.getLong(5);
            if (newest == null || hour.compareTo(newest) > 0) {
                newest = hour;
                registryVersion = r.getString(6);
            }
        }
        List<TierHour> heatmap = new ArrayList<>();
        byTierHour.forEach((tier, hours) ->
                hours.forEach((hour, n) -> heatmap.add(new TierHour(tier, hour, n[0], n[1], n[2], n[3], n[4]))));
        List<ModelTotals> totals = new ArrayList<>();
        byModel.forEach((model, t) -> totals.add(new ModelTotals(
                model,
                t.tier,
                t.byStatus[0] + t.byStatus[1] + t.byStatus[2] + t.byStatus[3],
                t.byStatus[1],
                t.byStatus[2],
                t.byStatus[3],
                t.rows,
                t.invalidRows)));
        return new Scan(heatmap, totals, registryVersion);
    }

    /** Counts of one model's hours by status (in {@link SloStatus} order) and its rows. */
    private static final class Tally {
        final String tier;
        final long[] byStatus = new long[4];
        long rows;
        long invalidRows;

        Tally(String tier) {
            this.tier = tier;
        }
    }

    /** Budgets on the period's last day with a daily row: page first, then the most critical tier. */
    private List<BudgetLine> budgets(Hour to) {
        if (!exists("slo_daily")) {
            return List.of();
        }
        String lastDay =
                to.plus(-1).start().atOffset(ZoneOffset.UTC).toLocalDate().toString();
        Dataset<Row> daily = load("slo_daily").where(col("ds").leq(lastDay));
        Row latest = daily.agg(max("ds")).first();
        if (latest.isNullAt(0)) {
            return List.of();
        }
        List<BudgetLine> out = new ArrayList<>();
        for (Row r : daily.where(
                        col("ds").equalTo(latest.get(0)).and(col("alert").isin("page", "ticket")))
                .select(
                        "model_id",
                        "tier",
                        "team",
                        "alert",
                        "ds",
                        "error_budget_remaining",
                        "burn_rate_6h",
                        "burn_rate_24h")
                .collectAsList()) {
            String id = r.getString(0);
            out.add(new BudgetLine(
                    id,
                    r.getString(1),
                    r.getString(2),
                    registry.model(id)
                            .map(m -> ModelContext.oncall(registry, m))
                            .orElse(null),
                    r.getString(3),
                    TableSchemas.day(r, 4).toString(),
                    value(r, 5),
                    value(r, 6),
                    value(r, 7)));
        }
        out.sort(Comparator.comparing((BudgetLine b) -> "page".equals(b.alert()) ? 0 : 1)
                .thenComparing(BudgetLine::tier)
                .thenComparing(BudgetLine::modelId));
        return out;
    }

    /**
     * Paging budgets, then ticketing ones, then unstable hours, then data gone missing; within each, the
     * most critical tier first, then the most unstable hours.
     */
    private static List<String> flagged(List<ModelTotals> totals, Map<String, BudgetLine> budgets, List<String> asked) {
        record Urgency(String modelId, int rank, String tier, long unstable) {}
        List<Urgency> flagged = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (ModelTotals t : totals) {
            BudgetLine budget = budgets.get(t.modelId);
            int rank = budget != null
                    ? ("page".equals(budget.alert()) ? 0 : 1)
                    : t.unstable > 0 ? 2 : t.dataGaps() > 0 ? 3 : -1;
            if (rank >= 0) {
                flagged.add(new Urgency(t.modelId, rank, t.tier, t.unstable));
                seen.add(t.modelId);
            }
        }
        budgets.values().stream()
                .filter(b -> !seen.contains(b.modelId()))
                .forEach(b -> flagged.add(new Urgency(b.modelId(), "page".equals(b.alert()) ? 0 : 1, b.tier(), 0)));
        return flagged.stream()
                .sorted(Comparator.comparingInt(Urgency::rank)
                        .thenComparing(Urgency::tier)
                        .thenComparing(
                                Comparator.comparingLong(Urgency::unstable).reversed())
                        .thenComparing(Urgency::modelId))
                .map(Urgency::modelId)
                .filter(id -> !asked.contains(id))
                .toList();
    }

    private List<ModelSection> sections(
            Dataset<Row> hourly, List<String> ids, Map<String, ModelTotals> totals, Map<String, BudgetLine> budgets) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<String, List<HourPoint>> hoursOf = new LinkedHashMap<>();
        Map<String, Thresholds> thresholdsOf = new HashMap<>();
        for (Row r : hourly.where(col("model_id").isin((Object[]) ids.toArray(String[]::new)))
                .select(Stream.concat(
                                SECTION_COLUMNS.stream().map(functions::col), Stream.of(SloHourRecord.isFinal(hourly)))
                        .toArray(Column[]::new))
                .orderBy("model_id", "hour")
                .collectAsList()) {
            String id = r.getString(0);
            hoursOf.computeIfAbsent(id, k -> new ArrayList<>())
                    .add(new HourPoint(
                            hour(r.getTimestamp(1)),
                            r.getString(2),
                            value(r, 3),
                            value(r, 4),
                            value(r, 5),
                            value(r, 6),
                            value(r, 7),
                            value(r, 8),
                            value(r, 9),
                            r.getLong(10),
                            r.getLong(11),
                            r.getLong(12),
                            r.getLong(13),
                            r.getString(14),
                            !r.getBoolean(SECTION_COLUMNS.size())));
            // Rows come oldest first: the last one seen holds the thresholds the model is judged by now.
            thresholdsOf.put(id, new Thresholds(r.getDouble(15), r.getDouble(16), r.getDouble(17), r.getLong(18)));
        }
        List<ModelSection> out = new ArrayList<>();
        for (String id : ids) {
            Optional<Model> model = registry.model(id);
            ModelFacts facts = model.map(m -> ModelContext.facts(registry, m))
                    .orElse(new ModelFacts(id, "?", "?", "?", "?", "?", null, "?", "?", "not in the registry", null));
            Thresholds thresholds = thresholdsOf.getOrDefault(
                    id,
                    model.map(m -> {
                                var slo = registry.effectiveSlo(m);
                                return new Thresholds(
                                        slo.calibrationMin(),
                                        slo.calibrationMax(),
                                        slo.neRegressionLimit(),
                                        slo.minEventsPerHour());
                            })
                            .orElse(new Thresholds(0, 0, 0, 0)));
            out.add(new ModelSection(
                    facts,
                    because(totals.get(id), budgets.get(id)),
                    thresholds,
                    hoursOf.getOrDefault(id, List.of()),
                    launches.getOrDefault(id, List.of())));
        }
        return out;
    }

    private static String because(ModelTotals totals, BudgetLine budget) {
        List<String> why = new ArrayList<>();
        if (budget != null) {
            why.add("error budget burning (" + budget.alert() + ")");
        }
        if (totals != null && totals.unstable > 0) {
            why.add(totals.unstable + " unstable hour" + (totals.unstable == 1 ? "" : "s"));
        }
        if (totals != null && totals.dataGaps() > 0) {
            why.add(totals.dataGaps() + " hour" + (totals.dataGaps() == 1 ? "" : "s")
                    + " without enough data to judge (" + totals.insufficient + " insufficient, " + totals.noData
                    + " no data)");
        }
        return why.isEmpty() ? null : String.join("; ", why);
    }

    /** Every launch, those still under way first; within each, as the workflow lists them. */
    private List<LaunchLine> launchesOpenFirst() {
        List<LaunchLine> all = new ArrayList<>();
        launches.values().forEach(all::addAll);
        all.sort(Comparator.comparing(l -> ENDED.contains(l.state())));
        return all;
    }

    private List<TrendPoint> trends(Hour from, Hour to) {
        if (!exists("slo_daily_rollup")) {
            return List.of();
        }
        String firstDay = from.start().atOffset(ZoneOffset.UTC).toLocalDate().toString();
        String lastDay =
                to.plus(-1).start().atOffset(ZoneOffset.UTC).toLocalDate().toString();
        List<TrendPoint> out = new ArrayList<>();
        for (Row r : load("slo_daily_rollup")
                .where(col("ds")
                        .between(firstDay, lastDay)
                        .and(col("dimension").isin("funnel_stage", "surface", "tier")))
                .select("dimension", "value", "ds", "models", "evaluated_hours", "unstable_hours", "stability")
                .collectAsList()) {
            out.add(new TrendPoint(
                    r.getString(0),
                    r.getString(1),
                    TableSchemas.day(r, 2).toString(),
                    r.getLong(3),
                    r.getLong(4),
                    r.getLong(5),
                    value(r, 6)));
        }
        return out;
    }

    private List<Unregistered> unregistered(Hour from, Hour to) {
        if (!exists("slo_unregistered")) {
            return List.of();
        }
        List<Unregistered> out = new ArrayList<>();
        for (Row r : load("slo_unregistered")
                .where(col("hour")
                        .geq(Timestamp.from(from.start()))
                        .and(col("hour").lt(Timestamp.from(to.start()))))
                .groupBy("model_id")
                .agg(sum("rows"), countDistinct("hour"), max("hour"))
                .orderBy(col("sum(rows)").desc())
                .limit(50)
                .collectAsList()) {
            out.add(new Unregistered(r.getString(0), r.getLong(1), r.getLong(2), hour(r.getTimestamp(3))));
        }
        return out;
    }

    /** Serving models every one of whose judged hours in the period had no rows at all. */
    private List<Orphan> orphans(List<ModelTotals> totals) {
        List<Orphan> out = new ArrayList<>();
        for (ModelTotals t : totals) {
            Optional<Model> model = registry.model(t.modelId);
            if (t.rows == 0
                    && t.noData == t.hours
                    && model.map(m -> m.lifecycle() != Lifecycle.DEPRECATED).orElse(false)) {
                out.add(new Orphan(t.modelId, t.tier, model.get().owner().team(), t.hours));
            }
        }
        out.sort(Comparator.comparing(Orphan::tier).thenComparing(Orphan::modelId));
        return out;
    }

    private static List<InvalidRate> invalidRates(List<ModelTotals> totals) {
        return totals.stream()
                .filter(t -> t.invalidRows > 0)
                .map(t -> new InvalidRate(t.modelId, t.tier, t.rows, t.invalidRows))
                .sorted(Comparator.comparingDouble(InvalidRate::rate).reversed().thenComparing(InvalidRate::modelId))
                .limit(TOP_INVALID)
                .toList();
    }

    private static Double value(Row r, int i) {
        return r.isNullAt(i) ? null : r.getDouble(i);
    }
}
