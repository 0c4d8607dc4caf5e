package io.modelfleet.assembly;

import io.modelfleet.cli.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The deployment the integration tests run: the example registry over two hours of small logs. */
final class SmallDeployment {
    static final String FROM = "2026-11-24T12";
    static final String TO = "2026-11-24T13";
    static final String MODEL = "ig_feed_mtml_lsr_v3";
    /** {@code generate predictions} for the two hours, with MODEL miscalibrated 1.6x in the second. */
    static final List<String> GENERATE_PREDICTIONS = List.of(
            "generate",
            "predictions",
            "--from",
            FROM,
            "--to",
            TO,
            "--scale",
            "0.3",
            "--incident",
            "miscalibrate:" + MODEL + ":" + TO + ":1.6");

    private SmallDeployment() {}

    /** An empty {@code folder} holding a copy of the example registry, judged on few events per hour. */
    static Path create(Path folder) throws IOException {
        deleteTree(folder);
        Path registry = CliRun.copyExample(folder.resolve("registry"));
        // Few enough events to keep the day small, judged all the same.
        Path tiers = registry.resolve("tiers.yaml");
        Files.writeString(
                tiers, Files.readString(tiers).replaceAll("min_events_per_hour: \\d+", "min_events_per_hour: 100"));
        return folder;
    }

    static String[] args(List<String> first, String... more) {
        return Stream.concat(first.stream(), Stream.of(more)).toArray(String[]::new);
    }

    static String[] args(String[] first, List<String> more) {
        return Stream.concat(Stream.of(first), more.stream()).toArray(String[]::new);
    }

    /** Deletes a folder and everything in it, if it exists. */
    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted((a, b) -> b.compareTo(a)).toList()) {
                Files.delete(path);
            }
        }
    }
}
