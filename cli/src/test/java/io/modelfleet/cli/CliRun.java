package io.modelfleet.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

/** Runs the CLI in-process with captured output, as a user would run bin/modelfleet. */
record CliRun(int exitCode, String out, String err) {
    static CliRun run(Path cwd, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true), cwd);
        return new CliRun(code, out.toString(), err.toString());
    }
}
