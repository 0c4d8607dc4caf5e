package io.modelfleet.core;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * The one unchecked exception modelfleet raises for failures it can explain. The category decides
 * the exit code; the message says what went wrong, and the hint how to fix it. Built in one place,
 * {@link ModelfleetErrors}; where the fault lies in one {@link Input}, the exception names it, so
 * that the command line can say which flag or setting to change.
 */
public class ModelfleetException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public enum Category {
        /** The input is wrong: a flag, a file the user pointed at, a value in it. */
        USER_ERROR,
        /** The environment failed: disk, permissions, git, network. */
        IO_ERROR,
        /** A bug in modelfleet. */
        INTERNAL_ERROR
    }

    /** What a user gives modelfleet, in domain words; the command line maps each to its flags. */
    public enum Input {
        REGISTRY,
        LOGS,
        WAREHOUSE,
        TRAFFIC,
        HOURS,
        SEED,
        SCALE,
        NEGATIVE_WEIGHT,
        INCIDENT,
        REQUESTS_PER_DAY,
        SAMPLES_PER_HOUR,
        MODEL_COUNT,
        TEAM_COUNT,
        MODEL,
        CANDIDATE,
        JOB,
        SCHEDULER_SETTINGS,
        CONFIG,
        CLOCK_SPEED,
        ARRIVAL_RATE,
        SERVICE_TIME,
        SERVICE_DISTRIBUTION,
        SERVERS,
        REQUESTS,
        FILTER,
        OUTPUT,
        WORKDIR,
        SAMPLE_REGISTRY,
        RANGE_CONFIRMATION,
        LAUNCH,
        LAUNCH_FILE,
        ACTOR,
        REASON,
        LAUNCH_COUNT,
        HOURS_MORE,
        ALERTS,
        SPARK_MASTER,
        HARDWARE,
        REPEATS,
        WARM_UP,
        PROFILE_NAME,
        LABEL_DELAY
    }

    private final Category category;
    private final String hint;
    private final Input input;

    public ModelfleetException(Category category, String message, String hint, Throwable cause) {
        this(category, message, hint, null, cause);
    }

    public ModelfleetException(Category category, String message, String hint, Input input, Throwable cause) {
        super(requireNonNull(message, "message is null"), cause);
        this.category = requireNonNull(category, "category is null");
        this.hint = requireNonNull(hint, "hint is null");
        this.input = input;
    }

    static ModelfleetException userError(String message, String hint) {
        return new ModelfleetException(Category.USER_ERROR, message, hint, null);
    }

    static ModelfleetException ioError(String message, String hint, Throwable cause) {
        return new ModelfleetException(Category.IO_ERROR, message, hint, cause);
    }

    public Category category() {
        return category;
    }

    public String hint() {
        return hint;
    }

    /** The input at fault, if the fault lies in one. */
    public Optional<Input> input() {
        return Optional.ofNullable(input);
    }
}
