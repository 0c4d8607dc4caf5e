package io.modelfleet.jobs.slo;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;

import io.modelfleet.core.Hour;
import io.modelfleet.core.Location;
import io.modelfleet.core.ModelfleetErrors;
import io.modelfleet.core.slo.Alert;
import io.modelfleet.core.slo.SloStatus;
import io.modelfleet.jobs.TableSchemas;
import io.modelfleet.registry.FunnelStage;
import io.modelfleet.registry.Registry;
import io.modelfleet.registry.Tier;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Daily rollups of {@code slo_hourly}: per model and day the hour counts, 28-day attainment
 * against the tier objective, the error budget left, burn rates and an alert state; and per day
 * the same counts by funnel stage, surface and tier.
 *
 * <p>Burn rate over a window = (unstable hours / evaluated hours in the window) / (1 - objective):
 * 1 spends the budget exactly over 28 days. Alerts follow the multi-window rules of the SRE
 * workbook, with windows stretched to hourly data: page when the last 6 hours burn at 14.4 or more
 * and the last 24 at 6 or more; ticket when the last 24 hours burn at 3 or more and the last 72 at 1
 * or more.
 *
 * <p>Only final hours count: a provisional hour (its labels still coming in) is in {@code
 * provisional_hours} and in nothing else — not evaluated, not stable or unstable, not in a burn
 * window, whose end is the model's newest final hour. Rolling a day up again once its hours are
 * final counts them.
 */
public final class DailyRollupJob {
    public static final String DAILY = "slo_daily";
    public static final String ROLLUP = "slo_daily_rollup";
    static final int ATTAINMENT_DAYS = 28;

    private static final StructType DAILY_SCHEMA = TableSchemas.commented(
            DAILY,
            new StructType()
                    .add("ds", DataTypes.DateType, false)
                    .add("model_id", DataTypes.StringType, false)
                    .add("team", DataTypes.StringType, false)
                    .add("tier", DataTypes.StringType, false)
                    .add("surface", DataTypes.StringType, false)
                    .add("funnel_stage", DataTypes.StringType, false)
                    .add("evaluated_hours", DataTypes.LongType, false)
                    .add("stable_hours", DataTypes.LongType, false)
                    .add("unstable_hours", DataTypes.LongType, false)
                    .add("insufficient_hours", DataTypes.LongType, false)
                    .add("no_data_hours", DataTypes.LongType, false)
                    // nullable: tables written before WATCH existed gain it holding nulls
                    .add("watch_hours", DataTypes.LongType, true)
                    // nullable: tables written before label windows existed gain it holding nulls
                    .add("provisional_hours", DataTypes.LongType, true)
                    .add("objective", DataTypes.DoubleType, false)
                    .add("evaluated_hours_28d", DataTypes.LongType, false)
                    .add("unstable_hours_28d", DataTypes.LongType, false)
                    .add("attainment_28d", DataTypes.DoubleType, true)
                    .add("error_budget_remaining", DataTypes.DoubleType, true)
                    .add("burn_rate_6h", DataTypes.DoubleType, true)
                    .add("burn_rate_24h", DataTypes.DoubleType, true)
                    .add("burn_rate_72h", DataTypes.DoubleType, true)
                    .add("alert", DataTypes.StringType, false));

    private static final StructType ROLLUP_SCHEMA = TableSchemas.commented(
            ROLLUP,
            new StructType()
                    .add("ds", DataTypes.DateType, false)
                    .add("dimension", DataTypes.StringType, false)
                    .add("value", DataTypes.StringType, false)
                    .add("models", DataTypes.LongType, false)
                    .add("evaluated_hours", DataTypes.LongType, false)
                    .add("stable_hours", DataTypes.LongType, false)
                    .add("unstable_hours", DataTypes.LongType, false)
                    .add("insufficient_hours", DataTypes.LongType, false)
                    .add("stability", DataTypes.DoubleType, true));

    private final SparkSession spark;
    private final Registry registry;
    private final Location warehouse;

    public DailyRollupJob(SparkSession spark, Registry registry, Location warehouse) {
        this.spark = requireNonNull(spark, "spark is null");
        this.registry = requireNonNull(registry, "registry is null");
        this.warehouse = requireNonNull(warehouse, "warehouse is null");
    }

    /** A model-hour as the rollup needs it. */
    record HourStatus(
            String modelId,
            Instant hour,
            SloStatus status,
            String team,
            Tier tier,
            String surface,
            FunnelStage stage,
            boolean isFinal) {}

    public record Result(List<LocalDate> days, long modelDays, long paging, long ticketing) {
        /** No day rolled up. */
        public static final Result NONE = new Result(List.of(), 0, 0, 0);
    }

    public Result run(List<LocalDate> days) {
        Location hourlyTable = warehouse.resolve(HourlySloJob.TABLE);
        if (days.isEmpty() || !DeltaTables.exists(hourlyTable)) {
            return new Result(days, 0, 0, 0);
        }
        TreeSet<LocalDate> sorted = new TreeSet<>(days);
        Instant from = sorted.first()
                .minusDays(ATTAINMENT_DAYS - 1)
                .atStartOfDay(ZoneOffset.UTC)
                .toInstant();
        Instant to = sorted.last().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        spark.sparkContext()
                .setJobGroup(
                        "modelfleet-slo-daily", "daily SLO rollup " + sorted.first() + ".." + sorted.last(), false);
        String dayList = sorted.stream().map(LocalDate::toString).collect(Collectors.joining(", "));
        return DeltaTables.retrying(
                () -> runOnce(sorted, hourlyTable, from, to),
                () -> ModelfleetErrors.concurrentWriters(
                        DAILY + " and " + ROLLUP, "days " + dayList, DeltaTables.MAX_ATTEMPTS));
    }

    /**
     * One attempt: both tables' snapshots are taken before slo_hourly is read, so a commit made
     * by another rollup after that read — possibly from a newer slo_hourly — makes this one lose
     * and read again, and a rollup never overwrites a day with counts older than the ones there.
     */
    private Optional<Result> runOnce(TreeSet<LocalDate> sorted, Location hourlyTable, Instant from, Instant to) {
        DeltaTables.Snapshot dailyBasis = DeltaTables.snapshot(spark, warehouse.resolve(DAILY));
        DeltaTables.Snapshot rollupBasis = DeltaTables.snapshot(spark, warehouse.resolve(ROLLUP));
        Map<String, TreeMap<Instant, HourStatus>> byModel = new HashMap<>();
        Dataset<Row> hourly = spark.read().format("delta").load(hourlyTable.toString());
        Column isFinal = SloHourRecord.isFinal(hourly);
        // the ds bounds let Delta prune partitions from the log alone, without parsing file statistics
        for (Row r : hourly.where(col("ds")
                        .between(Hour.of(from).ds(), Hour.of(to.minusSeconds(1)).ds()))
                .where(col("hour").geq(Timestamp.from(from)).and(col("hour").lt(Timestamp.from(to))))
                .select(
                        col("model_id"),
                        col("hour"),
                        col("status"),
                        col("team"),
                        col("tier"),
                        col("surface"),
                        col("funnel_stage"),
                        isFinal)
                .collectAsList()) {
            HourStatus h = new HourStatus(
                    r.getString(0),
                    r.getTimestamp(1).toInstant(),
                    SloStatus.valueOf(r.getString(2)),
                    r.getString(3),
                    Tier.valueOf(r.getString(4)),
                    r.getString(5),
                    FunnelStage.fromId(r.getString(6)),
                    r.getBoolean(7));
            byModel.computeIfAbsent(h.modelId(), k -> new TreeMap<>()).put(h.hour(), h);
        }
        List<Row> daily = new ArrayList<>();
        List<Row> rollup = new ArrayList<>();
        long paging = 0;
        long ticketing = 0;
        for (LocalDate day : sorted) {
            Instant dayStart = day.atStartOfDay(ZoneOffset.UTC).toInstant();
            Instant dayEnd = dayStart.plus(Duration.ofDays(1));
            Map<String, long[]> groups = new TreeMap<>();
            Map<String, Set<String>> groupModels = new HashMap<>();
            for (Map.Entry<String, TreeMap<Instant, HourStatus>> entry : new TreeMap<>(byModel).entrySet()) {
                NavigableMap<Instant, HourStatus> today = entry.getValue().subMap(dayStart, true, dayEnd, false);
                if (today.isEmpty()) {
                    continue;
                }
                HourStatus any = today.values().iterator().next();
                long[] counts = counts(today.values());
                double objective = registry.model(entry.getKey())
                        .map(m -> registry.effectiveSlo(m).objective())
                        .orElse(registry.tierPolicies()
                                .orElseThrow()
                                .of(any.tier())
                                .slo()
                                .objective());
                long[] window28 = counts(entry.getValue()
                        .subMap(dayStart.minus(Duration.ofDays(ATTAINMENT_DAYS - 1)), dayEnd)
                        .values());
                Optional<Double> attainment =
                        // WATCH hours are judged and within the budget: they count as attained
                        window28[0] == 0
                                ? Optional.empty()
                                : Optional.of((double) (window28[0] - window28[2]) / window28[0]);
                double allowed = (1 - objective) * window28[0];
                Optional<Double> budget = window28[0] == 0 ? Optional.empty() : Optional.of(1 - window28[2] / allowed);
                Instant burnEnd = burnEnd(entry.getValue().headMap(dayEnd, false), today);
                Optional<Double> burn6 = burn(entry.getValue(), burnEnd, 6, objective);
                Optional<Double> burn24 = burn(entry.getValue(), burnEnd, 24, objective);
                Optional<Double> burn72 = burn(entry.getValue(), burnEnd, 72, objective);
                Alert alert = alert(burn6, burn24, burn72);
                paging += alert == Alert.PAGE ? 1 : 0;
                ticketing += alert == Alert.TICKET ? 1 : 0;
                daily.add(RowFactory.create(
                        day,
                        entry.getKey(),
                        any.team(),
                        any.tier().name(),
                        any.surface(),
                        any.stage().id(),
                        counts[0],
                        counts[1],
                        counts[2],
                        counts[3],
                        counts[4],
                        counts[5],
                        counts[6],
                        objective,
                        window28[0],
                        window28[2],
                        attainment.orElse(null),
                        budget.orElse(null),
                        burn6.orElse(null),
                        burn24.orElse(null),
                        burn72.orElse(null),
                        alert.id()));
                for (String[] group : List.of(
                        new String[] {"funnel_stage", any.stage().id()},
                        new String[] {"surface", any.surface()},
                        new String[] {"tier", any.tier().name()})) {
                    String key = group[0] + "\u0000" + group[1];
                    long[] g = groups.computeIfAbsent(key, k -> new long[4]);
                    g[0] += counts[0];
                    g[1] += counts[1];
                    g[2] += counts[2];
                    g[3] += counts[3];
                    groupModels.computeIfAbsent(key, k -> new HashSet<>()).add(entry.getKey());
                }
            }
            for (Map.Entry<String, long[]> group : groups.entrySet()) {
                String[] key = group.getKey().split("\u0000");
                long[] g = group.getValue();
                rollup.add(RowFactory.create(
                        day,
                        key[0],
                        key[1],
                        (long) groupModels.get(group.getKey()).size(),
                        g[0],
                        g[1],
                        g[2],
                        g[3],
                        g[0] == 0 ? null : (double) (g[0] - g[2]) / g[0]));
            }
        }
        String predicate = "ds >= '" + sorted.first() + "' AND ds <= '" + sorted.last() + "'";
        // one task writes every day, so a day is one file for every reader (the rows are few)
        if (!DeltaTables.replaceIfUnchanged(
                spark.createDataFrame(daily, DAILY_SCHEMA).coalesce(1), dailyBasis, predicate, "ds", "slo rollup")) {
            return Optional.empty();
        }
        if (!DeltaTables.replaceIfUnchanged(
                spark.createDataFrame(rollup, ROLLUP_SCHEMA).coalesce(1), rollupBasis, predicate, "ds", "slo rollup")) {
            return Optional.empty();
        }
        return Optional.of(new Result(List.copyOf(sorted), daily.size(), paging, ticketing));
    }

    /**
     * evaluated, stable, unstable, insufficient, no data, watch (evaluated, and not against the
     * budget), provisional (in none of the others)
     */
    private static long[] counts(Iterable<HourStatus> hours) {
        long[] counts = new long[7];
        for (HourStatus h : hours) {
            if (!h.isFinal()) {
                counts[6]++;
                continue;
            }
            switch (h.status()) {
                case STABLE -> {
                    counts[0]++;
                    counts[1]++;
                }
                case UNSTABLE -> {
                    counts[0]++;
                    counts[2]++;
                }
                case WATCH -> {
                    counts[0]++;
                    counts[5]++;
                }
                case INSUFFICIENT_DATA -> counts[3]++;
                default -> counts[4]++;
            }
        }
        return counts;
    }

    /**
     * Where a day's burn windows end: after the model's newest final hour up to the day's end, not at
     * midnight. A day still under way would otherwise have an empty 6-hour window until 18:00, and
     * could never page; and the provisional hours after the newest final one count in no window.
     * Without a final hour, after the day's newest hour (every window is then empty).
     */
    static Instant burnEnd(NavigableMap<Instant, HourStatus> upToDayEnd, NavigableMap<Instant, HourStatus> today) {
        for (HourStatus h : upToDayEnd.descendingMap().values()) {
            if (h.isFinal()) {
                return h.hour().plus(Duration.ofHours(1));
            }
        }
        return today.lastKey().plus(Duration.ofHours(1));
    }

    static Optional<Double> burn(TreeMap<Instant, HourStatus> hours, Instant end, int windowHours, double objective) {
        long[] counts = counts(
                hours.subMap(end.minus(Duration.ofHours(windowHours)), end).values());
        return counts[0] == 0 ? Optional.empty() : Optional.of(((double) counts[2] / counts[0]) / (1 - objective));
    }

    static Alert alert(Optional<Double> burn6, Optional<Double> burn24, Optional<Double> burn72) {
        if (burn6.orElse(0.0) >= 14.4 && burn24.orElse(0.0) >= 6) {
            return Alert.PAGE;
        }
        if (burn24.orElse(0.0) >= 3 && burn72.orElse(0.0) >= 1) {
            return Alert.TICKET;
        }
        return Alert.NONE;
    }
}
