package io.modelfleet.sim.funnel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TestFunnel {
    private static final long SEED = 7;
    private static final int ITEMS = 5_000;
    static final ClickModel TRUTH = new ClickModel(SEED);
    static final float[] ITEM_FEATURES = items();

    @Test
    void denseFlopsAreCountedExactly() {
        // 96 inputs, hidden 128 and 64: head 2*96, layers 2*96*128 + 2*128*64, output 2*64.
        Scorer scorer = new Scorer(ScorerSpec.of("dense", 96, List.of(128, 64)), TRUTH, 1);
        int[] candidates = candidates(1_000, 3);
        long flops = scorer.score(0, user(1), ITEM_FEATURES, candidates, 1_000, new float[1_000]);
        assertThat(flops).isEqualTo(1_000L * (192 + 24_576 + 16_384 + 128));
        assertThat(scorer.flopsPerCandidate()).isEqualTo(41_280);

        Scorer logistic = new Scorer(ScorerSpec.of("logistic", 64, List.of()), TRUTH, 1);
        assertThat(logistic.score(0, user(1), ITEM_FEATURES, candidates, 300, new float[300]))
                .isEqualTo(300L * 128);
    }

    @Test
    void scoresMatchAPlainDoublePrecisionComputation() {
        ScorerSpec spec = ScorerSpec.of("dense", 40, List.of(16, 8));
        Scorer scorer = new Scorer(spec, TRUTH, 42);
        Scorer twin = new Scorer(spec, TRUTH, 42);
        float[] user = user(9);
        int[] candidates = candidates(50, 5);
        float[] logits = new float[50];
        scorer.score(-3, user, ITEM_FEATURES, candidates, 50, logits);

        // Rebuild the same network's weights from the same seed, then evaluate it row by row in doubles.
        SplittableRandom random = new SplittableRandom(42);
        double[][] w1 = gaussian(random, 40, 16, Math.sqrt(2.0 / 40));
        double[] b1 = gaussian(random, 1, 16, 0.01)[0];
        double[][] w2 = gaussian(random, 16, 8, Math.sqrt(2.0 / 16));
        double[] b2 = gaussian(random, 1, 8, 0.01)[0];
        double[] out = gaussian(random, 1, 8, Math.sqrt(1.0 / 8))[0];
        for (int i = 0; i < 50; i++) {
            // The scorer's inputs: the first 20 user features, then the first 20 item features.
            double[] x = new double[40];
            double headLogit = -3;
            for (int m = 0; m < 20; m++) {
                x[m] = user[m];
                x[20 + m] = ITEM_FEATURES[candidates[i] * FeatureSpace.ITEM_WIDTH + m];
                headLogit += TRUTH.weight(2 * m) * x[m] + TRUTH.weight(2 * m + 1) * x[20 + m];
            }
            double[] h1 = relu(add(matVec(x, w1), b1));
            double[] h2 = relu(add(matVec(h1, w2), b2));
            double residual = 0;
            for (int j = 0; j < 8; j++) {
                residual += out[j] * h2[j];
            }
            assertThat((double) logits[i]).isCloseTo(headLogit + 0.1 * residual, within(1e-4));
        }
        float[] again = new float[50];
        twin.score(-3, user, ITEM_FEATURES, candidates, 50, again);
        assertThat(again).containsExactly(logits);
    }

    @Test
    void theFullWidthLogisticScorerIsTheGroundTruth() {
        Scorer scorer = new Scorer(ScorerSpec.of("logistic", FeatureSpace.PAIR_WIDTH, List.of()), TRUTH, 3);
        float[] user = user(4);
        int[] candidates = candidates(20, 8);
        float[] logits = new float[20];
        scorer.score(ClickModel.baseLogit("feed"), user, ITEM_FEATURES, candidates, 20, logits);
        for (int i = 0; i < 20; i++) {
            assertThat(Scorer.probability(logits[i]))
                    .isCloseTo(
                            TRUTH.probability("feed", user, ITEM_FEATURES, candidates[i] * FeatureSpace.ITEM_WIDTH),
                            within(1e-5));
        }
    }

    @Test
    void topKKeepsExactlyTheBestScored() {
        SplittableRandom random = new SplittableRandom(11);
        for (int round = 0; round < 200; round++) {
            int n = 1 + random.nextInt(400);
            int k = 1 + random.nextInt(n);
            float[] scores = new float[n];
            int[] ids = new int[n];
            for (int i = 0; i < n; i++) {
                scores[i] = random.nextInt(50); // many ties
                ids[i] = i;
            }
            float[] sorted = scores.clone();
            Arrays.sort(sorted);
            float[] original = scores.clone();
            TopK.select(scores, ids, n, k);
            float[] kept = new float[k];
            for (int i = 0; i < k; i++) {
                kept[i] = original[ids[i]];
            }
            Arrays.sort(kept);
            assertThat(kept).containsExactly(Arrays.copyOfRange(sorted, n - k, n));
            assertThat(Arrays.stream(ids).distinct().count()).isEqualTo(n);
        }
    }

    @Test
    void theFunnelPassesOnEachStagesTopAndCountsItsWork() {
        Scorer esr = new Scorer(ScorerSpec.of("dense", 64, List.of(32)), TRUTH, 1);
        Scorer lsr = new Scorer(ScorerSpec.of("dense", 128, List.of(64, 32)), TRUTH, 2);
        Funnel funnel = new Funnel(
                List.of(new Funnel.Stage("esr", esr, 300), new Funnel.Stage("lsr", lsr, 40)),
                ITEM_FEATURES,
                ClickModel.baseLogit("feed"));
        int[] candidates = candidates(1_500, 13);
        int[] copy = candidates.clone();
        Funnel.Cost cost = funnel.replay(user(2), candidates, 1_500);
        assertThat(candidates).containsExactly(copy);
        assertThat(cost.candidates()).containsExactly(1_500, 300);
        assertThat(cost.flops()).containsExactly(1_500L * esr.flopsPerCandidate(), 300L * lsr.flopsPerCandidate());
        assertThat(Arrays.stream(cost.cpuNanos()).min().getAsLong()).isPositive();
    }

    static float[] items() {
        float[] features = new float[ITEMS * FeatureSpace.ITEM_WIDTH];
        for (int id = 0; id < ITEMS; id++) {
            System.arraycopy(
                    FeatureSpace.itemFeatures(SEED, id),
                    0,
                    features,
                    id * FeatureSpace.ITEM_WIDTH,
                    FeatureSpace.ITEM_WIDTH);
        }
        return features;
    }

    static float[] user(long id) {
        return FeatureSpace.userFeatures(SEED, id);
    }

    static int[] candidates(int n, long seed) {
        return new SplittableRandom(seed).ints(n, 0, ITEMS).toArray();
    }

    private static double[][] gaussian(SplittableRandom random, int rows, int cols, double std) {
        double[][] out = new double[rows][cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[r][c] = (float) (std
                        * Math.sqrt(-2 * Math.log(1 - random.nextDouble()))
                        * Math.cos(2 * Math.PI * random.nextDouble()));
            }
        }
        return out;
    }

    private static double[] matVec(double[] x, double[][] w) {
        double[] y = new double[w[0].length];
        for (int k = 0; k < x.length; k++) {
            for (int j = 0; j < y.length; j++) {
                y[j] += x[k] * w[k][j];
            }
        }
        return y;
    }

    private static double[] add(double[] a, double[] b) {
        double[] out = a.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] += b[i];
        }
        return out;
    }

    private static double[] relu(double[] a) {
        return Arrays.stream(a).map(v -> Math.max(0, v)).toArray();
    }
}
