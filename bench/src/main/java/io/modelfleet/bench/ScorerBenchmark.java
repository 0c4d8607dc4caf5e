package io.modelfleet.bench;

import io.modelfleet.sim.funnel.ClickModel;
import io.modelfleet.sim.funnel.FeatureSpace;
import io.modelfleet.sim.funnel.Funnel;
import io.modelfleet.sim.funnel.Scorer;
import io.modelfleet.sim.funnel.ScorerSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The simulator's scorers against a tight dense loop of the same shape, and the whole funnel's
 * replay rate. The baseline is the textbook loop the JIT vectorizes, {@code acc[j] += x * w[k][j]}
 * over one candidate at a time, and the same four candidates at a time; neither has the scorer's
 * feature gathering, head, output layer or bookkeeping. {@link #main} runs everything and prints achieved GFLOP/s and the ratio.
 *
 * <p>Run: {@code bench/scorers.sh} (or {@code java -cp ... io.modelfleet.bench.ScorerBenchmark}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx2g"})
public class ScorerBenchmark {
    static final int CANDIDATES = 1_400;
    static final int ITEMS = 50_000;

    /** Input width and hidden widths, as in the sample registry: ESR-sized, LSR-sized, LSR twice as wide. */
    @Param({"64:64", "128:256,64", "128:512,128"})
    public String shape;

    float[] items;
    float[] user;
    int[] candidates;
    float[] logits;
    Scorer scorer;
    float[] input;
    float[][][] weights;
    float[][] activations;
    float[] accumulator;
    float[][] blocked;
    Funnel funnel;

    @Setup(Level.Trial)
    public void setUp() {
        ClickModel truth = new ClickModel(1);
        items = new float[ITEMS * FeatureSpace.ITEM_WIDTH];
        for (int id = 0; id < ITEMS; id++) {
            System.arraycopy(
                    FeatureSpace.itemFeatures(1, id), 0, items, id * FeatureSpace.ITEM_WIDTH, FeatureSpace.ITEM_WIDTH);
        }
        user = FeatureSpace.userFeatures(1, 42);
        candidates = new SplittableRandom(7).ints(CANDIDATES, 0, ITEMS).toArray();
        logits = new float[CANDIDATES];
        ScorerSpec spec = spec(shape);
        scorer = new Scorer(spec, truth, 3);

        SplittableRandom random = new SplittableRandom(5);
        input = new float[CANDIDATES * spec.inputWidth()];
        for (int i = 0; i < input.length; i++) {
            input[i] = (float) random.nextGaussian();
        }
        List<Integer> widths = new ArrayList<>(spec.hidden());
        weights = new float[widths.size()][][];
        activations = new float[widths.size() + 1][];
        activations[0] = input;
        int in = spec.inputWidth();
        int widest = 0;
        for (int l = 0; l < widths.size(); l++) {
            int out = widths.get(l);
            weights[l] = new float[in][out];
            for (float[] row : weights[l]) {
                for (int j = 0; j < out; j++) {
                    row[j] = (float) (random.nextGaussian() * 0.1);
                }
            }
            activations[l + 1] = new float[CANDIDATES * out];
            widest = Math.max(widest, out);
            in = out;
        }
        accumulator = new float[widest];
        blocked = new float[4][widest];
        funnel = new Funnel(
                List.of(
                        new Funnel.Stage("esr", new Scorer(ScorerSpec.of("dense", 64, List.of(64)), truth, 1), 500),
                        new Funnel.Stage("lsr", new Scorer(spec, truth, 2), 50)),
                items,
                ClickModel.baseLogit("feed"));
    }

    static ScorerSpec spec(String shape) {
        String[] parts = shape.split(":");
        List<Integer> hidden = new ArrayList<>();
        for (String width : parts[1].split(",")) {
            hidden.add(Integer.parseInt(width));
        }
        return ScorerSpec.of("dense", Integer.parseInt(parts[0]), hidden);
    }

    /** FLOPs of one scorer call, as the scorer counts them. */
    long scorerFlops() {
        return CANDIDATES * scorer.flopsPerCandidate();
    }

    /** FLOPs of one baseline call: the dense layers only. */
    long baselineFlops() {
        long flops = 0;
        int in = scorer.spec().inputWidth();
        for (int out : scorer.spec().hidden()) {
            flops += 2L * CANDIDATES * in * out;
            in = out;
        }
        return flops;
    }

    @Benchmark
    public float scorer() {
        scorer.score(-3, user, items, candidates, CANDIDATES, logits);
        return logits[0];
    }

    @Benchmark
    public float denseLoop() {
        int in = scorer.spec().inputWidth();
        for (int l = 0; l < weights.length; l++) {
            float[][] w = weights[l];
            int out = w[0].length;
            float[] x = activations[l];
            float[] y = activations[l + 1];
            float[] acc = accumulator;
            for (int i = 0; i < CANDIDATES; i++) {
                Arrays.fill(acc, 0, out, 0f);
                int row = i * in;
                for (int k = 0; k < in; k++) {
                    float a = x[row + k];
                    float[] wk = w[k];
                    for (int j = 0; j < out; j++) {
                        acc[j] += a * wk[j];
                    }
                }
                for (int j = 0; j < out; j++) {
                    y[i * out + j] = Math.max(0f, acc[j]);
                }
            }
            in = out;
        }
        return activations[weights.length][0];
    }

    /**
     * The same layers four candidates at a time, so that each loaded row of W serves four
     * accumulators: the fastest plain-Java form found here, and the stricter baseline.
     */
    @Benchmark
    public float denseLoopBlocked() {
        int in = scorer.spec().inputWidth();
        for (int l = 0; l < weights.length; l++) {
            float[][] w = weights[l];
            int out = w[0].length;
            float[] x = activations[l];
            float[] y = activations[l + 1];
            float[] c0 = blocked[0];
            float[] c1 = blocked[1];
            float[] c2 = blocked[2];
            float[] c3 = blocked[3];
            for (int i = 0; i < CANDIDATES; i += 4) {
                Arrays.fill(c0, 0, out, 0f);
                Arrays.fill(c1, 0, out, 0f);
                Arrays.fill(c2, 0, out, 0f);
                Arrays.fill(c3, 0, out, 0f);
                int row = i * in;
                for (int k = 0; k < in; k++) {
                    float a0 = x[row + k];
                    float a1 = x[row + in + k];
                    float a2 = x[row + 2 * in + k];
                    float a3 = x[row + 3 * in + k];
                    float[] wk = w[k];
                    for (int j = 0; j < out; j++) {
                        float weight = wk[j];
                        c0[j] += a0 * weight;
                        c1[j] += a1 * weight;
                        c2[j] += a2 * weight;
                        c3[j] += a3 * weight;
                    }
                }
                for (int j = 0; j < out; j++) {
                    y[i * out + j] = Math.max(0f, c0[j]);
                    y[(i + 1) * out + j] = Math.max(0f, c1[j]);
                    y[(i + 2) * out + j] = Math.max(0f, c2[j]);
                    y[(i + 3) * out + j] = Math.max(0f, c3[j]);
                }
            }
            in = out;
        }
        return activations[weights.length][0];
    }

    /** One request through ESR (1,400 candidates, keeps 500) and this LSR (keeps 50): requests/s on one core. */
    @Benchmark
    public long funnel() {
        return funnel.replay(user, candidates, CANDIDATES).flops()[1];
    }

    public static void main(String[] args) throws Exception {
        var options = new OptionsBuilder().include(ScorerBenchmark.class.getSimpleName());
        if (args.length > 0 && args[0].equals("--quick")) {
            options.warmupIterations(2)
                    .warmupTime(TimeValue.seconds(1))
                    .measurementIterations(3)
                    .measurementTime(TimeValue.seconds(1));
        }
        var results = new Runner(options.build()).run();
        System.out.println();
        System.out.printf(
                Locale.ROOT,
                "%-14s %14s %12s %14s %13s %18s%n",
                "shape",
                "scorer GFLOP/s",
                "loop GFLOP/s",
                "blocked GFLOP/s",
                "scorer/best",
                "funnel requests/s");
        for (String shape : new String[] {"64:64", "128:256,64", "128:512,128"}) {
            ScorerBenchmark state = new ScorerBenchmark();
            state.shape = shape;
            state.setUp();
            double scorer = score(results, "scorer", shape) * state.scorerFlops() / 1e9;
            double loop = score(results, "denseLoop", shape) * state.baselineFlops() / 1e9;
            double blocked = score(results, "denseLoopBlocked", shape) * state.baselineFlops() / 1e9;
            System.out.printf(
                    Locale.ROOT,
                    "%-14s %14.2f %12.2f %14.2f %13.2f %18.1f%n",
                    shape,
                    scorer,
                    loop,
                    blocked,
                    scorer / Math.max(loop, blocked),
                    score(results, "funnel", shape));
        }
    }

    private static double score(Collection<RunResult> results, String method, String shape) {
        return results.stream()
                .filter(r -> r.getParams().getBenchmark().endsWith("." + method)
                        && shape.equals(r.getParams().getParam("shape")))
                .mapToDouble(r -> r.getPrimaryResult().getScore())
                .findFirst()
                .orElse(Double.NaN);
    }
}
