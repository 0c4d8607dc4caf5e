package io.modelfleet.scheduler;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The scheduler's notion of "now": which hours are complete, when a failed hour may be retried.
 * Quartz fires on real time; what a firing does depends on this clock, so tests and the demo can
 * pass hours of schedule in seconds.
 */
public interface Clock {
    Instant now();

    static Clock system() {
        return Instant::now;
    }

    /** Real time sped up {@code factor} times from {@code origin}, starting now. */
    static Clock accelerated(Instant origin, double factor) {
        long startNanos = System.nanoTime();
        return () -> origin.plusNanos((long) ((System.nanoTime() - startNanos) * factor));
    }

    /** A clock that moves only when told to. */
    final class Manual implements Clock {
        private final AtomicReference<Instant> now;

        public Manual(Instant start) {
            now = new AtomicReference<>(start);
        }

        @Override
        public Instant now() {
            return now.get();
        }

        public void set(Instant instant) {
            now.set(instant);
        }

        public void advance(Duration duration) {
            now.updateAndGet(t -> t.plus(duration));
        }
    }
}
