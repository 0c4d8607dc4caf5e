package io.modelfleet.registry.internal.yaml;

import static java.util.Objects.requireNonNull;

/**
 * A YAML file that cannot be turned into a document tree. Carries the position (1-based) so the
 * registry can report it like any other diagnostic.
 */
public final class YamlProblem extends Exception {
    private static final long serialVersionUID = 1L;

    private final String rule;
    private final int line;
    private final int column;
    private final String hint;

    public YamlProblem(String rule, int line, int column, String message, String hint) {
        super(requireNonNull(message, "message is null"), null, false, false);
        this.rule = requireNonNull(rule, "rule is null");
        this.line = line;
        this.column = column;
        this.hint = requireNonNull(hint, "hint is null");
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
