package io.modelfleet.scheduler;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;

/**
 * One job's schedule and policies, from {@code modelfleet.yaml}.
 *
 * @param job the job these settings are for
 * @param cron Quartz cron expression (with seconds) of the firings
 * @param lateness how long after an hour ends its logs are taken as complete
 * @param maxAttempts attempts per hour or day before it is marked failed for good
 * @param backoff wait before the second attempt; doubled for each attempt after it
 */
public record JobSettings(JobName job, String cron, Duration lateness, int maxAttempts, Duration backoff) {
    public JobSettings {
        requireNonNull(job, "job is null");
        requireNonNull(cron, "cron is null");
        requireNonNull(lateness, "lateness is null");
        requireNonNull(backoff, "backoff is null");
    }

    /** When attempt {@code attempts + 1} may run, after {@code attempts} failed ones ending at {@code failedAt}. */
    public Instant nextAttempt(Instant failedAt, int attempts) {
        long factor = 1L << Math.min(20, Math.max(0, attempts - 1));
        return failedAt.plus(backoff.multipliedBy(factor));
    }
}
