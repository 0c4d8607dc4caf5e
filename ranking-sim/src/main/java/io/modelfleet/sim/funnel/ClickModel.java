package io.modelfleet.sim.funnel;

import io.modelfleet.core.SurfaceRates;
import java.util.SplittableRandom;

/**
 * The hidden ground truth of recorded traffic: the probability that a user clicks an item is a
 * logistic function of their pair features, with importance falling off along the feature
 * order, around a base rate per surface. The traffic generator draws click labels from it; the
 * simulator's scorers stand in for trained models by knowing its weights for the features they
 * read, so a model that reads more features predicts better.
 */
public final class ClickModel {

    private final float[] weights = new float[FeatureSpace.PAIR_WIDTH];

    public ClickModel(long seed) {
        SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
        for (int j = 0; j < weights.length; j++) {
            // Total variance sum(w^2) ~ 0.36 * ln(128) ~ 1.9: clicks depend clearly, not perfectly, on features.
            weights[j] = (float) ((random.nextBoolean() ? 0.6 : -0.6) / Math.sqrt(j + 1));
        }
    }

    public static double baseLogit(String surface) {
        double ctr = SurfaceRates.baseCtr(surface);
        return Math.log(ctr / (1 - ctr));
    }

    /** The weight of pair feature {@code j}. */
    public float weight(int j) {
        return weights[j];
    }

    /** The true click probability of a user for an item (features of the item at {@code itemOffset}). */
    public double probability(String surface, float[] user, float[] items, int itemOffset) {
        double logit = baseLogit(surface);
        for (int j = 0; j < weights.length; j++) {
            logit += weights[j] * FeatureSpace.pairFeature(user, items, itemOffset, j);
        }
        return 1 / (1 + Math.exp(-logit));
    }
}
