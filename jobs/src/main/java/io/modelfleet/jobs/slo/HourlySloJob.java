package io.modelfleet.jobs.slo;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import io.modelfleet.jobs.Hour;
import io.modelfleet.registry.Lifecycle;
import io.modelfleet.registry.Model;
import io.modelfleet.registry.ModelfleetException;
import io.modelfleet.registry.Registry;
import io.modelfleet.registry.SloPolicy;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The hourly SLO job: for each requested hour, one pass over the prediction logs yields every
 * model's sums; statuses are then judged in the driver from those sums and the small
 * {@code slo_hourly} table, and written back in one Delta commit.
 *
 * <p>Why re-judge: a model-hour's NE baseline is the mean NE of its stable hours in the trailing
 * 7 days, so writing an hour can change the judgement of the hours after it. Every hour from the
 * earliest one computed to 7 days past the latest is judged again, oldest first, which makes the
 * table a function of the set of hours computed, whatever the order they ran in.
 *
 * <p>Atomicity: the rewrite of the judged range is a single Delta {@code replaceWhere} commit;
 * readers see the table before or after, never between, and a job killed midway changes nothing.
 */
public final class HourlySloJob {
    public static final String TABLE = "slo_hourly";
    public static final String UNREGISTERED_TABLE = "slo_unregistered";
    static final Duration BASELINE_WINDOW = Duration.ofDays(7);

    private static final StructType LOG_SCHEMA = new StructType()
            .add("model_id", DataTypes.StringType)
            .add("model_version", DataTypes.StringType)
            .add("prediction", DataTypes.DoubleType)
            .add("label", DataTypes.IntegerType)
            .add("weight", DataTypes.DoubleType)
            .add("ds", DataTypes.StringType)
            .add("hr", DataTypes.StringType);

    private static final StructType UNREGISTERED_SCHEMA = new StructType()
            .add("ds", DataTypes.StringType, false)
            .add("hour", DataTypes.TimestampType, false)
            .add("model_id", DataTypes.StringType, false)
            .add("rows", DataTypes.LongType, false)
            .add("run_id", DataTypes.StringType, false);

    /** An hour that could not be computed, and why; the other hours still are. */
    public record FailedHour(Hour hour, String message) {}

    public record Result(String runId, List<Hour> computed, List<FailedHour> failed, long rowsRead, Map<SloStatus, Long> statuses,
            Map<String, Long> unregisteredRows, List<SloHourRecord> written) {}

    private final SparkSession spark;
    private final Registry registry;
    private final String registryVersion;
    private final String logs;
    private final Path warehouse;

    public HourlySloJob(SparkSession spark, Registry registry, String registryVersion, String logs, Path warehouse) {
        this.spark = requireNonNull(spark, "spark is null");
        this.registry = requireNonNull(registry, "registry is null");
        this.registryVersion = requireNonNull(registryVersion, "registryVersion is null");
        this.logs = requireNonNull(logs, "logs is null");
        this.warehouse = requireNonNull(warehouse, "warehouse is null");
        if (registry.tierPolicies().isEmpty()) {
            throw ModelfleetException.userError("Cannot run SLOs: the registry has no valid tiers.yaml",
                    "run 'modelfleet registry validate' and fix tiers.yaml");
        }
    }

    public Result run(List<Hour> requested) {
        if (requested.isEmpty()) {
            throw ModelfleetException.userError("Cannot run SLOs: no hours given", "pass --hour H or --from H --to H");
        }
        String runId = UUID.randomUUID().toString();
        Instant computedAt = Instant.now();
        spark.sparkContext().setJobGroup("modelfleet-slo-hourly-" + runId, "hourly SLO " + requested.get(0) + ".."
                + requested.get(requested.size() - 1), false);
        LogFiles files = new LogFiles(logs, spark.sparkContext().hadoopConfiguration());
        List<Hour> computed = new ArrayList<>();
        List<FailedHour> failed = new ArrayList<>();
        List<String> dirs = new ArrayList<>();
        for (Hour hour : new TreeSet<>(requested)) {
            LogFiles.HourFiles hourFiles = files.inspect(hour);
            if (hourFiles.problem().isPresent()) {
                failed.add(new FailedHour(hour, hourFiles.problem().get()));
                continue;
            }
            computed.add(hour);
            if (!hourFiles.isEmpty()) {
                dirs.add(hourFiles.dir().toString());
            }
        }
        Map<Hour, Map<String, HourSums>> sums = new HashMap<>();
        Map<Hour, Map<String, String>> versions = new HashMap<>();
        long rowsRead = 0;
        if (!dirs.isEmpty()) {
            for (Row row : aggregate(dirs)) {
                Hour hour = Hour.parse(row.getString(0) + "T" + row.getString(1));
                String modelId = row.getString(2);
                HourSums s = new HourSums(row.getLong(3), row.getLong(4), row.getLong(5), row.getLong(6), row.getLong(7),
                        row.getDouble(8), row.getDouble(9), row.getDouble(10), row.getDouble(11), row.getDouble(12), row.getDouble(13),
                        row.getDouble(14), row.getDouble(15), row.getDouble(16), row.getDouble(17), row.getDouble(18));
                sums.computeIfAbsent(hour, h -> new HashMap<>()).put(modelId, s);
                versions.computeIfAbsent(hour, h -> new HashMap<>()).put(modelId, row.getString(19));
                rowsRead += s.rows();
            }
        }

        Map<String, Long> unregistered = new TreeMap<>();
        List<Row> unregisteredRows = new ArrayList<>();
        for (Hour hour : computed) {
            for (Map.Entry<String, HourSums> entry : sums.getOrDefault(hour, Map.of()).entrySet()) {
                if (registry.model(entry.getKey()).isEmpty()) {
                    unregistered.merge(entry.getKey(), entry.getValue().rows(), Long::sum);
                    unregisteredRows.add(RowFactory.create(hour.ds(), Timestamp.from(hour.start()), entry.getKey(), entry.getValue().rows(),
                            runId));
                }
            }
        }

        List<SloHourRecord> written = List.of();
        if (!computed.isEmpty()) {
            written = judgeAndWrite(computed, sums, versions, runId, computedAt);
            writeUnregistered(computed, unregisteredRows);
        }
        Map<SloStatus, Long> statuses = new EnumMap<>(SloStatus.class);
        for (SloHourRecord record : written) {
            if (computed.contains(Hour.of(record.hour())) && record.runId().equals(runId)) {
                statuses.merge(SloStatus.valueOf(record.status()), 1L, Long::sum);
            }
        }
        return new Result(runId, computed, failed, rowsRead, statuses, unregistered, written);
    }

    /** One pass over the logs: per hour and model, the row counts and the sums of {@link HourSums}. */
    private List<Row> aggregate(List<String> dirs) {
        Dataset<Row> events = spark.read().schema(LOG_SCHEMA).option("basePath", logs).parquet(dirs.toArray(String[]::new))
                .withColumn("w", expr("coalesce(weight, 1.0D)"))
                .withColumn("valid", expr("prediction IS NOT NULL AND NOT isnan(prediction) AND prediction BETWEEN 0 AND 1"
                        + " AND (label IS NULL OR label IN (0, 1)) AND w > 0 AND NOT isnan(w) AND w < double('Infinity')"))
                .withColumn("labeled", expr("valid AND label IS NOT NULL"))
                .withColumn("pc", expr("least(greatest(prediction, " + HourSums.CLIP + "D), 1 - " + HourSums.CLIP + "D)"))
                .withColumn("l", expr("if(label = 1, -ln(pc), -ln(1 - pc))"));
        String lw = "if(labeled, w, 0D)";
        return events.groupBy(col("ds"), col("hr"), col("model_id")).agg(
                        expr("count(*)").alias("rows"),
                        expr("count_if(NOT valid)").alias("invalid"),
                        expr("count_if(valid AND label IS NULL)").alias("unlabeled"),
                        expr("count_if(labeled)").alias("events"),
                        expr("count_if(labeled AND label = 1)").alias("positives"),
                        expr("coalesce(sum(" + lw + "), 0D)").alias("w"),
                        expr("coalesce(sum(if(labeled, w * label, 0D)), 0D)").alias("wy"),
                        expr("coalesce(sum(if(labeled, w * prediction, 0D)), 0D)").alias("wp"),
                        expr("coalesce(sum(if(labeled, w * l, 0D)), 0D)").alias("wl"),
                        expr("coalesce(sum(if(labeled, w * w, 0D)), 0D)").alias("ww"),
                        expr("coalesce(sum(if(labeled, w * w * label, 0D)), 0D)").alias("wwy"),
                        expr("coalesce(sum(if(labeled, w * w * prediction * prediction, 0D)), 0D)").alias("wwpp"),
                        expr("coalesce(sum(if(labeled, w * w * prediction * label, 0D)), 0D)").alias("wwpy"),
                        expr("coalesce(sum(if(labeled, w * w * l * l, 0D)), 0D)").alias("wwll"),
                        expr("coalesce(sum(if(labeled, w * w * l * label, 0D)), 0D)").alias("wwly"),
                        expr("coalesce(sum(if(labeled, w * w * l, 0D)), 0D)").alias("wwl"),
                        expr("max(model_version)").alias("model_version"))
                .collectAsList();
    }

    private List<SloHourRecord> judgeAndWrite(List<Hour> computed, Map<Hour, Map<String, HourSums>> sums,
            Map<Hour, Map<String, String>> versions, String runId, Instant computedAt) {
        Instant first = computed.get(0).start();
        Instant last = computed.get(computed.size() - 1).start();
        Path table = warehouse.resolve(TABLE);
        Map<String, NavigableMap<Instant, SloHourRecord>> byModel = new HashMap<>();
        if (DeltaTables.exists(table)) {
            List<Row> existing = spark.read().format("delta").load(table.toString())
                    .where(col("hour").geq(Timestamp.from(first.minus(BASELINE_WINDOW)))
                            .and(col("hour").leq(Timestamp.from(last.plus(BASELINE_WINDOW)))))
                    .collectAsList();
            for (Row row : existing) {
                SloHourRecord record = SloHourRecord.fromRow(row);
                byModel.computeIfAbsent(record.modelId(), k -> new TreeMap<>()).put(record.hour(), record);
            }
        }
        // New sums replace what the table held for the computed hours.
        for (Hour hour : computed) {
            for (Model model : registry.models()) {
                Optional<HourSums> s = Optional.ofNullable(sums.getOrDefault(hour, Map.of()).get(model.id()));
                if (model.lifecycle() == Lifecycle.DEPRECATED && s.isEmpty()) {
                    continue;
                }
                String version = versions.getOrDefault(hour, Map.of()).getOrDefault(model.id(), model.serving().version());
                byModel.computeIfAbsent(model.id(), k -> new TreeMap<>())
                        .put(hour.start(), unjudged(model, hour, version, s.orElse(HourSums.EMPTY), runId, computedAt));
            }
        }
        Instant judgedUntil = last;
        for (NavigableMap<Instant, SloHourRecord> hours : byModel.values()) {
            Instant lastInWindow = hours.floorKey(last.plus(BASELINE_WINDOW));
            if (lastInWindow != null && lastInWindow.isAfter(judgedUntil)) {
                judgedUntil = lastInWindow;
            }
        }
        List<SloHourRecord> toWrite = new ArrayList<>();
        for (Map.Entry<String, NavigableMap<Instant, SloHourRecord>> entry : byModel.entrySet()) {
            Optional<Model> model = registry.model(entry.getKey());
            NavigableMap<Instant, SloHourRecord> hours = entry.getValue();
            for (Map.Entry<Instant, SloHourRecord> hourEntry : hours.subMap(first, true, judgedUntil, true).entrySet()) {
                SloHourRecord record = hourEntry.getValue();
                if (model.isPresent()) {
                    record = judge(record, registry.effectiveSlo(model.get()), baseline(hours, hourEntry.getKey()));
                    hourEntry.setValue(record);
                }
                toWrite.add(record);
            }
        }
        toWrite.sort(Comparator.comparing(SloHourRecord::hour).thenComparing(SloHourRecord::modelId));
        Dataset<Row> frame = spark.createDataFrame(toWrite.stream().map(SloHourRecord::toRow).toList(), SloHourRecord.SCHEMA)
                .repartition(col("ds"));
        String predicate = DeltaTables.hourRange(first, judgedUntil);
        DeltaTables.replace(frame, table, predicate, "ds");
        return toWrite;
    }

    private SloHourRecord unjudged(Model model, Hour hour, String version, HourSums s, String runId, Instant computedAt) {
        SloPolicy slo = registry.effectiveSlo(model);
        return new SloHourRecord(hour.ds(), hour.start(), model.id(), version, model.owner().team(), model.tier().name(),
                model.surface(), model.funnelStage().id(), SloStatus.NO_DATA.name(), "", s, null, null, null, null, null, null, null,
                null, null, null, slo.calibrationMin(), slo.calibrationMax(), slo.neRegressionLimit(), slo.minEventsPerHour(),
                registryVersion, runId, computedAt);
    }

    /** Mean NE of the model's stable hours in the 7 days before {@code hour}, if there are enough of them. */
    static OptionalDouble baseline(NavigableMap<Instant, SloHourRecord> hours, Instant hour) {
        double sum = 0;
        int count = 0;
        for (SloHourRecord record : hours.subMap(hour.minus(BASELINE_WINDOW), true, hour, false).values()) {
            if (record.status().equals(SloStatus.STABLE.name()) && record.ne() != null) {
                sum += record.ne();
                count++;
            }
        }
        return count >= SloJudge.MIN_BASELINE_HOURS ? OptionalDouble.of(sum / count) : OptionalDouble.empty();
    }

    static SloHourRecord judge(SloHourRecord r, SloPolicy slo, OptionalDouble baseline) {
        Optional<HourSums> sums = r.sums().rows() == 0 ? Optional.empty() : Optional.of(r.sums());
        SloJudge.Judgement judgement = SloJudge.judge(sums, slo, baseline);
        Optional<HourMetrics> m = sums.flatMap(HourMetrics::of);
        boolean judged = judgement.status() == SloStatus.STABLE || judgement.status() == SloStatus.UNSTABLE;
        Double ne = m.map(HourMetrics::ne).orElse(null);
        return new SloHourRecord(r.ds(), r.hour(), r.modelId(), r.modelVersion(), r.team(), r.tier(), r.surface(), r.funnelStage(),
                judgement.status().name(), String.join("; ", judgement.reasons()), r.sums(),
                m.map(HourMetrics::ctr).orElse(null),
                m.map(HourMetrics::calibration).orElse(null),
                m.map(HourMetrics::calibrationLow).orElse(null),
                m.map(HourMetrics::calibrationHigh).orElse(null),
                m.map(HourMetrics::logLoss).orElse(null),
                ne,
                m.map(HourMetrics::neLow).orElse(null),
                m.map(HourMetrics::neHigh).orElse(null),
                judged && baseline.isPresent() ? baseline.getAsDouble() : null,
                judged && baseline.isPresent() && ne != null ? ne / baseline.getAsDouble() - 1 : null,
                slo.calibrationMin(), slo.calibrationMax(), slo.neRegressionLimit(), slo.minEventsPerHour(),
                r.registryVersion(), r.runId(), r.computedAt());
    }

    private void writeUnregistered(List<Hour> computed, List<Row> rows) {
        Path table = warehouse.resolve(UNREGISTERED_TABLE);
        if (rows.isEmpty() && !DeltaTables.exists(table)) {
            return;
        }
        Instant first = computed.get(0).start();
        Instant last = computed.get(computed.size() - 1).start();
        String predicate = DeltaTables.hourRange(first, last);
        DeltaTables.replace(spark.createDataFrame(rows, UNREGISTERED_SCHEMA), table, predicate, "ds");
    }

}
