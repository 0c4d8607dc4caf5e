package io.modelfleet.sim.hardware;

import io.modelfleet.core.ModelfleetErrors;
import io.modelfleet.sim.funnel.ScorerSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Times one {@link Calibration.Shape} in a JVM of its own: {@link #inOwnJvm} starts this class's
 * {@link #main} with this JVM's java and class path and reads back one line, {@code <flops>
 * <nanoseconds>}. Not an API: the entry point of that child JVM.
 */
public final class ShapeTimer {
    /** The child's heap: the item table (12.8 MB) and a few scorers. */
    static final String HEAP = "-Xmx512m";

    private ShapeTimer() {}

    /** Arguments: repetitions, warm-up in milliseconds, kind, input width, hidden widths ("-" for none), candidates, keep top. */
    public static void main(String[] args) {
        Calibration.Shape shape = shape(Arrays.copyOfRange(args, 2, args.length));
        Calibration.Point point = Calibration.measure(
                        Integer.parseInt(args[0]), Duration.ofMillis(Long.parseLong(args[1])), List.of(shape))
                .get(0);
        System.out.println(point.flops() + " " + Math.round(point.seconds() * 1e9));
    }

    static Calibration.Point inOwnJvm(Calibration.Shape shape, int repeats, Duration warmUp) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                HEAP,
                "-cp",
                System.getProperty("java.class.path"),
                ShapeTimer.class.getName(),
                Integer.toString(repeats),
                Long.toString(warmUp.toMillis())));
        command.addAll(args(shape));
        Process child;
        try {
            child = new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw ModelfleetErrors.calibrationFailed(shape.toString(), "cannot start " + command.get(0), e);
        }
        try {
            child.getOutputStream().close();
            CompletableFuture<String> errors = CompletableFuture.supplyAsync(() -> read(child.getErrorStream()));
            String out = read(child.getInputStream()).strip();
            // Generous: the warm-up, the timed runs of the largest shape, and a JVM start on a busy machine.
            if (!child.waitFor(warmUp.toSeconds() + 600, TimeUnit.SECONDS)) {
                throw ModelfleetErrors.calibrationFailed(shape.toString(), "it did not finish in 10 minutes", null);
            }
            String[] words = out.split(" ");
            if (child.exitValue() != 0 || words.length != 2) {
                throw ModelfleetErrors.calibrationFailed(
                        shape.toString(),
                        "it exited with " + child.exitValue() + ": "
                                + (out + " " + errors.join())
                                        .strip()
                                        .lines()
                                        .limit(5)
                                        .collect(Collectors.joining(" | ")),
                        null);
            }
            return new Calibration.Point(
                    shape, Long.parseLong(words[0]), shape.candidates(), Long.parseLong(words[1]) / 1e9);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ModelfleetErrors.calibrationFailed(shape.toString(), "interrupted", e);
        } catch (IOException e) {
            throw ModelfleetErrors.calibrationFailed(shape.toString(), "cannot talk to it", e);
        } finally {
            child.destroyForcibly();
        }
    }

    static List<String> args(Calibration.Shape shape) {
        ScorerSpec scorer = shape.scorer();
        return List.of(
                scorer.kind().name().toLowerCase(Locale.ROOT),
                Integer.toString(scorer.inputWidth()),
                scorer.hidden().isEmpty()
                        ? "-"
                        : scorer.hidden().stream().map(String::valueOf).collect(Collectors.joining(",")),
                Integer.toString(shape.candidates()),
                Integer.toString(shape.keepTop()));
    }

    static Calibration.Shape shape(String[] args) {
        List<Integer> hidden = args[2].equals("-")
                ? List.of()
                : Arrays.stream(args[2].split(",")).map(Integer::valueOf).toList();
        return new Calibration.Shape(
                ScorerSpec.of(args[0], Integer.parseInt(args[1]), hidden),
                Integer.parseInt(args[3]),
                Integer.parseInt(args[4]));
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
