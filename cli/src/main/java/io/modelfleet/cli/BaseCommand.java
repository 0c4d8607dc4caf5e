package io.modelfleet.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Gives every subcommand its context (output, working folder, config) from the root command. */
public abstract class BaseCommand implements Callable<Integer> {
    @Spec
    protected CommandSpec spec;

    protected CliContext context() {
        return ((ModelfleetCommand) spec.root().userObject()).context();
    }

    protected PrintWriter out() {
        return context().out();
    }

    protected PrintWriter err() {
        return context().err();
    }
}
