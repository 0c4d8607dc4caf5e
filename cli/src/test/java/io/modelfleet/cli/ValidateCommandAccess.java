package io.modelfleet.cli;

import io.modelfleet.cli.registry.ValidateCommand;

/** Test access to the annotation escaping, which is package-private in its own package. */
final class ValidateCommandAccess {
    private ValidateCommandAccess() {}

    static String data(String value) {
        return ValidateCommand.escapeData(value);
    }

    static String property(String value) {
        return ValidateCommand.escapeProperty(value);
    }
}
