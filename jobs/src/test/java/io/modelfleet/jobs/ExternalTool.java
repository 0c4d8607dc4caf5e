package io.modelfleet.jobs;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A real program a test drives (Chromium, promtool, Alertmanager), found on the PATH.
 *
 * <p>{@code .ci/run} installs them from the OS packages and sets {@code MODELFLEET_EXTERNAL_TOOLS=required},
 * so in CI a missing program fails the test. On a developer's machine without them the test is
 * skipped, saying which package to install: the rest of the suite still runs.
 */
public final class ExternalTool {
    private ExternalTool() {}

    /** The program's path; fails (CI) or skips (elsewhere) when it is not installed. */
    public static Path require(String program, String debianPackage) {
        return require(program, debianPackage, List.of());
    }

    /**
     * As {@link #require(String, String)}, looking in {@code folders} too when the program is not on
     * the PATH: some packages keep their programs off it (PostgreSQL's server in
     * {@code /usr/lib/postgresql/<major>/bin}).
     */
    public static Path require(String program, String debianPackage, List<Path> folders) {
        Optional<Path> found = find(program)
                .or(() -> folders.stream()
                        .map(dir -> dir.resolve(program))
                        .filter(Files::isExecutable)
                        .findFirst());
        if (found.isPresent()) {
            return found.get();
        }
        String why = program + " is not installed: apt-get install -y " + debianPackage
                + " (.ci/run installs it where missing)";
        if ("required".equals(System.getenv("MODELFLEET_EXTERNAL_TOOLS"))) {
            fail(why);
        }
        Assumptions.abort(why);
        throw new AssertionError("unreachable");
    }

    static Optional<Path> find(String program) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        return Stream.of(path.split(File.pathSeparator))
                .map(dir -> Path.of(dir, program))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
