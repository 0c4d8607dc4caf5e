package io.modelfleet.jobs.slo;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import io.modelfleet.core.Hour;
import io.modelfleet.core.Location;
import io.modelfleet.core.ModelfleetErrors;
import io.modelfleet.core.slo.CorrelatedIncidents;
import io.modelfleet.core.slo.HourMetrics;
import io.modelfleet.core.slo.HourSums;
import io.modelfleet.core.slo.SloJudge;
import io.modelfleet.core.slo.SloPolicy;
import io.modelfleet.core.slo.SloStatus;
import io.modelfleet.jobs.TableSchemas;
import io.modelfleet.jobs.spark.SparkProgress;
import io.modelfleet.registry.Lifecycle;
import io.modelfleet.registry.Model;
import io.modelfleet.registry.Registry;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
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
 * Runs at the same time coordinate through {@link DeltaTables}: a rewrite commits only if no other
 * one did since it read the table, else it reads again, judges again and retries.
 *
 * <p>Guarded reruns: an hour the table holds rows for is not replaced by a computation that read
 * under {@link #MIN_RERUN_SHARE} of them (no rows at all included) — its logs were more likely
 * moved or cut short than the traffic gone — unless data loss is allowed; the hour fails instead,
 * saying both counts. Hours never computed before are written as ever (NO_DATA without logs).
 *
 * <p>Misplaced rows: a row whose {@code event_time} lies outside its folder's hour by more than
 * {@link #MISPLACED_TOLERANCE} is counted in {@code rows} and {@code misplaced_rows} but left out
 * of every metric (and of {@code invalid_rows}, {@code unlabeled_rows} and {@code events}): it
 * belongs to another hour, so judging this hour with it would blend two hours. A null
 * {@code event_time} is taken as in place.
 *
 * <p>Late labels: a row's label counts once it is known at the run's labels-as-of time — it is
 * not null and its optional {@code label_time} is not later. Each model-hour is {@code final} when
 * its label window (its end plus the model's label delay) had closed by then, else provisional;
 * {@link Result#provisional()} says when each hour's last window closes, so the scheduler can
 * compute it once more then.
 */
public final class HourlySloJob {
    public static final String TABLE = "slo_hourly";
    public static final String UNREGISTERED_TABLE = "slo_unregistered";
    static final Duration BASELINE_WINDOW = Duration.ofDays(7);
    /** A model's evidence carries over gaps in its hours up to this long. */
    static final Duration EVIDENCE_GAP = Duration.ofHours(24);

    /** How far outside its folder's hour a row's event_time may lie (late or early logging) and still count for it. */
    public static final Duration MISPLACED_TOLERANCE = Duration.ofMinutes(15);

    /** A rerun reading under this share of the rows an hour holds in the table is refused unless data loss is allowed. */
    public static final double MIN_RERUN_SHARE = 0.10;

    private static final StructType LOG_SCHEMA = new StructType()
            .add("model_id", DataTypes.StringType)
            .add("prediction", DataTypes.DoubleType)
            .add("label", DataTypes.IntegerType)
            .add("weight", DataTypes.DoubleType);

    /**
     * The columns the aggregation reads: the log's, and the hour folder's {@code ds}/{@code hr}
     * as typed partition columns, so that each row's hour start is arithmetic on columns rather
     * than a literal (a per-hour literal would give each hour its own generated code).
     */
    private static final StructType AGGREGATED_SCHEMA = new StructType()
            .add("event_time", DataTypes.TimestampType)
            .add("model_id", DataTypes.StringType)
            .add("prediction", DataTypes.DoubleType)
            .add("label", DataTypes.IntegerType)
            .add("label_time", DataTypes.TimestampType)
            .add("weight", DataTypes.DoubleType)
            .add("ds", DataTypes.DateType)
            .add("hr", DataTypes.IntegerType);

    /**
     * The per-row quantities {@link HourSums} adds up, from a row's {@code labeled} flag, {@code w},
     * {@code prediction}, {@code label} and clipped prediction {@code pc}: each is zero unless the
     * row is valid and labeled, so every sum is a plain product. Shared with the launch gate's sums.
     */
    /** A row the SLO counts: a prediction in [0, 1], a label that is 0, 1 or not known yet, a positive finite weight {@code w}. */
    public static final String VALID_ROW =
            "prediction IS NOT NULL AND NOT isnan(prediction) AND prediction BETWEEN 0 AND 1"
                    + " AND (label IS NULL OR label IN (0, 1)) AND w > 0 AND NOT isnan(w) AND w < double('Infinity')";

    /** The prediction kept off 0 and 1, so a row's log loss is finite: {@code pc}. */
    public static final String CLIPPED_PREDICTION =
            "least(greatest(prediction, " + HourSums.CLIP + "D), 1 - " + HourSums.CLIP + "D) AS pc";

    public static final String[] QUANTITIES = {
        "if(labeled, w, 0D) AS lw",
        "if(labeled, prediction, 0D) AS p",
        "if(labeled, double(label), 0D) AS y",
        "if(labeled, if(label = 1, -ln(pc), -ln(1 - pc)), 0D) AS l"
    };

    /** The labeled-row counts of {@link HourSums}, over {@link #QUANTITIES}: unlabeled, events, positives. */
    public static Column[] counts() {
        return new Column[] {
            expr("count_if(unlabeled)").alias("unlabeled"),
            expr("count_if(labeled)").alias("events"),
            expr("count_if(labeled AND y = 1)").alias("positives")
        };
    }

    /** The weighted sums of {@link HourSums}, in its order, over {@link #QUANTITIES}. */
    public static Column[] sums() {
        return new Column[] {
            expr("sum(lw)").alias("w"),
            expr("sum(lw * y)").alias("wy"),
            expr("sum(lw * p)").alias("wp"),
            expr("sum(lw * l)").alias("wl"),
            expr("sum(lw * lw)").alias("ww"),
            expr("sum(lw * lw * y)").alias("wwy"),
            expr("sum(lw * lw * p * p)").alias("wwpp"),
            expr("sum(lw * lw * p * y)").alias("wwpy"),
            expr("sum(lw * lw * l * l)").alias("wwll"),
            expr("sum(lw * lw * l * y)").alias("wwly"),
            expr("sum(lw * lw * l)").alias("wwl")
        };
    }

    private static final StructType UNREGISTERED_SCHEMA = TableSchemas.commented(
            UNREGISTERED_TABLE,
            new StructType()
                    .add("ds", DataTypes.DateType, false)
                    .add("hour", DataTypes.TimestampType, false)
                    .add("model_id", DataTypes.StringType, false)
                    .add("rows", DataTypes.LongType, false)
                    .add("run_id", DataTypes.StringType, false));

    /** An hour that could not be computed or was not replaced, and why; the other hours still are. */
    public record FailedHour(Hour hour, String message, Reason reason) {
        public enum Reason {
            /** A file of the hour's logs is unreadable or breaks the contract. */
            UNREADABLE_LOGS,
            /**
             * The hour's logs hold far fewer rows than the table does for it, and data loss was not
             * allowed; the table's rows for it are unchanged.
             */
            WOULD_LOSE_ROWS
        }

        public FailedHour(Hour hour, String message) {
            this(hour, message, Reason.UNREADABLE_LOGS);
        }
    }

    /**
     * What a run did.
     *
     * @param computed the hours judged and written, in order
     * @param failed the hours not written (unreadable logs, or refused reruns), in order
     * @param misplacedRows per written hour that had any, the rows whose event_time lies outside it
     * @param provisional per written hour with provisional model-hours, when the last of their label
     *     windows closes: computing the hour again from then on makes it final
     */
    public record Result(
            String runId,
            List<Hour> computed,
            List<FailedHour> failed,
            long rowsRead,
            Map<SloStatus, Long> statuses,
            Map<String, Long> unregisteredRows,
            List<SloHourRecord> written,
            Map<Hour, Long> misplacedRows,
            List<SloIncidents.Found> incidents,
            Map<Hour, Instant> provisional) {}

    /** What one committed rewrite of slo_hourly wrote and which hours it refused. */
    private record Written(List<Hour> accepted, List<FailedHour> refused, List<SloHourRecord> records) {}

    private final SparkSession spark;
    private final Registry registry;
    private final String registryVersion;
    private final String logs;
    private final Location warehouse;
    private Consumer<String> progress = line -> {};
    private boolean allowDataLoss;
    private CorrelatedIncidents.Settings incidentSettings = CorrelatedIncidents.Settings.DEFAULT;
    private Optional<Instant> labelsAsOf = Optional.empty();

    public HourlySloJob(
            SparkSession spark, Registry registry, String registryVersion, String logs, Location warehouse) {
        this.spark = requireNonNull(spark, "spark is null");
        this.registry = requireNonNull(registry, "registry is null");
        this.registryVersion = requireNonNull(registryVersion, "registryVersion is null");
        this.logs = requireNonNull(logs, "logs is null");
        this.warehouse = requireNonNull(warehouse, "warehouse is null");
        if (registry.tierPolicies().isEmpty()) {
            throw ModelfleetErrors.registryWithoutTiers("run SLOs");
        }
    }

    /** Where progress lines go while the logs are read (default: nowhere). */
    public HourlySloJob progress(Consumer<String> lines) {
        this.progress = requireNonNull(lines, "lines is null");
        return this;
    }

    /**
     * Whether an hour may be replaced by a computation that read under {@link #MIN_RERUN_SHARE}
     * of the rows the table holds for it (default: no, the hour fails instead).
     */
    public HourlySloJob allowDataLoss(boolean allow) {
        this.allowDataLoss = allow;
        return this;
    }

    /** When breaches that share a surface, stage or team are one incident (default: {@link CorrelatedIncidents.Settings#DEFAULT}). */
    public HourlySloJob incidents(CorrelatedIncidents.Settings settings) {
        this.incidentSettings = requireNonNull(settings, "settings is null");
        return this;
    }

    /**
     * The time the labels are read as of (default: when the run starts): a label known later
     * ({@code label_time} after it) is not in yet, and an hour whose label window closes later is
     * provisional. The scheduler passes its clock's time.
     */
    public HourlySloJob labelsAsOf(Instant asOf) {
        this.labelsAsOf = Optional.of(requireNonNull(asOf, "asOf is null"));
        return this;
    }

    public Result run(List<Hour> requested) {
        if (requested.isEmpty()) {
            throw ModelfleetErrors.noHours("run SLOs");
        }
        String runId = UUID.randomUUID().toString();
        Instant computedAt = Instant.now();
        Instant asOf = labelsAsOf.orElse(computedAt);
        spark.sparkContext()
                .setJobGroup(
                        "modelfleet-slo-hourly-" + runId,
                        "hourly SLO " + requested.get(0) + ".." + requested.get(requested.size() - 1),
                        false);
        LogFiles files = new LogFiles(logs, spark.sparkContext().hadoopConfiguration());
        List<Hour> computed = new ArrayList<>();
        List<FailedHour> failed = new ArrayList<>();
        Map<Hour, String> dirs = new TreeMap<>();
        for (Hour hour : new TreeSet<>(requested)) {
            LogFiles.HourFiles hourFiles = files.inspect(hour);
            if (hourFiles.problem().isPresent()) {
                failed.add(new FailedHour(hour, hourFiles.problem().get()));
                continue;
            }
            computed.add(hour);
            if (!hourFiles.isEmpty()) {
                dirs.put(hour, hourFiles.dir().toString());
            }
        }
        Map<Hour, Map<String, HourSums>> sums = new HashMap<>();
        Map<Hour, Map<String, Long>> misplaced = new HashMap<>();
        Map<Hour, Long> logRows = new HashMap<>();
        long rowsRead = 0;
        long phase = System.nanoTime();
        if (!dirs.isEmpty()) {
            List<Row> aggregated;
            try (SparkProgress reading = SparkProgress.track(
                    spark.sparkContext(), "reading logs", "parts", 0, SparkProgress.Unit.MAP_TASKS, progress)) {
                aggregated = aggregate(dirs, asOf);
            }
            phase = timing("aggregate", phase);
            Map<Long, String> ids = modelIds(aggregated, dirs);
            for (Row row : aggregated) {
                Hour hour = new Hour(Instant.ofEpochSecond(row.getLong(0) * 3600));
                String modelId = ids.get(row.getLong(1));
                HourSums s = new HourSums(
                        row.getLong(2),
                        row.getLong(3),
                        row.getLong(4),
                        row.getLong(5),
                        row.getLong(6),
                        row.getDouble(7),
                        row.getDouble(8),
                        row.getDouble(9),
                        row.getDouble(10),
                        row.getDouble(11),
                        row.getDouble(12),
                        row.getDouble(13),
                        row.getDouble(14),
                        row.getDouble(15),
                        row.getDouble(16),
                        row.getDouble(17));
                sums.computeIfAbsent(hour, h -> new HashMap<>()).merge(modelId, s, (a, b) -> {
                    throw new IllegalStateException("two model ids hash to the same key: " + modelId);
                });
                misplaced.computeIfAbsent(hour, h -> new HashMap<>()).put(modelId, row.getLong(18));
                logRows.merge(hour, s.rows(), Long::sum);
                rowsRead += s.rows();
            }
        }

        phase = timing("map ids", phase);
        Written written = new Written(List.of(), List.of(), List.of());
        if (!computed.isEmpty()) {
            written = judgeAndWrite(computed, sums, misplaced, logRows, runId, computedAt, asOf);
            phase = timing("judge and write", phase);
        }
        List<Hour> accepted = written.accepted();
        failed.addAll(written.refused());
        failed.sort(Comparator.comparing(FailedHour::hour));

        Map<String, Long> unregistered = new TreeMap<>();
        List<Row> unregisteredRows = new ArrayList<>();
        Map<Hour, Long> misplacedRows = new TreeMap<>();
        for (Hour hour : accepted) {
            for (Map.Entry<String, HourSums> entry :
                    sums.getOrDefault(hour, Map.of()).entrySet()) {
                if (registry.model(entry.getKey()).isEmpty()) {
                    unregistered.merge(entry.getKey(), entry.getValue().rows(), Long::sum);
                    unregisteredRows.add(RowFactory.create(
                            hour.day(),
                            Timestamp.from(hour.start()),
                            entry.getKey(),
                            entry.getValue().rows(),
                            runId));
                }
            }
            long hourMisplaced = misplaced.getOrDefault(hour, Map.of()).values().stream()
                    .mapToLong(Long::longValue)
                    .sum();
            if (hourMisplaced > 0) {
                misplacedRows.put(hour, hourMisplaced);
            }
        }
        List<SloIncidents.Found> incidents = List.of();
        if (!accepted.isEmpty()) {
            writeUnregistered(accepted, unregisteredRows);
            phase = timing("unregistered", phase);
            Set<Hour> acceptedHours = new HashSet<>(accepted);
            incidents =
                    SloIncidents.write(spark, warehouse, written.records(), incidentSettings, runId, computedAt)
                            .stream()
                            .filter(f -> acceptedHours.contains(f.incident().hour()))
                            .toList();
            timing("incidents", phase);
        }
        Map<SloStatus, Long> statuses = new EnumMap<>(SloStatus.class);
        Map<Hour, Instant> provisional = new TreeMap<>();
        Set<Instant> computedStarts = new HashSet<>();
        accepted.forEach(h -> computedStarts.add(h.start()));
        for (SloHourRecord record : written.records()) {
            if (computedStarts.contains(record.hour()) && record.runId().equals(runId)) {
                statuses.merge(record.status(), 1L, Long::sum);
                if (!record.isFinal()) {
                    provisional.merge(Hour.of(record.hour()), record.finalAt(), (a, b) -> a.isAfter(b) ? a : b);
                }
            }
        }
        return new Result(
                runId,
                accepted,
                failed,
                rowsRead,
                statuses,
                unregistered,
                written.records(),
                misplacedRows,
                incidents,
                provisional);
    }

    /**
     * One pass over the logs: per hour and model, the row counts and the sums of {@link HourSums},
     * and the misplaced rows last.
     *
     * <p>Grouping is the cost that matters at 100 million rows, so the key is cheap: all hour
     * folders are read in one scan (one stage, one plan to analyze and compile, rather than one
     * per hour), each row's hour comes from its folder's {@code ds}/{@code hr} partition values,
     * and models are grouped by a 64-bit hash of their id, mapped back to ids afterwards. Every
     * per-row quantity is zero for rows that are not valid and labeled, so each sum is a plain
     * product. Each step keeps every column before it ({@code *}), so a column added to
     * {@link #AGGREGATED_SCHEMA} is there for any condition after it.
     */
    private List<Row> aggregate(Map<Hour, String> dirs, Instant asOf) {
        long asOfMicros = asOf.getEpochSecond() * 1_000_000L + asOf.getNano() / 1000;
        long toleranceMicros = MISPLACED_TOLERANCE.toNanos() / 1000;
        long hourMicros = Duration.ofHours(1).toNanos() / 1000;
        return spark.read()
                .schema(AGGREGATED_SCHEMA)
                .option("basePath", logs)
                .parquet(dirs.values().toArray(String[]::new))
                // a label known only after the labels-as-of time is not in yet
                .withColumn(
                        "label", expr("if(unix_micros(label_time) > " + asOfMicros + "L, CAST(NULL AS INT), label)"))
                .selectExpr(
                        "*",
                        "unix_date(ds) * 24L + hr AS epoch_hour",
                        "xxhash64(model_id) AS key",
                        "coalesce(weight, 1.0D) AS w",
                        "unix_micros(event_time) - (unix_date(ds) * 86400L + hr * 3600L) * 1000000L AS offset")
                .selectExpr(
                        "*",
                        "coalesce(offset < -" + toleranceMicros + "L OR offset >= " + (hourMicros + toleranceMicros)
                                + "L, false) AS misplaced")
                .selectExpr("*", "NOT misplaced AND " + VALID_ROW + " AS valid")
                .selectExpr(
                        "*",
                        "valid AND label IS NULL AS unlabeled",
                        "valid AND label IS NOT NULL AS labeled",
                        CLIPPED_PREDICTION)
                .selectExpr(
                        "epoch_hour",
                        "key",
                        "misplaced",
                        "valid",
                        "unlabeled",
                        "labeled",
                        QUANTITIES[0],
                        QUANTITIES[1],
                        QUANTITIES[2],
                        QUANTITIES[3])
                .groupBy("epoch_hour", "key")
                .agg(
                        expr("count(*)").alias("rows"),
                        Stream.of(
                                        new Column[] {
                                            expr("count_if(NOT valid AND NOT misplaced)")
                                                    .alias("invalid")
                                        },
                                        counts(),
                                        sums(),
                                        new Column[] {
                                            expr("count_if(misplaced)").alias("misplaced")
                                        })
                                .flatMap(Arrays::stream)
                                .toArray(Column[]::new))
                .collectAsList();
    }

    /** Maps the hashed keys back to model ids: registered ids by hashing them, unknown ones by a look at the logs. */
    private Map<Long, String> modelIds(List<Row> aggregated, Map<Hour, String> dirs) {
        Map<Long, String> ids = new HashMap<>();
        List<String> registered = registry.models().stream().map(Model::id).toList();
        for (Row row : spark.createDataset(registered, Encoders.STRING())
                .selectExpr("xxhash64(value)", "value")
                .collectAsList()) {
            ids.put(row.getLong(0), row.getString(1));
        }
        List<Long> unknown = aggregated.stream()
                .map(r -> r.getLong(1))
                .filter(k -> !ids.containsKey(k))
                .distinct()
                .toList();
        if (!unknown.isEmpty()) {
            String keys = unknown.stream().map(k -> k + "L").collect(Collectors.joining(", "));
            for (Row row : spark.read()
                    .schema(LOG_SCHEMA)
                    .parquet(dirs.values().toArray(String[]::new))
                    .where("xxhash64(model_id) IN (" + keys + ")")
                    .selectExpr("xxhash64(model_id)", "model_id")
                    .distinct()
                    .collectAsList()) {
                ids.put(row.getLong(0), row.getString(1));
            }
        }
        return ids;
    }

    /**
     * Judges and writes the computed hours in one commit, reading and judging again when another
     * run committed first; returns what the committed attempt wrote and which hours it refused.
     */
    private Written judgeAndWrite(
            List<Hour> computed,
            Map<Hour, Map<String, HourSums>> sums,
            Map<Hour, Map<String, Long>> misplaced,
            Map<Hour, Long> logRows,
            String runId,
            Instant computedAt,
            Instant asOf) {
        Location table = warehouse.resolve(TABLE);
        return DeltaTables.retrying(
                () -> judgeAndWriteOnce(table, computed, sums, misplaced, logRows, runId, computedAt, asOf),
                () -> ModelfleetErrors.concurrentWriters(
                        TABLE, "hours " + hourList(computed), DeltaTables.MAX_ATTEMPTS));
    }

    private Optional<Written> judgeAndWriteOnce(
            Location table,
            List<Hour> computed,
            Map<Hour, Map<String, HourSums>> sums,
            Map<Hour, Map<String, Long>> misplaced,
            Map<Hour, Long> logRows,
            String runId,
            Instant computedAt,
            Instant asOf) {
        long phase = System.nanoTime();
        DeltaTables.Snapshot snapshot = DeltaTables.snapshot(spark, table);
        phase = timing("  table version", phase);
        Map<String, NavigableMap<Instant, SloHourRecord>> byModel = new HashMap<>();
        Map<Instant, Long> tableRows = new HashMap<>();
        if (!snapshot.isAbsent()) {
            Instant from = computed.get(0).start().truncatedTo(ChronoUnit.DAYS).minus(BASELINE_WINDOW);
            Instant readUntil = computed.get(computed.size() - 1)
                    .start()
                    .plus(BASELINE_WINDOW)
                    .truncatedTo(ChronoUnit.DAYS)
                    .plus(Duration.ofDays(1));
            // the ds bounds let Delta prune partitions from the log alone, without parsing file statistics
            List<Row> existing = snapshot.read(spark)
                    .where(col("ds")
                            .between(
                                    Hour.of(from).ds(),
                                    Hour.of(readUntil.minusSeconds(1)).ds()))
                    .where(col("hour").geq(Timestamp.from(from)).and(col("hour").lt(Timestamp.from(readUntil))))
                    .collectAsList();
            for (Row row : existing) {
                SloHourRecord record = SloHourRecord.fromRow(row);
                byModel.computeIfAbsent(record.modelId(), k -> new TreeMap<>()).put(record.hour(), record);
                tableRows.merge(record.hour(), record.sums().rows(), Long::sum);
            }
        }
        phase = timing("  read table", phase);
        // An hour the table holds rows for is not replaced by far fewer, unless data loss is allowed.
        List<Hour> accepted = new ArrayList<>();
        List<FailedHour> refused = new ArrayList<>();
        for (Hour hour : computed) {
            long held = tableRows.getOrDefault(hour.start(), 0L);
            long read = logRows.getOrDefault(hour, 0L);
            if (!allowDataLoss && held > 0 && read < MIN_RERUN_SHARE * held) {
                refused.add(new FailedHour(
                        hour,
                        ModelfleetErrors.rerunWouldLoseRows(hour, TABLE, held, read)
                                .getMessage(),
                        FailedHour.Reason.WOULD_LOSE_ROWS));
            } else {
                accepted.add(hour);
            }
        }
        if (accepted.isEmpty()) {
            return Optional.of(new Written(List.of(), refused, List.of()));
        }
        // Whole days are rewritten, so the replace is a partition (ds) predicate: Delta then swaps
        // files by metadata instead of rewriting the rows around a range of hours. A refused hour
        // in those days is written back as the table held it.
        Instant first = accepted.get(0).start().truncatedTo(ChronoUnit.DAYS);
        Instant last = accepted.get(accepted.size() - 1).start();
        // New sums replace what the table held for the computed hours.
        for (Hour hour : accepted) {
            for (Model model : registry.models()) {
                Optional<HourSums> s =
                        Optional.ofNullable(sums.getOrDefault(hour, Map.of()).get(model.id()));
                if (model.lifecycle() == Lifecycle.DEPRECATED && s.isEmpty()) {
                    continue;
                }
                long modelMisplaced = misplaced.getOrDefault(hour, Map.of()).getOrDefault(model.id(), 0L);
                // the logs' model_version is not scanned (a second string column per row); the registry's is used
                String version = model.serving().version();
                byModel.computeIfAbsent(model.id(), k -> new TreeMap<>())
                        .put(
                                hour.start(),
                                unjudged(
                                        model,
                                        hour,
                                        version,
                                        s.orElse(HourSums.EMPTY),
                                        modelMisplaced,
                                        runId,
                                        computedAt,
                                        asOf));
            }
        }
        Instant judgedUntil = last;
        for (NavigableMap<Instant, SloHourRecord> hours : byModel.values()) {
            Instant lastInWindow = hours.floorKey(last.plus(BASELINE_WINDOW));
            if (lastInWindow != null && lastInWindow.isAfter(judgedUntil)) {
                judgedUntil = lastInWindow;
            }
        }
        judgedUntil = judgedUntil.truncatedTo(ChronoUnit.DAYS).plus(Duration.ofHours(23));
        List<SloHourRecord> toWrite = new ArrayList<>();
        for (Map.Entry<String, NavigableMap<Instant, SloHourRecord>> entry : byModel.entrySet()) {
            Optional<Model> model = registry.model(entry.getKey());
            NavigableMap<Instant, SloHourRecord> hours = entry.getValue();
            for (Map.Entry<Instant, SloHourRecord> hourEntry :
                    hours.subMap(first, true, judgedUntil, true).entrySet()) {
                SloHourRecord record = hourEntry.getValue();
                if (model.isPresent()) {
                    record = judge(
                            record,
                            registry.effectiveSlo(model.get()),
                            baseline(hours, hourEntry.getKey()),
                            evidenceBefore(hours, hourEntry.getKey()));
                    hourEntry.setValue(record);
                }
                toWrite.add(record);
            }
        }
        toWrite.sort(Comparator.comparing(SloHourRecord::hour).thenComparing(SloHourRecord::modelId));
        phase = timing("  judge", phase);
        // one task writes every day, so a day is one file for every reader (the rows are few: a day of
        // 1,000 models is 24,000)
        Dataset<Row> frame = spark.createDataFrame(
                        toWrite.stream().map(SloHourRecord::toRow).toList(), SloHourRecord.SCHEMA)
                .coalesce(1);
        String predicate = "ds >= '" + Hour.of(first).ds() + "' AND ds <= '"
                + Hour.of(judgedUntil).ds() + "'";
        boolean committed = DeltaTables.replaceIfUnchanged(frame, snapshot, predicate, "ds", "slo run " + runId);
        timing("  commit", phase);
        if (!committed) {
            return Optional.empty();
        }
        return Optional.of(new Written(accepted, refused, toWrite));
    }

    private static String hourList(List<Hour> hours) {
        return hours.stream().map(Hour::toString).collect(Collectors.joining(", "));
    }

    private SloHourRecord unjudged(
            Model model,
            Hour hour,
            String version,
            HourSums s,
            long misplacedRows,
            String runId,
            Instant computedAt,
            Instant asOf) {
        SloPolicy slo = registry.effectiveSlo(model);
        Instant finalAt = hour.plus(1).start().plus(slo.labelDelay());
        return new SloHourRecord(
                hour.start(),
                model.id(),
                version,
                model.owner().team(),
                model.tier(),
                model.surface(),
                model.funnelStage(),
                SloStatus.NO_DATA,
                "",
                s,
                misplacedRows,
                SloHourRecord.Metrics.NONE,
                SloHourRecord.Thresholds.of(slo),
                registryVersion,
                runId,
                computedAt,
                !finalAt.isAfter(asOf),
                finalAt);
    }

    /** Phase timings on standard error when MODELFLEET_TIMING is set; how the benchmark is read. */
    private static long timing(String phase, long since) {
        long now = System.nanoTime();
        if (System.getenv("MODELFLEET_TIMING") != null) {
            System.err.printf(Locale.ROOT, "slo hourly: %s %.1f s%n", phase, (now - since) / 1e9);
        }
        return now;
    }

    /** Mean NE of the model's stable hours in the 7 days before {@code hour}, if there are enough of them. */
    static OptionalDouble baseline(NavigableMap<Instant, SloHourRecord> hours, Instant hour) {
        double sum = 0;
        int count = 0;
        for (SloHourRecord record :
                hours.subMap(hour.minus(BASELINE_WINDOW), true, hour, false).values()) {
            if (record.status() == SloStatus.STABLE && record.metrics().ne() != null) {
                sum += record.metrics().ne();
                count++;
            }
        }
        return count >= SloJudge.MIN_BASELINE_HOURS ? OptionalDouble.of(sum / count) : OptionalDouble.empty();
    }

    /**
     * The evidence after the model's previous hour, if that hour is at most {@link #EVIDENCE_GAP}
     * earlier: a model silent for longer starts afresh.
     */
    static SloJudge.Evidence evidenceBefore(NavigableMap<Instant, SloHourRecord> hours, Instant hour) {
        Map.Entry<Instant, SloHourRecord> previous = hours.lowerEntry(hour);
        if (previous == null || previous.getKey().isBefore(hour.minus(EVIDENCE_GAP))) {
            return SloJudge.Evidence.NONE;
        }
        return previous.getValue().metrics().evidence();
    }

    static SloHourRecord judge(SloHourRecord r, SloPolicy slo, OptionalDouble baseline, SloJudge.Evidence before) {
        Optional<HourSums> sums = r.sums().rows() == 0 ? Optional.empty() : Optional.of(r.sums());
        SloJudge.Judgement judgement = SloJudge.judge(sums, slo, baseline, before);
        Optional<HourMetrics> m = sums.flatMap(HourMetrics::of);
        boolean judged = judgement.status() == SloStatus.STABLE
                || judgement.status() == SloStatus.UNSTABLE
                || judgement.status() == SloStatus.WATCH;
        SloJudge.Evidence evidence = judgement.evidence();
        Double ne = m.map(HourMetrics::ne).orElse(null);
        SloHourRecord.Metrics metrics = new SloHourRecord.Metrics(
                sums.map(HourMetrics::ctr)
                        .filter(OptionalDouble::isPresent)
                        .map(OptionalDouble::getAsDouble)
                        .orElse(null),
                m.map(HourMetrics::calibration).orElse(null),
                m.map(HourMetrics::calibrationLow).orElse(null),
                m.map(HourMetrics::calibrationHigh).orElse(null),
                sums.map(HourMetrics::logLoss)
                        .filter(OptionalDouble::isPresent)
                        .map(OptionalDouble::getAsDouble)
                        .orElse(null),
                ne,
                m.map(HourMetrics::neLow).orElse(null),
                m.map(HourMetrics::neHigh).orElse(null),
                judged && baseline.isPresent() ? baseline.getAsDouble() : null,
                judged && baseline.isPresent() && ne != null ? ne / baseline.getAsDouble() - 1 : null,
                evidence.calibrationHigh(),
                evidence.calibrationLow(),
                evidence.neRegression());
        return r.judged(
                judgement.status(), String.join("; ", judgement.reasons()), metrics, SloHourRecord.Thresholds.of(slo));
    }

    private void writeUnregistered(List<Hour> accepted, List<Row> rows) {
        Location table = warehouse.resolve(UNREGISTERED_TABLE);
        if (rows.isEmpty() && !DeltaTables.exists(table)) {
            return;
        }
        // exactly the hours written: a failed or refused hour between them keeps its rows
        String predicate = DeltaTables.hours(accepted.stream().map(Hour::start).toList());
        DeltaTables.replace(
                spark.createDataFrame(rows, UNREGISTERED_SCHEMA).coalesce(1),
                table,
                predicate,
                "ds",
                "hours " + hourList(accepted));
    }
}
