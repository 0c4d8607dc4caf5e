package io.modelfleet.cli.spark;

import io.modelfleet.cli.CliRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** What the sample fleet's YAML files say, read as text: the independent side of the generators' summaries. */
final class FleetFiles {
    private static final Pattern SURFACE = Pattern.compile("(?m)^surface: (\\S+)\\s*$");

    private FleetFiles() {}

    /** The text of every model file that is not deprecated. */
    static List<String> servingModels() {
        try (Stream<Path> files = Files.walk(CliRun.EXAMPLE.resolve("models"))) {
            return files.filter(f -> f.toString().endsWith(".yaml"))
                    .map(FleetFiles::read)
                    .filter(text -> !text.contains("\nlifecycle: deprecated"))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The surfaces of the serving models, sorted. */
    static List<String> servingSurfaces() {
        return servingModels().stream()
                .map(text -> {
                    Matcher m = SURFACE.matcher(text);
                    if (!m.find()) {
                        throw new IllegalStateException("a model file without 'surface:'");
                    }
                    return m.group(1);
                })
                .distinct()
                .sorted()
                .toList();
    }

    /** The hr= partition folders under a ds=/hr= partitioned table. */
    static long hourPartitions(Path table) {
        try (Stream<Path> paths = Files.walk(table, 2)) {
            return paths.filter(Files::isDirectory)
                    .filter(p -> p.getFileName().toString().startsWith("hr="))
                    .count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
