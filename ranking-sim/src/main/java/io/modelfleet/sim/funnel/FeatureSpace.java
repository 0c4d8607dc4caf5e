package io.modelfleet.sim.funnel;

import java.util.SplittableRandom;

/**
 * The features recorded traffic carries: a vector per user and one per item, standard normal and
 * derived from (seed, id) so that the traffic generator and every reader agree. A scorer reads the
 * first {@code inputWidth} features of a (user, item) pair, which interleave the two vectors so
 * that any prefix sees both the user and the candidate.
 */
public final class FeatureSpace {
    public static final int USER_WIDTH = 64;
    public static final int ITEM_WIDTH = 64;
    public static final int PAIR_WIDTH = USER_WIDTH + ITEM_WIDTH;

    private FeatureSpace() {}

    public static float[] userFeatures(long seed, long userId) {
        return normals(seed * 0x9E3779B97F4A7C15L + userId, USER_WIDTH);
    }

    public static float[] itemFeatures(long seed, long itemId) {
        return normals(~seed * 0xC2B2AE3D27D4EB4FL + itemId, ITEM_WIDTH);
    }

    /** Pair feature {@code j}: even positions come from the user, odd ones from the item. */
    public static float pairFeature(float[] user, float[] items, int itemOffset, int j) {
        return (j & 1) == 0 ? user[j >> 1] : items[itemOffset + (j >> 1)];
    }

    static float[] normals(long key, int width) {
        SplittableRandom random = new SplittableRandom(key);
        float[] out = new float[width];
        for (int i = 0; i < width; i++) {
            out[i] = (float)
                    (Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble()));
        }
        return out;
    }
}
