package io.modelfleet.registry.internal.yaml;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A problem in a YAML file, with its position (1-based) so the registry can report it like any other
 * diagnostic. Thrown when the file cannot be turned into a document tree; otherwise one of a
 * {@link YamlDocument}'s findings.
 */
public final class YamlProblem extends Exception {
    private static final long serialVersionUID = 1L;

    private final String rule;
    private final int line;
    private final int column;
    private final String hint;
    private final List<YamlProblem> findingsBefore;

    public YamlProblem(String rule, int line, int column, String message, String hint) {
        this(rule, line, column, message, hint, List.of());
    }

    private YamlProblem(
            String rule, int line, int column, String message, String hint, List<YamlProblem> findingsBefore) {
        super(requireNonNull(message, "message is null"), null, false, false);
        this.rule = requireNonNull(rule, "rule is null");
        this.line = line;
        this.column = column;
        this.hint = requireNonNull(hint, "hint is null");
        this.findingsBefore = List.copyOf(findingsBefore);
    }

    /** This problem, stopping a read that had already read past {@code findings}. */
    YamlProblem after(List<YamlProblem> findings) {
        return findings.isEmpty() ? this : new YamlProblem(rule, line, column, getMessage(), hint, findings);
    }

    /**
     * Findings read past before this problem stopped the read (a YAML 1.1 boolean above a syntax
     * error), so they are reported in the same run.
     */
    public List<YamlProblem> findingsBefore() {
        return findingsBefore;
    }

    public String rule() {
        return rule;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    public String hint() {
        return hint;
    }
}
