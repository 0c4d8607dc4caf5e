package io.modelfleet.sim.funnel;

/** Picks the best-scored candidates, the way a ranking stage truncates its list. */
final class TopK {
    private TopK() {}

    /**
     * Moves the {@code k} highest-scored of {@code n} candidates to the front of {@code ids}
     * (in no particular order), reordering {@code scores} alongside. Quickselect: linear on average.
     */
    static void select(float[] scores, int[] ids, int n, int k) {
        if (k >= n) {
            return;
        }
        int lo = 0;
        int hi = n - 1;
        while (lo < hi) {
            float pivot = scores[(lo + hi) >>> 1];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (scores[i] > pivot) {
                    i++;
                }
                while (scores[j] < pivot) {
                    j--;
                }
                if (i <= j) {
                    swap(scores, ids, i++, j--);
                }
            }
            if (k - 1 <= j) {
                hi = j;
            } else if (k - 1 >= i) {
                lo = i;
            } else {
                return;
            }
        }
    }

    private static void swap(float[] scores, int[] ids, int a, int b) {
        float s = scores[a];
        scores[a] = scores[b];
        scores[b] = s;
        int id = ids[a];
        ids[a] = ids[b];
        ids[b] = id;
    }
}
