package io.modelfleet.sim.funnel;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.SplittableRandom;

/**
 * A scorer that does the arithmetic its spec implies, batched over a request's candidates.
 *
 * <p>Models are not trained here. A scorer stands in for a trained one by predicting with the
 * ground-truth weights of the features it reads (a linear head), plus the output of its dense
 * network, scaled down, as a learned residual: so reading more features predicts better, and a
 * bigger network costs more. Counted FLOPs are one multiply and one add per weight of each
 * matrix-vector product (the head, every dense layer and the output layer); bias adds, ReLU and
 * the sigmoid are not counted.
 *
 * <p>Not thread-safe: it keeps its work buffers. Build one per thread.
 */
public final class Scorer {
    static final float RESIDUAL_SCALE = 0.1f;
    /** Candidates per pass over a weight row: each row loaded is used this many times. */
    static final int BLOCK = 4;

    private final ScorerSpec spec;
    private final float[] head;
    private final int userInputs;
    private final float[][][] weights;
    private final float[][] biases;
    private final float[] output;
    private final float[][] accumulators = new float[BLOCK][];
    private float[][] activations = new float[0][];
    private int capacity;

    public Scorer(ScorerSpec spec, ClickModel truth, long seed) {
        this.spec = requireNonNull(spec, "spec is null");
        if (spec.inputWidth() > FeatureSpace.PAIR_WIDTH) {
            throw new IllegalArgumentException("Cannot build scorer " + spec + ": it reads " + spec.inputWidth()
                    + " features per pair, but traffic carries " + FeatureSpace.PAIR_WIDTH);
        }
        int width = spec.inputWidth();
        userInputs = (width + 1) / 2;
        head = new float[width];
        // Input m < userInputs is user feature m, pair feature 2m; input userInputs + m is item feature m, pair feature
        // 2m + 1.
        for (int m = 0; m < userInputs; m++) {
            head[m] = truth.weight(2 * m);
        }
        for (int m = 0; m < width - userInputs; m++) {
            head[userInputs + m] = truth.weight(2 * m + 1);
        }
        List<Integer> hidden = spec.hidden();
        SplittableRandom random = new SplittableRandom(seed);
        weights = new float[hidden.size()][][];
        biases = new float[hidden.size()][];
        int in = width;
        for (int l = 0; l < hidden.size(); l++) {
            int out = hidden.get(l);
            weights[l] = new float[in][];
            for (int k = 0; k < in; k++) {
                weights[l][k] = gaussian(random, out, Math.sqrt(2.0 / in));
            }
            biases[l] = gaussian(random, out, 0.01);
            in = out;
        }
        int widest = hidden.stream().mapToInt(Integer::intValue).max().orElse(0);
        for (int b = 0; b < BLOCK; b++) {
            accumulators[b] = new float[widest];
        }
        output = hidden.isEmpty() ? new float[0] : gaussian(random, in, Math.sqrt(1.0 / in));
    }

    public ScorerSpec spec() {
        return spec;
    }

    /**
     * Scores {@code n} candidates of one user: writes each candidate's logit to {@code logits} and
     * returns the FLOPs spent.
     *
     * @param items item features, {@link FeatureSpace#ITEM_WIDTH} floats per item id
     */
    public long score(double baseLogit, float[] user, float[] items, int[] candidates, int n, float[] logits) {
        ensureCapacity(n);
        int width = spec.inputWidth();
        float[] input = activations[0];
        int itemInputs = width - userInputs;
        for (int i = 0; i < n; i++) {
            int row = i * width;
            System.arraycopy(user, 0, input, row, userInputs);
            System.arraycopy(items, candidates[i] * FeatureSpace.ITEM_WIDTH, input, row + userInputs, itemInputs);
        }
        long flops = 0;
        for (int i = 0; i < n; i++) {
            logits[i] = (float) baseLogit + dot(head, input, i * width, width);
        }
        flops += 2L * n * width;
        int in = width;
        for (int l = 0; l < weights.length; l++) {
            int out = biases[l].length;
            dense(activations[l], in, weights[l], biases[l], activations[l + 1], out, n, accumulators);
            flops += 2L * n * in * out;
            in = out;
        }
        if (weights.length > 0) {
            float[] last = activations[weights.length];
            for (int i = 0; i < n; i++) {
                logits[i] += RESIDUAL_SCALE * dot(output, last, i * in, in);
            }
            flops += 2L * n * in;
        }
        return flops;
    }

    /** FLOPs per candidate, from the spec alone. */
    public long flopsPerCandidate() {
        return spec.flopsPerCandidate();
    }

    /**
     * {@code a . x[offset, offset + n)} with four running sums: one sum would make every add wait
     * for the one before it.
     */
    static float dot(float[] a, float[] x, int offset, int n) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int j = 0;
        for (; j + 4 <= n; j += 4) {
            s0 += a[j] * x[offset + j];
            s1 += a[j + 1] * x[offset + j + 1];
            s2 += a[j + 2] * x[offset + j + 2];
            s3 += a[j + 3] * x[offset + j + 3];
        }
        for (; j < n; j++) {
            s0 += a[j] * x[offset + j];
        }
        return (s0 + s1) + (s2 + s3);
    }

    public static double probability(float logit) {
        return 1 / (1 + Math.exp(-logit));
    }

    /**
     * {@code y = relu(x W + b)} for {@code n} rows of {@code x}; {@code w[k]} is row k of W.
     * Four rows of x at a time share each load of a row of W. The inner loops index arrays from
     * zero with no offset, which is what the JIT needs to turn them into vector instructions (with
     * an offset into a flat matrix, JDK 17 leaves them scalar: 3x slower here).
     */
    static void dense(float[] x, int in, float[][] w, float[] b, float[] y, int out, int n, float[][] acc) {
        float[] c0 = acc[0];
        float[] c1 = acc[1];
        float[] c2 = acc[2];
        float[] c3 = acc[3];
        int i = 0;
        for (; i + BLOCK <= n; i += BLOCK) {
            System.arraycopy(b, 0, c0, 0, out);
            System.arraycopy(b, 0, c1, 0, out);
            System.arraycopy(b, 0, c2, 0, out);
            System.arraycopy(b, 0, c3, 0, out);
            int r0 = i * in;
            for (int k = 0; k < in; k++) {
                float a0 = x[r0 + k];
                float a1 = x[r0 + in + k];
                float a2 = x[r0 + 2 * in + k];
                float a3 = x[r0 + 3 * in + k];
                float[] row = w[k];
                for (int j = 0; j < out; j++) {
                    float weight = row[j];
                    c0[j] += a0 * weight;
                    c1[j] += a1 * weight;
                    c2[j] += a2 * weight;
                    c3[j] += a3 * weight;
                }
            }
            for (int j = 0; j < out; j++) {
                c0[j] = Math.max(0f, c0[j]);
                c1[j] = Math.max(0f, c1[j]);
                c2[j] = Math.max(0f, c2[j]);
                c3[j] = Math.max(0f, c3[j]);
            }
            System.arraycopy(c0, 0, y, i * out, out);
            System.arraycopy(c1, 0, y, (i + 1) * out, out);
            System.arraycopy(c2, 0, y, (i + 2) * out, out);
            System.arraycopy(c3, 0, y, (i + 3) * out, out);
        }
        for (; i < n; i++) {
            System.arraycopy(b, 0, c0, 0, out);
            int r = i * in;
            for (int k = 0; k < in; k++) {
                float a = x[r + k];
                float[] row = w[k];
                for (int j = 0; j < out; j++) {
                    c0[j] += a * row[j];
                }
            }
            for (int j = 0; j < out; j++) {
                c0[j] = Math.max(0f, c0[j]);
            }
            System.arraycopy(c0, 0, y, i * out, out);
        }
    }

    private void ensureCapacity(int n) {
        if (n <= capacity) {
            return;
        }
        int rows = Math.max(n, capacity * 3 / 2);
        activations = new float[weights.length + 1][];
        activations[0] = new float[rows * spec.inputWidth()];
        for (int l = 0; l < weights.length; l++) {
            activations[l + 1] = new float[rows * biases[l].length];
        }
        capacity = rows;
    }

    private static float[] gaussian(SplittableRandom random, int size, double std) {
        float[] out = new float[size];
        for (int i = 0; i < size; i++) {
            out[i] = (float) (std
                    * Math.sqrt(-2 * Math.log(1 - random.nextDouble()))
                    * Math.cos(2 * Math.PI * random.nextDouble()));
        }
        return out;
    }
}
