package io.modelfleet.launch.replay;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import io.modelfleet.core.Hour;
import io.modelfleet.core.ModelfleetErrors;
import io.modelfleet.core.slo.HourSums;
import io.modelfleet.launch.traffic.TrafficSet;
import io.modelfleet.sim.funnel.ClickModel;
import io.modelfleet.sim.funnel.FeatureSpace;
import io.modelfleet.sim.funnel.Funnel;
import io.modelfleet.sim.funnel.Scorer;
import java.io.Serializable;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Replays recorded requests of one surface through the production funnel and the candidate's,
 * paired: every sampled request goes through both, in alternating order, on the same thread.
 *
 * <p>Three passes over the traffic: the request rate of each hour from every recorded request;
 * CPU time and FLOPs per stage from a sample of each hour's requests (the hash of the request id
 * decides, so the sample is the same on every run); and the offline quality of both models at the
 * candidate's stage on every logged impression.
 */
public final class ReplayJob {
    /** Untimed requests each task runs through both funnels before it measures: JIT warm-up. */
    static final int WARM_UP_REQUESTS = 40;

    private final SparkSession spark;
    private final TrafficSet traffic;
    private final Consumer<String> progress;

    public ReplayJob(SparkSession spark, TrafficSet traffic, Consumer<String> progress) {
        this.spark = requireNonNull(spark, "spark is null");
        this.traffic = requireNonNull(traffic, "traffic is null");
        this.progress = requireNonNull(progress, "progress is null");
    }

    /**
     * @param qualityStage index of the stage whose model the candidate replaces
     * @param samplesPerHour requests per hour to time (all of them if the hour has fewer)
     */
    public ReplayResult run(
            String surface,
            List<Hour> hours,
            List<StageSpec> production,
            List<StageSpec> candidate,
            int qualityStage,
            int samplesPerHour,
            long seed) {
        Dataset<Row> requests = requests(surface, hours);
        List<ReplayResult.HourRate> rates = rates(requests);
        if (rates.isEmpty()) {
            throw ModelfleetErrors.noRequestsForSurface(
                    surface, hours.get(0), hours.get(hours.size() - 1), traffic.requests(), describe(traffic.hours()));
        }
        long recorded =
                rates.stream().mapToLong(ReplayResult.HourRate::recorded).sum();
        progress.accept(String.format(
                Locale.ROOT,
                "%,d recorded %s requests in %d hour(s); timing up to %d per hour through both funnels...",
                recorded,
                surface,
                rates.size(),
                samplesPerHour));
        float[] items = traffic.loadItems(spark);
        Broadcast<float[]> itemsBroadcast =
                JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(items);
        try {
            Replayer replayer = new Replayer(
                    traffic.manifest().seed(), surface, production, candidate, qualityStage, itemsBroadcast);
            spark.sparkContext().setJobGroup("modelfleet-launch-replay", "replay " + surface + " traffic", false);
            Dataset<Row> sampled = sampled(requests, rates, samplesPerHour, seed)
                    .select("epoch_hour", "user_features", "candidate_ids");
            List<ReplayResult.Sample> samples =
                    sampled.javaRDD().mapPartitions(replayer::time).collect();
            progress.accept(String.format(
                    Locale.ROOT,
                    "timed %,d requests; scoring the logged impressions with both models...",
                    samples.size() / Math.max(1, 2 * production.size())));
            spark.sparkContext().setJobGroup("modelfleet-launch-quality", "score " + surface + " impressions", false);
            List<HourQuality> partial = requests.select("epoch_hour", "user_features", "impressions")
                    .javaRDD()
                    .mapPartitions(replayer::quality)
                    .collect();
            Map<Hour, ReplayResult.Quality> quality = new TreeMap<>();
            for (HourQuality q : partial) {
                quality.merge(
                        new Hour(Instant.ofEpochSecond(q.epochHour() * 3600)),
                        ReplayResult.Quality.EMPTY.plus(q.variant(), q.sums()),
                        (a, b) -> a.plus(q.variant(), q.sums()));
            }
            List<ReplayResult.Sample> ordered = new ArrayList<>(samples);
            ordered.sort(Comparator.comparingLong(ReplayResult.Sample::epochHour)
                    .thenComparingInt(ReplayResult.Sample::stage)
                    .thenComparing(ReplayResult.Sample::variant)
                    .thenComparingLong(ReplayResult.Sample::flops)
                    .thenComparingInt(ReplayResult.Sample::candidates));
            return new ReplayResult(rates, ordered, quality);
        } finally {
            itemsBroadcast.destroy();
        }
    }

    /**
     * What a traffic profile keeps of {@code surface}'s requests in {@code hours}: each hour's rate,
     * and the candidates each request of the sample {@link #run} would time sources (the same
     * requests, chosen by the same hash of the request id and {@code seed}).
     */
    public SourcedSample sourcedSample(String surface, List<Hour> hours, int samplesPerHour, long seed) {
        Dataset<Row> requests = requests(surface, hours);
        List<ReplayResult.HourRate> rates = rates(requests);
        if (rates.isEmpty()) {
            throw ModelfleetErrors.noRequestsForSurface(
                    surface, hours.get(0), hours.get(hours.size() - 1), traffic.requests(), describe(traffic.hours()));
        }
        spark.sparkContext().setJobGroup("modelfleet-launch-profile", "profile " + surface + " traffic", false);
        int[] sourced =
                sampled(requests, rates, samplesPerHour, seed)
                        .select(expr("size(candidate_ids)"))
                        .collectAsList()
                        .stream()
                        .mapToInt(row -> row.getInt(0))
                        .toArray();
        return new SourcedSample(rates, sourced);
    }

    /** Each hour's request rate, and the candidates sourced by each request of the timed sample. */
    public record SourcedSample(List<ReplayResult.HourRate> rates, int[] sourced) {}

    /** Up to {@code samplesPerHour} requests per hour, chosen by a hash of the request id: the same on every run. */
    private static Dataset<Row> sampled(
            Dataset<Row> requests, List<ReplayResult.HourRate> rates, int samplesPerHour, long seed) {
        String fractions = rates.stream()
                .map(r -> "WHEN " + r.hour().epochHour() + "L THEN "
                        + Math.min(1.0, (double) samplesPerHour / r.recorded()))
                .collect(Collectors.joining(" ", "CASE epoch_hour ", " ELSE 0 END"));
        return requests.where(expr("(xxhash64(request_id, " + seed + "L) & 16777215) / 16777216.0D < " + fractions));
    }

    private Dataset<Row> requests(String surface, List<Hour> hours) {
        String wanted = hours.stream()
                .filter(h -> Files.isDirectory(traffic.requests(h)))
                .map(h -> "'" + h.ds() + "T" + h.hr() + "'")
                .collect(Collectors.joining(", "));
        if (wanted.isEmpty()) {
            throw ModelfleetErrors.noTrafficForHours(
                    hours.get(0), hours.get(hours.size() - 1), traffic.requests(), describe(traffic.hours()));
        }
        return spark.read()
                .parquet(traffic.requests().toString())
                .where(expr("concat(ds, 'T', hr) IN (" + wanted + ")"))
                .where(col("surface").equalTo(surface))
                .withColumn("epoch_hour", expr("CAST(unix_timestamp(concat(ds, ' ', hr, ':00:00')) / 3600 AS BIGINT)"));
    }

    private static List<ReplayResult.HourRate> rates(Dataset<Row> requests) {
        List<ReplayResult.HourRate> rates = new ArrayList<>();
        for (Row row : requests.groupBy("epoch_hour")
                .agg(expr("count(*)"), expr("sum(1 / sample_rate)"))
                .orderBy("epoch_hour")
                .collectAsList()) {
            rates.add(new ReplayResult.HourRate(
                    new Hour(Instant.ofEpochSecond(row.getLong(0) * 3600)), row.getLong(1), row.getDouble(2) / 3600));
        }
        return rates;
    }

    private static String describe(List<Hour> hours) {
        return hours.isEmpty()
                ? "no hours"
                : hours.size() + " hours, " + hours.get(0) + " .. " + hours.get(hours.size() - 1);
    }

    /** Per-task sums of one variant's predictions on one hour's impressions. */
    record HourQuality(long epochHour, Variant variant, HourSums sums) implements Serializable {}

    /** The code tasks run: builds both funnels once per partition. */
    private static final class Replayer implements Serializable {
        private final long trafficSeed;
        private final String surface;
        private final List<StageSpec> production;
        private final List<StageSpec> candidate;
        private final int qualityStage;
        private final Broadcast<float[]> items;

        Replayer(
                long trafficSeed,
                String surface,
                List<StageSpec> production,
                List<StageSpec> candidate,
                int qualityStage,
                Broadcast<float[]> items) {
            this.trafficSeed = trafficSeed;
            this.surface = surface;
            this.production = List.copyOf(production);
            this.candidate = List.copyOf(candidate);
            this.qualityStage = qualityStage;
            this.items = items;
        }

        Iterator<ReplayResult.Sample> time(Iterator<Row> rows) {
            ClickModel truth = new ClickModel(trafficSeed);
            float[] features = items.value();
            double base = ClickModel.baseLogit(surface);
            Map<Variant, Funnel> funnels = new EnumMap<>(Variant.class);
            funnels.put(
                    Variant.PRODUCTION,
                    new Funnel(production.stream().map(s -> s.build(truth)).toList(), features, base));
            funnels.put(
                    Variant.CANDIDATE,
                    new Funnel(candidate.stream().map(s -> s.build(truth)).toList(), features, base));
            // Stages before the first one that differs see the same model and the same input on both sides.
            int shared = 0;
            while (shared < production.size() && production.get(shared).sameAs(candidate.get(shared))) {
                shared++;
            }
            warmUp(funnels.values(), features.length / FeatureSpace.ITEM_WIDTH);
            List<ReplayResult.Sample> out = new ArrayList<>();
            long index = 0;
            while (rows.hasNext()) {
                Row row = rows.next();
                long hour = row.getLong(0);
                float[] user = floats(row.getList(1));
                int[] ids = ints(row.getList(2));
                // Alternate which variant runs first, so neither always meets warmer caches.
                Variant first = (index++ & 1) == 0 ? Variant.PRODUCTION : Variant.CANDIDATE;
                Variant second = first == Variant.PRODUCTION ? Variant.CANDIDATE : Variant.PRODUCTION;
                Map<Variant, Funnel.Cost> costs = new EnumMap<>(Variant.class);
                costs.put(first, funnels.get(first).replay(user, ids, ids.length));
                costs.put(second, funnels.get(second).replay(user, ids, ids.length));
                for (Variant variant : Variant.values()) {
                    for (int s = 0; s < production.size(); s++) {
                        Funnel.Cost cost = costs.get(s < shared ? Variant.PRODUCTION : variant);
                        out.add(new ReplayResult.Sample(
                                hour, s, variant, cost.cpuNanos()[s], cost.flops()[s], cost.candidates()[s]));
                    }
                }
            }
            return out.iterator();
        }

        Iterator<HourQuality> quality(Iterator<Row> rows) {
            ClickModel truth = new ClickModel(trafficSeed);
            float[] features = items.value();
            double base = ClickModel.baseLogit(surface);
            Map<Variant, Scorer> scorers = new EnumMap<>(Variant.class);
            scorers.put(
                    Variant.PRODUCTION,
                    production.get(qualityStage).build(truth).scorer());
            scorers.put(
                    Variant.CANDIDATE, candidate.get(qualityStage).build(truth).scorer());
            Map<Long, ReplayResult.Quality> sums = new HashMap<>();
            int[] ids = new int[16];
            int[] labels = new int[16];
            float[] logits = new float[16];
            while (rows.hasNext()) {
                Row row = rows.next();
                long hour = row.getLong(0);
                float[] user = floats(row.getList(1));
                List<Row> impressions = row.getList(2);
                int n = impressions.size();
                if (ids.length < n) {
                    ids = new int[n];
                    labels = new int[n];
                    logits = new float[n];
                }
                for (int i = 0; i < n; i++) {
                    ids[i] = impressions.get(i).getInt(0);
                    labels[i] = impressions.get(i).getInt(2);
                }
                ReplayResult.Quality hourSums = sums.getOrDefault(hour, ReplayResult.Quality.EMPTY);
                for (Variant variant : Variant.values()) {
                    scorers.get(variant).score(base, user, features, ids, n, logits);
                    HourSums s = HourSums.EMPTY;
                    for (int i = 0; i < n; i++) {
                        s = s.add(Scorer.probability(logits[i]), labels[i], 1.0);
                    }
                    hourSums = hourSums.plus(variant, s);
                }
                sums.put(hour, hourSums);
            }
            List<HourQuality> out = new ArrayList<>();
            sums.forEach((hour, s) -> {
                for (Variant variant : Variant.values()) {
                    out.add(new HourQuality(hour, variant, s.of(variant)));
                }
            });
            return out.iterator();
        }

        private static void warmUp(Collection<Funnel> funnels, int itemCount) {
            SplittableRandom random = new SplittableRandom(1);
            float[] user = new float[FeatureSpace.USER_WIDTH];
            for (int r = 0; r < WARM_UP_REQUESTS; r++) {
                int[] ids = random.ints(1_400, 0, itemCount).toArray();
                for (Funnel funnel : funnels) {
                    funnel.replay(user, ids, ids.length);
                }
            }
        }

        private static float[] floats(List<Float> values) {
            float[] out = new float[values.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = values.get(i);
            }
            return out;
        }

        private static int[] ints(List<Integer> values) {
            int[] out = new int[values.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = values.get(i);
            }
            return out;
        }
    }
}
