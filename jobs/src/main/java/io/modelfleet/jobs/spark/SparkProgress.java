package io.modelfleet.jobs.spark;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * Progress of a long Spark action, as lines a person reads while waiting: units done of the total
 * (parts of the logs read, tasks written), elapsed seconds, at most one line every few seconds. Counts
 * come from Spark's listener bus; what the action computes never depends on them.
 */
public final class SparkProgress implements AutoCloseable {
    private static final long MIN_GAP_NANOS = 3_000_000_000L;

    /**
     * What one progress unit is: a finished shuffle-map task (a part of the input read; their total
     * is learned as the map stages start), or a finished result task.
     */
    public enum Unit {
        MAP_TASKS,
        TASKS
    }

    private final SparkContext context;
    private final SparkListener listener;
    private final long start = System.nanoTime();

    private SparkProgress(SparkContext context, String doing, String what, int total, Unit unit, Consumer<String> out) {
        this.context = context;
        AtomicInteger done = new AtomicInteger();
        AtomicInteger expected = new AtomicInteger(total);
        long[] lastLine = {start};
        this.listener = new SparkListener() {
            @Override
            public void onStageSubmitted(SparkListenerStageSubmitted event) {
                if (unit == Unit.MAP_TASKS && event.stageInfo().shuffleDepId().isDefined()) {
                    expected.addAndGet(event.stageInfo().numTasks());
                }
            }

            @Override
            public void onTaskEnd(SparkListenerTaskEnd event) {
                // Result tasks write the output, one per partition of the final stage; map tasks read the input.
                String counted = unit == Unit.TASKS ? "ResultTask" : "ShuffleMapTask";
                if (event.taskInfo().successful() && event.taskType().equals(counted)) {
                    report(done.incrementAndGet());
                }
            }

            private void report(int count) {
                long now = System.nanoTime();
                int of = expected.get();
                synchronized (lastLine) {
                    boolean last = count == of;
                    if (count > of && of > 0 || !last && now - lastLine[0] < MIN_GAP_NANOS) {
                        return;
                    }
                    lastLine[0] = now;
                }
                out.accept(
                        of > 0
                                ? String.format(
                                        Locale.ROOT,
                                        "%s: %d of %d %s (%.0f s)",
                                        doing,
                                        Math.min(count, of),
                                        of,
                                        what,
                                        (now - start) / 1e9)
                                : String.format(
                                        Locale.ROOT,
                                        "%s: %d %s done (%.0f s)",
                                        doing,
                                        count,
                                        what,
                                        (now - start) / 1e9));
            }
        };
        context.addSparkListener(listener);
    }

    /**
     * Reports {@code doing: k of total what (s)} while the caller's Spark work runs ({@code total} 0:
     * not known ahead, {@code doing: k what done (s)}; with {@link Unit#MAP_TASKS} pass 0, the map
     * stages say it); close to stop.
     */
    public static SparkProgress track(
            SparkContext context, String doing, String what, int total, Unit unit, Consumer<String> out) {
        return new SparkProgress(context, doing, what, total, unit, out);
    }

    @Override
    public void close() {
        context.removeSparkListener(listener);
    }
}
