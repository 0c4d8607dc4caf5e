package io.modelfleet.core;

/**
 * One job, described before it runs: options are set (and checked as they are set), then {@link
 * #execute()} runs it once and returns what it did. The description holds no engine types, so the
 * command line, the scheduler and the demo configure a job the same way whatever runs it.
 *
 * @param <R> the result record
 */
public interface Action<R> {
    /** Runs the job with the options set so far; throws {@link ModelfleetException} for bad options. */
    R execute();
}
