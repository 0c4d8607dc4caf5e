package io.modelfleet.sim.funnel;

import static java.util.Objects.requireNonNull;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;

/**
 * A surface's ranking funnel after sourcing: each stage scores every candidate it receives and
 * passes on its best {@code keepTop}. Replaying a request measures, per stage, the CPU time of the
 * calling thread (gathering features, scoring, truncating) and the FLOPs counted by the scorer.
 *
 * <p>Not thread-safe: build one per thread.
 */
public final class Funnel {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** One stage: its name (esr, lsr), its scorer, and how many candidates it passes on. */
    public record Stage(String name, Scorer scorer, int keepTop) {
        public Stage {
            requireNonNull(name, "name is null");
            requireNonNull(scorer, "scorer is null");
            if (keepTop < 1) {
                throw new IllegalArgumentException(
                        "Cannot create stage " + name + ": keepTop must be at least 1, got " + keepTop);
            }
        }
    }

    /** What one request cost, per stage, in stage order. */
    public record Cost(long[] cpuNanos, long[] flops, int[] candidates) {}

    private final List<Stage> stages;
    private final float[] items;
    private final double baseLogit;
    private int[] ids = new int[0];
    private float[] logits = new float[0];

    /**
     * @param items item features, {@link FeatureSpace#ITEM_WIDTH} floats per item id
     * @param baseLogit the surface's base click logit
     */
    public Funnel(List<Stage> stages, float[] items, double baseLogit) {
        this.stages = List.copyOf(stages);
        this.items = requireNonNull(items, "items is null");
        this.baseLogit = baseLogit;
        if (!THREADS.isCurrentThreadCpuTimeSupported()) {
            throw new IllegalStateException("Cannot measure stages: this JVM does not report thread CPU time");
        }
    }

    public List<Stage> stages() {
        return stages;
    }

    /** Runs one request through every stage. {@code candidates} is not modified. */
    public Cost replay(float[] user, int[] candidates, int count) {
        if (ids.length < count) {
            ids = new int[count];
            logits = new float[count];
        }
        System.arraycopy(candidates, 0, ids, 0, count);
        long[] cpu = new long[stages.size()];
        long[] flops = new long[stages.size()];
        int[] in = new int[stages.size()];
        int n = count;
        for (int s = 0; s < stages.size(); s++) {
            Stage stage = stages.get(s);
            long start = THREADS.getCurrentThreadCpuTime();
            flops[s] = stage.scorer().score(baseLogit, user, items, ids, n, logits);
            TopK.select(logits, ids, n, stage.keepTop());
            cpu[s] = THREADS.getCurrentThreadCpuTime() - start;
            in[s] = n;
            n = Math.min(n, stage.keepTop());
        }
        return new Cost(cpu, flops, in);
    }
}
