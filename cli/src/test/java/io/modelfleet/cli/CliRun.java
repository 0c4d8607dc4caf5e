package io.modelfleet.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/** Runs the CLI in-process with captured output, as a user would run bin/modelfleet; shared by every command module's tests. */
public record CliRun(int exitCode, String out, String err) {
    /** The sample fleet, from any module folder of the checkout. */
    public static final Path EXAMPLE =
            Path.of("..", "examples", "registry").toAbsolutePath().normalize();

    public static CliRun run(Path cwd, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true), cwd);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** Copies the sample fleet to {@code target}. */
    public static Path copyExample(Path target) throws IOException {
        try (Stream<Path> paths = Files.walk(EXAMPLE)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path destination = target.resolve(EXAMPLE.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(destination);
                } else {
                    Files.copy(path, destination, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return target;
    }
}
