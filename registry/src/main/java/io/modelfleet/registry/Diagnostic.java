package io.modelfleet.registry;

import static java.util.Objects.requireNonNull;

/**
 * One finding about a registry file, located to the line and column (1-based) that caused it.
 *
 * @param file path relative to the registry root, with forward slashes
 * @param rule stable rule id, e.g. {@code unique-id} or {@code schema/enum}; CI configurations and
 *     tests key on it, so a rule id never changes meaning
 * @param hint how to fix it, written for the person who edited the file
 */
public record Diagnostic(String file, int line, int column, String rule, Severity severity, String message, String hint)
        implements Comparable<Diagnostic> {
    public Diagnostic {
        requireNonNull(file, "file is null");
        requireNonNull(rule, "rule is null");
        requireNonNull(severity, "severity is null");
        requireNonNull(message, "message is null");
        requireNonNull(hint, "hint is null");
        if (line < 1 || column < 1) {
            throw new IllegalArgumentException(
                    "Cannot create diagnostic: line and column are 1-based, got " + line + ":" + column);
        }
    }

    public static Diagnostic error(String file, int line, int column, String rule, String message, String hint) {
        return new Diagnostic(file, line, column, rule, Severity.ERROR, message, hint);
    }

    public static Diagnostic error(String file, int[] position, String rule, String message, String hint) {
        return error(file, position[0], position[1], rule, message, hint);
    }

    public static Diagnostic warning(String file, int[] position, String rule, String message, String hint) {
        return new Diagnostic(file, position[0], position[1], rule, Severity.WARNING, message, hint);
    }

    /** The one-line form CI logs and editors understand: {@code file:line:col: [rule] message}. */
    public String formatLine() {
        return file + ":" + line + ":" + column + ": [" + rule + "] " + message;
    }

    @Override
    public int compareTo(Diagnostic other) {
        int byFile = file.compareTo(other.file);
        if (byFile != 0) {
            return byFile;
        }
        int byLine = Integer.compare(line, other.line);
        if (byLine != 0) {
            return byLine;
        }
        int byColumn = Integer.compare(column, other.column);
        if (byColumn != 0) {
            return byColumn;
        }
        int byRule = rule.compareTo(other.rule);
        // Two findings of one rule at one place (two '1:1' schema/required) still print in a fixed order.
        return byRule != 0 ? byRule : message.compareTo(other.message);
    }

    public enum Severity {
        ERROR,
        WARNING
    }
}
