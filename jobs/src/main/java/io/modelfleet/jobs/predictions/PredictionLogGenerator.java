package io.modelfleet.jobs.predictions;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.sequence;

import io.modelfleet.core.Hour;
import io.modelfleet.core.Location;
import io.modelfleet.core.ModelfleetErrors;
import io.modelfleet.core.ModelfleetException.Input;
import io.modelfleet.core.SurfaceRates;
import io.modelfleet.core.gate.CandidateQuality;
import io.modelfleet.jobs.spark.SparkProgress;
import io.modelfleet.registry.Lifecycle;
import io.modelfleet.registry.Model;
import io.modelfleet.registry.Registry;
import io.modelfleet.registry.Tier;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Writes synthetic prediction logs in the docs/design.md contract: Parquet under {@code ds=/hr=}
 * partitions, one file per hour.
 *
 * <p>Each event has a hidden true click probability q, spread around the surface's base CTR
 * (normal in logit space); the label is drawn from q and a healthy model predicts q itself, so it
 * is calibrated and better than the base rate. Volumes follow the tier (a third above the tier's
 * minimum at the daily trough) and a diurnal curve. Every random number is a hash of (seed,
 * model, hour, event), so the output does not depend on how Spark partitions the work.
 */
public final class PredictionLogGenerator {
    /** Events per hour at the diurnal mean, by tier, before {@code scale}. */
    static final Map<Tier, Integer> BASE_EVENTS =
            Map.of(Tier.TIER0, 20_000, Tier.TIER1, 10_000, Tier.TIER2, 4_000, Tier.TIER3, 2_000, Tier.TIER4, 1_000);

    /** Events per hour a model of {@code tier} logs at the diurnal mean, at scale 1. */
    public static int eventsPerHour(Tier tier) {
        return BASE_EVENTS.get(tier);
    }

    /** Spread of true click probabilities around the base rate, in logit space. */
    static final double SIGNAL = 1.0;
    /** Share of events whose label is not known yet (null). */
    static final double UNLABELED = 0.005;

    private static final StructType PLAN = new StructType()
            .add("model_id", DataTypes.StringType, false)
            .add("model_version", DataTypes.StringType, false)
            .add("epoch_hour", DataTypes.LongType, false)
            .add("ds", DataTypes.StringType, false)
            .add("hr", DataTypes.StringType, false)
            .add("n", DataTypes.IntegerType, false)
            .add("ctr", DataTypes.DoubleType, false)
            .add("factor", DataTypes.DoubleType, false)
            .add("noise", DataTypes.DoubleType, false)
            .add("invalid", DataTypes.IntegerType, false)
            // The plan row's events are i0 .. i0 + n - 1 of the model-hour's n_hour: a candidate's rows follow
            // production's, so every event of the hour has its own random numbers and its own time.
            .add("i0", DataTypes.IntegerType, false)
            .add("n_hour", DataTypes.IntegerType, false);

    private final SparkSession spark;
    private final Registry registry;
    private final long seed;
    private final double scale;
    private final double negativeWeight;
    private final List<Incident> incidents;
    private Consumer<String> progress = line -> {};
    private List<CandidateTraffic> candidates = List.of();
    private Optional<String> only = Optional.empty();
    private Optional<Instant> labelsAsOf = Optional.empty();
    private Duration attributionWindow = Duration.ZERO;
    private Optional<LabelDelays> labelDelays = Optional.empty();

    /**
     * @param negativeWeight negative downsampling: keep one negative in {@code negativeWeight} and
     *     give it that weight (1 keeps everything)
     */
    public PredictionLogGenerator(
            SparkSession spark,
            Registry registry,
            long seed,
            double scale,
            double negativeWeight,
            List<Incident> incidents) {
        this.spark = requireNonNull(spark, "spark is null");
        this.registry = requireNonNull(registry, "registry is null");
        if (!(scale > 0) || scale > 1000) {
            throw ModelfleetErrors.outOfRange(
                    "generate predictions",
                    "scale",
                    Input.SCALE,
                    "(0, 1000]",
                    scale,
                    "use e.g. 0.1 for a tenth of the usual volume");
        }
        if (!(negativeWeight >= 1) || negativeWeight > 1000) {
            throw ModelfleetErrors.outOfRange(
                    "generate predictions",
                    "negative weight",
                    Input.NEGATIVE_WEIGHT,
                    "[1, 1000]",
                    negativeWeight,
                    "use e.g. 10 to keep one negative in ten, weighted 10");
        }
        this.seed = seed;
        this.scale = scale;
        this.negativeWeight = negativeWeight;
        this.incidents = List.copyOf(incidents);
        for (Incident incident : incidents) {
            if (incident.kind() != Incident.Kind.UNREGISTERED
                    && registry.model(incident.modelId()).isEmpty()) {
                throw ModelfleetErrors.incidentForUnknownModel(incident.toString(), incident.modelId());
            }
        }
    }

    /**
     * Logs of one model only: what the fleet simulator writes hour by hour while a launch of it
     * runs, at the fleet's weights.
     */
    public PredictionLogGenerator only(String modelId) {
        if (registry.model(modelId).isEmpty()) {
            throw ModelfleetErrors.noSuchModel(modelId, "name a model of the registry the logs are generated for");
        }
        this.only = Optional.of(modelId);
        return this;
    }

    /** Candidate versions served beside production, each at its share of its model's rows. */
    public PredictionLogGenerator candidates(List<CandidateTraffic> candidates) {
        for (CandidateTraffic candidate : candidates) {
            Model model = registry.model(candidate.modelId())
                    .orElseThrow(() -> ModelfleetErrors.incidentForUnknownModel(
                            "candidate " + candidate.version(), candidate.modelId()));
            if (model.serving().version().equals(candidate.version())) {
                throw ModelfleetErrors.candidateIsProduction(candidate.modelId(), candidate.version());
            }
        }
        this.candidates = List.copyOf(candidates);
        return this;
    }

    /**
     * Logs as they stand at {@code asOf}: a row's label is known only once its attribution window
     * has passed since the event (clicks and conversions arrive late); until then it is null.
     */
    public PredictionLogGenerator labelsAsOf(Instant asOf, Duration window) {
        this.labelsAsOf = Optional.of(requireNonNull(asOf, "asOf is null"));
        this.attributionWindow = requireNonNull(window, "window is null");
        return this;
    }

    /**
     * Labels that arrive late: each label gets a {@code label_time}, its event's time plus a delay
     * drawn from {@code delays} (default: no {@code label_time} column, every label known at once).
     */
    public PredictionLogGenerator labelDelays(LabelDelays delays) {
        this.labelDelays = Optional.of(requireNonNull(delays, "delays is null"));
        return this;
    }

    /** What was planned: rows to write, per hour. */
    public record Summary(long plannedRows, int hours, int models) {}

    /** Where progress lines go while the logs are written (default: nowhere). */
    public PredictionLogGenerator progress(Consumer<String> lines) {
        this.progress = requireNonNull(lines, "lines is null");
        return this;
    }

    public Summary write(List<Hour> hours, Location out) {
        List<Row> plan = new ArrayList<>();
        long planned = 0;
        List<Model> serving = registry.models().stream()
                .filter(m -> m.lifecycle() != Lifecycle.DEPRECATED)
                .filter(m -> only.isEmpty() || only.get().equals(m.id()))
                .toList();
        for (Hour hour : hours) {
            for (Model model : serving) {
                for (Row row : planRows(model, hour)) {
                    if (row.getInt(5) > 0) {
                        plan.add(row);
                        planned += row.getInt(5);
                    }
                }
            }
            for (Incident incident : incidents) {
                if (incident.kind() == Incident.Kind.UNREGISTERED
                        && incident.from().equals(hour)) {
                    plan.add(RowFactory.create(
                            incident.modelId(),
                            "v1",
                            hour.epochHour(),
                            hour.ds(),
                            hour.hr(),
                            (int) incident.value(),
                            0.05,
                            1.0,
                            0.0,
                            0,
                            0,
                            (int) incident.value()));
                    planned += (int) incident.value();
                }
            }
        }
        Dataset<Row> events = spark.createDataFrame(plan, PLAN)
                // One partition per hour: each hour is written by one task, so progress counts hours.
                .repartition(Math.max(1, hours.size()), col("ds"), col("hr"))
                .withColumn(
                        "i",
                        explode(sequence(col("i0"), col("i0").plus(col("n")).minus(1))));
        Dataset<Row> logs = events.withColumn("u1", uniform(1))
                .withColumn("u2", uniform(2))
                .withColumn("u3", uniform(3))
                .withColumn("u4", uniform(4))
                .withColumn("u5", uniform(5))
                .withColumn("u6", uniform(6))
                .withColumn("u7", uniform(7))
                .withColumn("u8", uniform(8))
                .withColumn("u9", uniform(9))
                .withColumn("z", expr("sqrt(-2 * ln(u1)) * cos(2 * pi() * u2)"))
                .withColumn("q", expr("1 / (1 + exp(-(ln(ctr / (1 - ctr)) + " + SIGNAL + " * z)))"))
                .withColumn("y", expr("if(u3 < q, 1, 0)"))
                .withColumn(
                        "p0",
                        expr(
                                "if(noise > 0, 1 / (1 + exp(-(ln(q / (1 - q)) + noise * sqrt(-2 * ln(u4)) * cos(2 * pi() * u5)))), q)"))
                .withColumn("p", expr("least(p0 * factor, 0.999999)"))
                .where(expr("y = 1 OR u6 * " + negativeWeight + " < 1"))
                .withColumn("weight", expr("if(y = 1, 1.0D, " + negativeWeight + "D)"))
                .withColumn(
                        "prediction",
                        expr(
                                "CASE WHEN i < invalid AND i % 4 = 0 THEN double('NaN')"
                                        + " WHEN i < invalid AND i % 4 = 1 THEN 1.5D WHEN i < invalid AND i % 4 = 2 THEN -0.25D ELSE p END"))
                .withColumn("event_second", expr("epoch_hour * 3600 + floor(i * 3600 / n_hour)"))
                .withColumn(
                        "label",
                        expr("CASE WHEN i < invalid AND i % 4 = 3 THEN 2 WHEN u7 < " + UNLABELED
                                + " THEN CAST(NULL AS INT)"
                                + labelsAsOf
                                        .map(t -> " WHEN event_second + " + attributionWindow.toSeconds() + " > "
                                                + t.getEpochSecond() + " THEN CAST(NULL AS INT)")
                                        .orElse("")
                                + " ELSE y END"))
                .withColumn("event_time", expr("timestamp_seconds(event_second)"))
                .withColumn(
                        "label_time",
                        expr(labelDelays
                                .map(d ->
                                        "if(label IS NULL, CAST(NULL AS TIMESTAMP), timestamp_micros(event_second * 1000000L"
                                                + " + CAST(round("
                                                + d.secondsExpr("sqrt(-2 * ln(u8)) * cos(2 * pi() * u9)")
                                                + " * 1000000D) AS BIGINT)))")
                                .orElse("CAST(NULL AS TIMESTAMP)")))
                .withColumn(
                        "request_id",
                        expr("xxhash64(" + seed + "L, model_id, epoch_hour, i, 99) & 9223372036854775807L"))
                .selectExpr(Stream.of(
                                "event_time",
                                "model_id",
                                "model_version",
                                "request_id",
                                "prediction",
                                "label",
                                // written only when labels are late, so logs without delays keep the contract's columns
                                labelDelays.isPresent() ? "label_time" : null,
                                "weight",
                                "ds",
                                "hr")
                        .filter(Objects::nonNull)
                        .toArray(String[]::new));
        spark.sparkContext().setJobGroup("modelfleet-generate-predictions", "generate prediction logs", false);
        try (SparkProgress writing = SparkProgress.track(
                spark.sparkContext(),
                "writing logs",
                "hour partitions",
                hours.size(),
                SparkProgress.Unit.TASKS,
                progress)) {
            logs.write().mode(SaveMode.Overwrite).partitionBy("ds", "hr").parquet(out.toString());
        }
        return new Summary(planned, hours.size(), serving.size());
    }

    private Column uniform(int stream) {
        // 53 random bits of a 64-bit hash, centred in their bucket: strictly inside (0, 1).
        return expr("(shiftrightunsigned(xxhash64(" + seed + "L, model_id, epoch_hour, i, " + stream
                + "), 11) + 0.5D) / 9007199254740992.0D");
    }

    /** Production's plan row for the model-hour, and the candidate's after it when one is served. */
    private List<Row> planRows(Model model, Hour hour) {
        Row production = planRow(model, hour);
        Optional<CandidateTraffic> candidate =
                candidates.stream().filter(c -> c.modelId().equals(model.id())).findFirst();
        if (candidate.isEmpty() || candidate.get().share(hour) == 0) {
            return List.of(production);
        }
        int nHour = production.getInt(5);
        int invalid = production.getInt(9);
        int candidateRows = (int) Math.round((nHour - invalid) * candidate.get().share(hour));
        int productionRows = nHour - candidateRows;
        CandidateQuality quality = candidate.get().quality();
        return List.of(
                RowFactory.create(
                        model.id(),
                        model.serving().version(),
                        hour.epochHour(),
                        hour.ds(),
                        hour.hr(),
                        productionRows,
                        production.getDouble(6),
                        production.getDouble(7),
                        production.getDouble(8),
                        invalid,
                        0,
                        nHour),
                RowFactory.create(
                        model.id(),
                        candidate.get().version(),
                        hour.epochHour(),
                        hour.ds(),
                        hour.hr(),
                        candidateRows,
                        production.getDouble(6),
                        production.getDouble(7) * quality.factor(),
                        Math.max(production.getDouble(8), quality.noise()),
                        0,
                        productionRows,
                        nHour));
    }

    private Row planRow(Model model, Hour hour) {
        SplittableRandom random =
                new SplittableRandom(seed ^ (model.id().hashCode() * 0x9E3779B97F4A7C15L) ^ hour.epochHour());
        double diurnal = 1 + 0.3 * Math.sin(2 * Math.PI * (hour.hourOfDay() - 9) / 24.0);
        double jitter = 0.95 + 0.1 * random.nextDouble();
        double volume = BASE_EVENTS.get(model.tier()) * scale * diurnal * jitter;
        double ctr = SurfaceRates.baseCtr(model.surface())
                * (0.8 + 0.4 * new SplittableRandom(seed ^ model.id().hashCode()).nextDouble());
        double factor = 1.0;
        double noise = 0.0;
        int invalid = 0;
        for (Incident incident : incidents) {
            if (!incident.affects(model.id(), hour)) {
                continue;
            }
            switch (incident.kind()) {
                case MISCALIBRATE -> factor *= incident.value();
                case NE_DEGRADE -> noise = incident.value();
                case TRAFFIC_DROP -> volume *= incident.value();
                case INVALID_ROWS -> invalid += (int) incident.value();
                default -> {}
            }
        }
        int n = (int) Math.round(volume) + invalid;
        return RowFactory.create(
                model.id(),
                model.serving().version(),
                hour.epochHour(),
                hour.ds(),
                hour.hr(),
                n,
                ctr,
                factor,
                noise,
                invalid,
                0,
                n);
    }
}
