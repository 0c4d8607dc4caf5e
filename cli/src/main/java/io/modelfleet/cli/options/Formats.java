package io.modelfleet.cli.options;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The output formats a command writes, the first being its default. A command that mixes in
 * {@link FormatOption} carries this on its class; the option refuses any other format while the
 * command line is parsed, and the command's help lists these.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Formats {
    OutputFormat[] value();
}
