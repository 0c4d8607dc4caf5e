package io.modelfleet.sim.funnel;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Scoring cost follows the model. In a class of its own because the ranking-sim module forks a JVM
 * per test class: the scorers' hot loop must be compiled for these shapes alone, as in a benchmark
 * fork, not with the profile other tests left behind (which made this ratio wander from 1.85 to 1.55).
 */
class TestScorerCost {
    /**
     * The LSR shape of the sample registry, 128 -> [256, 64], against its first hidden layer twice as
     * wide: 98,688 against 196,992 FLOPs per candidate (2.0x). Eight scorers of each width, each with its own weights and buffers: where an array lands in
     * memory moves one scorer's vector loops by up to 20%, which averages out over eight.
     */
    @Test
    void aScorerTwiceAsWideCostsAboutTwiceTheCpuPerCandidate() {
        int instances = 8;
        Scorer[] narrow = new Scorer[instances];
        Scorer[] wide = new Scorer[instances];
        for (int k = 0; k < instances; k++) {
            narrow[k] = new Scorer(ScorerSpec.of("dense", 128, List.of(256, 64)), TestFunnel.TRUTH, k);
            wide[k] = new Scorer(ScorerSpec.of("dense", 128, List.of(512, 64)), TestFunnel.TRUTH, k);
        }
        int[] candidates = TestFunnel.candidates(1_500, 21);
        float[] user = TestFunnel.user(3);
        float[] logits = new float[1_500];
        // Warm up until both are compiled for good, interleaved.
        long warmUntil = System.nanoTime() + 3_000_000_000L;
        while (System.nanoTime() < warmUntil) {
            for (int k = 0; k < instances; k++) {
                narrow[k].score(0, user, TestFunnel.ITEM_FEATURES, candidates, 1_500, logits);
                wide[k].score(0, user, TestFunnel.ITEM_FEATURES, candidates, 1_500, logits);
            }
        }
        // Interleaved, so that anything else the machine does hits both alike; the fastest of many runs
        // of each is its cost with the least interference (another process, the JIT, the GC).
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[] narrowBest = new long[instances];
        long[] wideBest = new long[instances];
        Arrays.fill(narrowBest, Long.MAX_VALUE);
        Arrays.fill(wideBest, Long.MAX_VALUE);
        for (int r = 0; r < 25; r++) {
            for (int k = 0; k < instances; k++) {
                long start = threads.getCurrentThreadCpuTime();
                narrow[k].score(0, user, TestFunnel.ITEM_FEATURES, candidates, 1_500, logits);
                long middle = threads.getCurrentThreadCpuTime();
                wide[k].score(0, user, TestFunnel.ITEM_FEATURES, candidates, 1_500, logits);
                wideBest[k] = Math.min(wideBest[k], threads.getCurrentThreadCpuTime() - middle);
                narrowBest[k] = Math.min(narrowBest[k], middle - start);
            }
        }
        double ratio = (double) Arrays.stream(wideBest).sum()
                / Arrays.stream(narrowBest).sum();
        System.out.printf("scorer cost ratio, 128 -> [512, 64] over 128 -> [256, 64]: %.3f%n", ratio);
        assertThat(ratio).isBetween(1.7, 2.3);
    }
}
