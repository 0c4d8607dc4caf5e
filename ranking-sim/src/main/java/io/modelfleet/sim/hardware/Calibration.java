package io.modelfleet.sim.hardware;

import static java.util.Objects.requireNonNull;

import io.modelfleet.sim.funnel.ClickModel;
import io.modelfleet.sim.funnel.FeatureSpace;
import io.modelfleet.sim.funnel.Funnel;
import io.modelfleet.sim.funnel.Scorer;
import io.modelfleet.sim.funnel.ScorerSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Measures this machine's {@link HardwareProfile}: runs the replay's own stage (a {@link Funnel}
 * of one scorer and its top-k cut, timed by thread CPU time exactly as the replay times it) over
 * {@link #SHAPES}, from a small logistic scorer to a large dense one, on synthetic requests; keeps
 * each shape's minimum CPU time over the repetitions; and fits the profile to the minima.
 *
 * <p>The minimum, because it is what the hardware does when nothing else interferes: another
 * process, the garbage collector, the JIT or a badly placed array can only add time, so the
 * minimum of enough repetitions moves far less with load than a mean or a percentile does. The
 * fit is least squares on relative error, so that the small shapes (microseconds) count as much
 * as the large ones (milliseconds).
 *
 * <p>Each shape is timed in a JVM of its own ({@link ShapeTimer}), as a serving replica runs one
 * model. In one JVM the JIT compiles the dense kernel once for every shape it has seen, and which
 * of two ways it goes changed from run to run: all shapes in one JVM calibrated the same machine
 * at 25 to 33 GFLOP/s, with wide layers up to a third slower than the replay measured them. A JVM
 * per shape gave 32.8 to 34.2 GFLOP/s in five runs beside other work.
 */
public final class Calibration {
    /** Items the synthetic candidates come from: as many as recorded traffic has, for the same cache behaviour. */
    static final int ITEMS = 50_000;

    private static final long SEED = 20_261_124L;
    /** Requests per shape, replayed in turn: different candidates, as in a replay. */
    private static final int REQUESTS = 4;
    /**
     * Scorers per shape, each with its own weights and buffers, timed in turn. Where a scorer's
     * arrays land in memory moves its vector loops by up to a third from one JVM to the next; the
     * fastest of four is the shape's cost with its arrays well placed, which a single scorer hits in
     * some runs and misses in others.
     */
    static final int INSTANCES = 4;

    /**
     * One thing to time: a scorer over a request's candidates, keeping its top {@code keepTop}.
     *
     * @param candidates candidates in the request
     */
    public record Shape(ScorerSpec scorer, int candidates, int keepTop) {
        public Shape {
            requireNonNull(scorer, "scorer is null");
            if (candidates < 1 || keepTop < 1) {
                throw new IllegalArgumentException("Cannot create calibration shape " + scorer
                        + ": candidates and keep_top must be at least 1, got " + candidates + " and " + keepTop);
            }
        }

        @Override
        public String toString() {
            return scorer + " x " + candidates;
        }
    }

    /**
     * The shapes timed: ESR-like (many candidates, small scorers) to LSR-like (few candidates, large
     * dense scorers), spanning about four orders of magnitude of FLOPs per candidate, with two
     * scorers at two candidate counts so that cost per FLOP and cost per candidate separate.
     */
    public static final List<Shape> SHAPES = List.of(
            new Shape(ScorerSpec.of("logistic", 32, List.of()), 1_400, 500),
            new Shape(ScorerSpec.of("logistic", 96, List.of()), 1_400, 500),
            new Shape(ScorerSpec.of("dense", 32, List.of(64, 32)), 1_400, 1_000),
            new Shape(ScorerSpec.of("dense", 64, List.of(64, 32)), 1_400, 1_000),
            new Shape(ScorerSpec.of("dense", 128, List.of(64, 32)), 1_400, 1_000),
            new Shape(ScorerSpec.of("dense", 32, List.of(128, 64)), 1_000, 100),
            new Shape(ScorerSpec.of("dense", 64, List.of(128, 64)), 1_000, 100),
            new Shape(ScorerSpec.of("dense", 128, List.of(256, 64)), 1_000, 100),
            new Shape(ScorerSpec.of("dense", 128, List.of(256, 64)), 200, 50),
            new Shape(ScorerSpec.of("dense", 128, List.of(512, 128)), 500, 50));

    /**
     * A shape's measurement.
     *
     * @param flops counted FLOPs per request
     * @param seconds the minimum CPU time per request over the repetitions
     */
    public record Point(Shape shape, long flops, int candidates, double seconds) {
        public Point {
            requireNonNull(shape, "shape is null");
            if (!(seconds > 0)) {
                throw new IllegalArgumentException(
                        "Cannot use calibration point " + shape + ": its time must be positive, got " + seconds);
            }
        }

        /** (modelled - measured) / measured under {@code profile}. */
        public double relativeError(HardwareProfile profile) {
            return profile.serviceSeconds(flops, candidates) / seconds - 1;
        }
    }

    /** The fitted profile and the points it was fitted to. */
    public record Result(HardwareProfile profile, List<Point> points) {
        public Result {
            requireNonNull(profile, "profile is null");
            points = List.copyOf(points);
        }
    }

    private Calibration() {}

    /**
     * Times every shape {@code repeats} times, each in a JVM of its own (this JVM's java and class
     * path, the C2 compiler whatever this one runs with), after {@code warmUp} of untimed runs for
     * the JIT, and fits.
     */
    public static Result run(String name, int repeats, Duration warmUp, List<Shape> shapes, Consumer<String> progress) {
        checkRepeats(repeats);
        progress.accept(String.format(
                Locale.ROOT,
                "timing %d shapes, each in a JVM of its own: %.1f s of warm-up, then the fastest of %d runs over %d"
                        + " scorers...",
                shapes.size(),
                warmUp.toMillis() / 1e3,
                repeats,
                INSTANCES));
        List<Point> points = new ArrayList<>();
        for (Shape shape : shapes) {
            Point point = ShapeTimer.inOwnJvm(shape, repeats, warmUp);
            points.add(point);
            progress.accept(String.format(
                    Locale.ROOT, "%d/%d %s: %.3f ms", points.size(), shapes.size(), shape, point.seconds() * 1e3));
        }
        return new Result(fit(name, points, Optional.of(Instant.now())), points);
    }

    private static void checkRepeats(int repeats) {
        if (repeats < 1) {
            throw new IllegalArgumentException("Cannot calibrate: repetitions must be at least 1, got " + repeats);
        }
    }

    /** Times {@code shapes} in this JVM, interleaved, and returns each one's minimum. */
    static List<Point> measure(int repeats, Duration warmUp, List<Shape> shapes) {
        checkRepeats(repeats);
        ClickModel truth = new ClickModel(SEED);
        float[] items = new float[ITEMS * FeatureSpace.ITEM_WIDTH];
        for (int item = 0; item < ITEMS; item++) {
            System.arraycopy(
                    FeatureSpace.itemFeatures(SEED, item),
                    0,
                    items,
                    item * FeatureSpace.ITEM_WIDTH,
                    FeatureSpace.ITEM_WIDTH);
        }
        SplittableRandom random = new SplittableRandom(SEED);
        List<List<Funnel>> funnels = new ArrayList<>();
        int[][][] candidates = new int[shapes.size()][REQUESTS][];
        float[][] users = new float[REQUESTS][];
        for (int r = 0; r < REQUESTS; r++) {
            users[r] = FeatureSpace.userFeatures(SEED, r);
        }
        for (int s = 0; s < shapes.size(); s++) {
            Shape shape = shapes.get(s);
            List<Funnel> instances = new ArrayList<>();
            for (int k = 0; k < INSTANCES; k++) {
                Scorer scorer = new Scorer(shape.scorer(), truth, SEED + INSTANCES * s + k);
                instances.add(new Funnel(List.of(new Funnel.Stage("calibrate", scorer, shape.keepTop())), items, 0));
            }
            funnels.add(instances);
            for (int r = 0; r < REQUESTS; r++) {
                candidates[s][r] = distinct(random, shape.candidates());
            }
        }
        long warmUntil = System.nanoTime() + warmUp.toNanos();
        for (int round = 0; System.nanoTime() < warmUntil; round++) {
            for (int s = 0; s < shapes.size(); s++) {
                int[] ids = candidates[s][round % REQUESTS];
                funnels.get(s).get(round % INSTANCES).replay(users[round % REQUESTS], ids, ids.length);
            }
        }
        long[] best = new long[shapes.size()];
        long[] flops = new long[shapes.size()];
        Arrays.fill(best, Long.MAX_VALUE);
        for (int round = 0; round < repeats; round++) {
            for (int s = 0; s < shapes.size(); s++) {
                Funnel funnel = funnels.get(s).get(round % INSTANCES);
                // One untimed request first: a replica serves its model all day, with the model's weights in
                // cache, not after nine other models have pushed them out.
                int[] warm = candidates[s][(round + 1) % REQUESTS];
                funnel.replay(users[(round + 1) % REQUESTS], warm, warm.length);
                int[] ids = candidates[s][round % REQUESTS];
                Funnel.Cost cost = funnel.replay(users[round % REQUESTS], ids, ids.length);
                best[s] = Math.min(best[s], cost.cpuNanos()[0]);
                flops[s] = cost.flops()[0];
            }
        }
        List<Point> points = new ArrayList<>();
        for (int s = 0; s < shapes.size(); s++) {
            // A thread CPU clock too coarse to see a shape at all would give 0: count it as one tick.
            points.add(new Point(shapes.get(s), flops[s], shapes.get(s).candidates(), Math.max(1, best[s]) / 1e9));
        }
        return points;
    }

    /**
     * The profile that minimizes the sum of squared relative errors over {@code points}, with both
     * costs non-negative (a negative cost per candidate, which noise can give, is fitted as zero).
     */
    public static HardwareProfile fit(String name, List<Point> points, Optional<Instant> calibratedAt) {
        if (points.size() < 2) {
            throw new IllegalArgumentException(
                    "Cannot fit a hardware profile: need at least 2 shapes, got " + points.size());
        }
        // Relative error (a f + b n) / t - 1: least squares on x = f / t, y = n / t against 1.
        double xx = 0;
        double xy = 0;
        double yy = 0;
        double x1 = 0;
        double y1 = 0;
        for (Point p : points) {
            double x = p.flops() / p.seconds();
            double y = p.candidates() / p.seconds();
            xx += x * x;
            xy += x * y;
            yy += y * y;
            x1 += x;
            y1 += y;
        }
        double det = xx * yy - xy * xy;
        double secondsPerFlop = (x1 * yy - y1 * xy) / det;
        double secondsPerCandidate = (y1 * xx - x1 * xy) / det;
        if (!(det > 1e-12 * xx * yy) || secondsPerCandidate < 0) {
            // The shapes do not separate the two costs, or the candidate cost fitted below zero: FLOPs alone.
            secondsPerFlop = x1 / xx;
            secondsPerCandidate = 0;
        }
        if (!(secondsPerFlop > 0)) {
            throw new IllegalArgumentException(
                    "Cannot fit a hardware profile: the measured times do not grow with FLOPs");
        }
        return new HardwareProfile(name, 1e-9 / secondsPerFlop, secondsPerCandidate * 1e9, calibratedAt);
    }

    /** {@code n} distinct item ids, sorted, as recorded traffic lists a request's candidates. */
    private static int[] distinct(SplittableRandom random, int n) {
        boolean[] taken = new boolean[ITEMS];
        int[] ids = new int[n];
        for (int i = 0; i < n; ) {
            int id = random.nextInt(ITEMS);
            if (!taken[id]) {
                taken[id] = true;
                ids[i++] = id;
            }
        }
        Arrays.sort(ids);
        return ids;
    }
}
