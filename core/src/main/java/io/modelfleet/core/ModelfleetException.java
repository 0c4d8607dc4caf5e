package io.modelfleet.core;

import static java.util.Objects.requireNonNull;

/**
 * The one unchecked exception modelfleet raises for failures it can explain. The category decides
 * the exit code; the message says what went wrong, and the hint how to fix it.
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

    private final Category category;
    private final String hint;

    public ModelfleetException(Category category, String message, String hint, Throwable cause) {
        super(requireNonNull(message, "message is null"), cause);
        this.category = requireNonNull(category, "category is null");
        this.hint = requireNonNull(hint, "hint is null");
    }

    public static ModelfleetException userError(String message, String hint) {
        return new ModelfleetException(Category.USER_ERROR, message, hint, null);
    }

    public static ModelfleetException ioError(String message, String hint, Throwable cause) {
        return new ModelfleetException(Category.IO_ERROR, message, hint, cause);
    }

    public Category category() {
        return category;
    }

    public String hint() {
        return hint;
    }
}
