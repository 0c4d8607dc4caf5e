package io.modelfleet.launch.traffic;

import static java.util.Objects.requireNonNull;

import io.modelfleet.core.Hour;
import io.modelfleet.core.ModelfleetErrors;
import io.modelfleet.core.ModelfleetException.Input;
import io.modelfleet.registry.Lifecycle;
import io.modelfleet.registry.Registry;
import io.modelfleet.sim.funnel.ClickModel;
import io.modelfleet.sim.funnel.FeatureSpace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Writes recorded ranking traffic in the docs/design.md contract: requests under {@code requests/ds=/hr=}
 * (one file per hour), the item table under {@code items/}, and {@code traffic.json}.
 *
 * <p>Production request volume follows a diurnal curve (peak three times the trough, at 20h UTC),
 * split over the registry's surfaces; one request in {@code 1 / sample_rate} is recorded. Each
 * request sources 600–3000 candidates (median 1,400) out of {@link #ITEMS} items, and logs
 * {@link #IMPRESSIONS} impressions whose clicks are drawn from the hidden {@link ClickModel}.
 * Every random number comes from (seed, hour, surface, request index), so the output does not
 * depend on how Spark splits the work.
 */
public final class TrafficGenerator {
    public static final int ITEMS = 50_000;
    static final int IMPRESSIONS = 6;
    /** Production ranking requests per day over all surfaces: a large social app. */
    static final double PRODUCTION_REQUESTS_PER_DAY = 8e9;

    static final Map<String, Double> SURFACE_SHARE = Map.of(
            "feed",
            0.30,
            "reels",
            0.20,
            "stories_tray",
            0.15,
            "explore",
            0.10,
            "notifications",
            0.09,
            "comments",
            0.07,
            "search",
            0.05,
            "tag_suggestions",
            0.04);
    private static final int CHUNK = 2_000;

    static final StructType IMPRESSION = new StructType()
            .add("item_id", DataTypes.IntegerType, false)
            .add("position", DataTypes.IntegerType, false)
            .add("clicked", DataTypes.IntegerType, false);
    static final StructType REQUEST = new StructType()
            .add("request_id", DataTypes.LongType, false)
            .add("request_time", DataTypes.TimestampType, false)
            .add("surface", DataTypes.StringType, false)
            .add("user_id", DataTypes.LongType, false)
            .add("user_features", DataTypes.createArrayType(DataTypes.FloatType, false), false)
            .add("candidate_ids", DataTypes.createArrayType(DataTypes.IntegerType, false), false)
            .add("sample_rate", DataTypes.DoubleType, false)
            .add("impressions", DataTypes.createArrayType(IMPRESSION, false), false)
            .add("ds", DataTypes.StringType, false)
            .add("hr", DataTypes.StringType, false);
    private static final StructType PLAN = new StructType()
            .add("epoch_hour", DataTypes.LongType, false)
            .add("surface", DataTypes.StringType, false)
            .add("first", DataTypes.IntegerType, false)
            .add("count", DataTypes.IntegerType, false)
            .add("hour_count", DataTypes.IntegerType, false)
            .add("sample_rate", DataTypes.DoubleType, false)
            .add("ds", DataTypes.StringType, false)
            .add("hr", DataTypes.StringType, false);

    private final SparkSession spark;
    private final Registry registry;
    private final long seed;
    private final long requestsPerDay;

    /** @param requestsPerDay recorded requests per day, over all surfaces */
    public TrafficGenerator(SparkSession spark, Registry registry, long seed, long requestsPerDay) {
        this.spark = requireNonNull(spark, "spark is null");
        this.registry = requireNonNull(registry, "registry is null");
        if (requestsPerDay < 24 || requestsPerDay > 100_000_000) {
            throw ModelfleetErrors.outOfRange(
                    "generate traffic",
                    "requests per day",
                    Input.REQUESTS_PER_DAY,
                    "[24, 100000000]",
                    requestsPerDay,
                    "use e.g. 100000 (the demo) or 1000000 (a benchmark day)");
        }
        this.seed = seed;
        this.requestsPerDay = requestsPerDay;
    }

    /** What was written. */
    public record Summary(long requests, int hours, List<String> surfaces) {}

    public Summary write(List<Hour> hours, Path out) {
        if (Files.isRegularFile(out.resolve(TrafficSet.MANIFEST))) {
            // Hours are added or replaced one by one, but the item table and the click model belong to the seed.
            TrafficSet.Manifest existing = TrafficSet.open(out).manifest();
            if (existing.seed() != seed) {
                throw ModelfleetErrors.trafficSeedMismatch(out, existing.seed(), seed);
            }
        }
        List<String> surfaces = registry.models().stream()
                .filter(m -> m.lifecycle() != Lifecycle.DEPRECATED)
                .map(m -> m.surface())
                .distinct()
                .sorted()
                .toList();
        if (surfaces.isEmpty()) {
            throw ModelfleetErrors.noServingModels();
        }
        double shares = surfaces.stream()
                .mapToDouble(s -> SURFACE_SHARE.getOrDefault(s, 0.05))
                .sum();
        List<Row> plan = new ArrayList<>();
        long total = 0;
        for (Hour hour : hours) {
            double diurnal = diurnal(hour.hourOfDay());
            for (String surface : surfaces) {
                double share = SURFACE_SHARE.getOrDefault(surface, 0.05) / shares;
                int count = (int) Math.max(1, Math.round(requestsPerDay / 24.0 * share * diurnal));
                double production = PRODUCTION_REQUESTS_PER_DAY / 24.0 * share * diurnal;
                double sampleRate = count / production;
                for (int first = 0; first < count; first += CHUNK) {
                    plan.add(RowFactory.create(
                            hour.epochHour(),
                            surface,
                            first,
                            Math.min(CHUNK, count - first),
                            count,
                            sampleRate,
                            hour.ds(),
                            hour.hr()));
                }
                total += count;
            }
        }
        float[] items = itemFeatures(seed);
        Broadcast<float[]> itemsBroadcast =
                JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(items);
        Dataset<Row> requests = spark.createDataFrame(plan, PLAN)
                .repartition(Math.max(
                        1, Math.min(plan.size(), 4 * spark.sparkContext().defaultParallelism())))
                .flatMap(new RequestMaker(seed, itemsBroadcast), Encoders.row(REQUEST));
        spark.sparkContext().setJobGroup("modelfleet-generate-traffic", "generate recorded traffic", false);
        requests.repartition(requests.col("ds"), requests.col("hr"))
                .sortWithinPartitions("request_time")
                .write()
                .mode(SaveMode.Overwrite)
                .partitionBy("ds", "hr")
                .parquet(out.resolve("requests").toString());
        writeItems(items, out);
        TrafficSet.writeManifest(
                out,
                new TrafficSet.Manifest(
                        seed,
                        ITEMS,
                        FeatureSpace.USER_WIDTH,
                        FeatureSpace.ITEM_WIDTH,
                        hours.get(0).toString(),
                        hours.get(hours.size() - 1).toString(),
                        requestsPerDay));
        itemsBroadcast.destroy();
        return new Summary(total, hours.size(), surfaces);
    }

    /** Peak (20h UTC) three times the trough (8h), mean 1. */
    static double diurnal(int hourOfDay) {
        return 1 + 0.5 * Math.cos(2 * Math.PI * (hourOfDay - 20) / 24.0);
    }

    static float[] itemFeatures(long seed) {
        float[] items = new float[ITEMS * FeatureSpace.ITEM_WIDTH];
        for (int id = 0; id < ITEMS; id++) {
            System.arraycopy(
                    FeatureSpace.itemFeatures(seed, id),
                    0,
                    items,
                    id * FeatureSpace.ITEM_WIDTH,
                    FeatureSpace.ITEM_WIDTH);
        }
        return items;
    }

    private void writeItems(float[] items, Path out) {
        List<Row> rows = new ArrayList<>(ITEMS);
        for (int id = 0; id < ITEMS; id++) {
            float[] features =
                    Arrays.copyOfRange(items, id * FeatureSpace.ITEM_WIDTH, (id + 1) * FeatureSpace.ITEM_WIDTH);
            Float[] boxed = new Float[features.length];
            for (int j = 0; j < features.length; j++) {
                boxed[j] = features[j];
            }
            rows.add(RowFactory.create(id, boxed));
        }
        StructType schema = new StructType()
                .add("item_id", DataTypes.IntegerType, false)
                .add("features", DataTypes.createArrayType(DataTypes.FloatType, false), false);
        spark.createDataFrame(rows, schema)
                .coalesce(1)
                .write()
                .mode(SaveMode.Overwrite)
                .parquet(out.resolve("items").toString());
    }

    /** Turns one plan row (a chunk of one surface-hour) into its requests. */
    private static final class RequestMaker implements FlatMapFunction<Row, Row> {
        private final long seed;
        private final Broadcast<float[]> items;

        RequestMaker(long seed, Broadcast<float[]> items) {
            this.seed = seed;
            this.items = items;
        }

        @Override
        public Iterator<Row> call(Row plan) {
            long epochHour = plan.getLong(0);
            String surface = plan.getString(1);
            int first = plan.getInt(2);
            int count = plan.getInt(3);
            int hourCount = plan.getInt(4);
            double sampleRate = plan.getDouble(5);
            float[] features = items.value();
            ClickModel truth = new ClickModel(seed);
            List<Row> rows = new ArrayList<>(count);
            for (int i = first; i < first + count; i++) {
                SplittableRandom random = new SplittableRandom(mix(seed, epochHour, surface.hashCode(), i));
                long requestId = random.nextLong() & Long.MAX_VALUE;
                long millis = epochHour * 3_600_000L + (long) ((i + random.nextDouble()) * 3_600_000L / hourCount);
                long userId = random.nextLong(10_000_000L);
                float[] user = FeatureSpace.userFeatures(seed, userId);
                int[] candidates = candidates(random);
                Row[] impressions = new Row[IMPRESSIONS];
                for (int p = 0; p < IMPRESSIONS; p++) {
                    int item = candidates[random.nextInt(candidates.length)];
                    double q = truth.probability(surface, user, features, item * FeatureSpace.ITEM_WIDTH);
                    impressions[p] = RowFactory.create(item, p, random.nextDouble() < q ? 1 : 0);
                }
                rows.add(RowFactory.create(
                        requestId,
                        new Timestamp(millis),
                        surface,
                        userId,
                        box(user),
                        box(candidates),
                        sampleRate,
                        impressions,
                        plan.getString(6),
                        plan.getString(7)));
            }
            return rows.iterator();
        }

        private static int[] candidates(SplittableRandom random) {
            double z = Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
            int n = (int) Math.max(600, Math.min(3_000, Math.round(1_400 * Math.exp(0.3 * z))));
            int[] ids = random.ints(n, 0, ITEMS).sorted().distinct().toArray();
            return ids;
        }

        private static long mix(long seed, long epochHour, int surface, int index) {
            long h = seed * 0x9E3779B97F4A7C15L;
            h = (h ^ epochHour) * 0xBF58476D1CE4E5B9L;
            h = (h ^ surface) * 0x94D049BB133111EBL;
            return h ^ index;
        }

        private static Float[] box(float[] values) {
            Float[] boxed = new Float[values.length];
            for (int i = 0; i < values.length; i++) {
                boxed[i] = values[i];
            }
            return boxed;
        }

        private static Integer[] box(int[] values) {
            Integer[] boxed = new Integer[values.length];
            for (int i = 0; i < values.length; i++) {
                boxed[i] = values[i];
            }
            return boxed;
        }
    }
}
