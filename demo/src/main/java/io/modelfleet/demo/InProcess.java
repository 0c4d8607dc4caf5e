package io.modelfleet.demo;

import io.modelfleet.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a modelfleet command on the demo folder in this JVM (sharing its Spark session) and shows what
 * it printed, indented under the demo's step: the demo shows the very commands a person would type.
 */
final class InProcess {
    private InProcess() {}

    static int run(PrintWriter out, PrintWriter err, Path dir, String... args) {
        List<String> line = new ArrayList<>(
                List.of("--config", dir.resolve("modelfleet.yaml").toString()));
        line.addAll(List.of(args));
        StringWriter printed = new StringWriter();
        StringWriter warned = new StringWriter();
        int code = Main.run(
                line.toArray(String[]::new), new PrintWriter(printed, true), new PrintWriter(warned, true), dir);
        printed.toString().lines().forEach(l -> out.println(l.isEmpty() ? "" : "     " + l));
        // Spark's start-up line is noise here; anything else the command said on stderr is kept.
        warned.toString().lines().filter(l -> !l.startsWith("starting Spark")).forEach(err::println);
        out.flush();
        err.flush();
        return code;
    }
}
