package io.modelfleet.cli.options;

import io.modelfleet.core.Hour;
import io.modelfleet.core.ModelfleetException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads YYYY-MM-DDTHH (UTC) while the command line is parsed, so a bad hour is a usage error before any work. */
public final class HourConverter implements ITypeConverter<Hour> {
    @Override
    public Hour convert(String value) {
        try {
            return Hour.parse(value);
        } catch (ModelfleetException e) {
            throw new TypeConversionException(e.getMessage() + ": " + e.hint());
        }
    }
}
