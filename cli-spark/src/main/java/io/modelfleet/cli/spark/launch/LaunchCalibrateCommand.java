package io.modelfleet.cli.spark.launch;

import io.modelfleet.cli.BaseCommand;
import io.modelfleet.cli.ConfigEdits;
import io.modelfleet.cli.ExitCodes;
import io.modelfleet.cli.options.FormatOption;
import io.modelfleet.cli.options.Formats;
import io.modelfleet.cli.options.OutputFormat;
import io.modelfleet.cli.render.Json;
import io.modelfleet.cli.render.TextTable;
import io.modelfleet.core.ModelfleetErrors;
import io.modelfleet.core.ModelfleetException.Input;
import io.modelfleet.sim.hardware.Calibration;
import io.modelfleet.sim.hardware.HardwareProfile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Measures this machine's {@link HardwareProfile} once, for launch estimates to size replicas
 * with. Needs no Spark; each shape is timed in a JVM of its own with the C2 compiler (see {@link
 * Calibration}), so the profile describes the scorer kernels as the replay runs them whatever
 * flags this JVM was started with.
 */
@Command(
        name = "calibrate",
        mixinStandardHelpOptions = true,
        description = "Measure this machine's hardware profile for launch sizing: time the replay's scorer kernels"
                + " over a fixed set of shapes, keep each shape's fastest run, and fit GFLOP/s per core and the"
                + " cost per candidate.",
        footer = {
            "",
            "Launch estimates size replicas from each replayed request's counted FLOPs and candidates on the",
            "profile in modelfleet.yaml (hardware:), or on the built-in default: the same replicas and verdict",
            "however busy the machine that runs the estimate is. Calibrate once, on a quiet machine of the",
            "serving type: the fastest of many runs hardly moves with other work, but a busy machine still",
            "slows it. --write puts the profile in modelfleet.yaml (--config FILE, else the one in the working",
            "folder), replacing only its hardware: block and keeping every other line and comment.",
            "Exit codes: 0 measured (and written), 2 bad input or a config it cannot write, 3 internal error.",
            "",
            "Examples:",
            "  modelfleet launch calibrate",
            "  modelfleet launch calibrate --name m7i-2xlarge --write",
            "  modelfleet launch calibrate --repeats 200 --warm-up-seconds 5 --format json"
        })
@Formats({OutputFormat.TEXT, OutputFormat.JSON})
public final class LaunchCalibrateCommand extends BaseCommand {
    static final int MAX_REPEATS = 100_000;
    static final double MAX_WARM_UP_SECONDS = 600;

    @Option(
            names = "--repeats",
            defaultValue = "100",
            paramLabel = "N",
            description = "Timed runs per shape; the fastest counts (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(
            names = "--warm-up-seconds",
            defaultValue = "2",
            paramLabel = "S",
            description =
                    "Untimed runs per shape first, so that it is timed as compiled code (default: ${DEFAULT-VALUE}).")
    double warmUpSeconds;

    @Option(
            names = "--name",
            paramLabel = "NAME",
            description = "The profile's name (default: this machine's CPU and cores, e.g. amd-epyc-2core).")
    String name;

    @Option(
            names = "--write",
            description = "Write the profile to modelfleet.yaml as its hardware: block (replacing the old one).")
    boolean write;

    @Mixin
    FormatOption format;

    @Override
    public Integer call() {
        if (repeats < 1 || repeats > MAX_REPEATS) {
            throw ModelfleetErrors.outOfRange(
                    "calibrate",
                    "number of timed runs per shape",
                    Input.REPEATS,
                    "[1, " + MAX_REPEATS + "]",
                    repeats,
                    "the default, 100, takes about half a minute with the warm-ups; more can only lower each shape's fastest"
                            + " time");
        }
        if (!(warmUpSeconds >= 0) || warmUpSeconds > MAX_WARM_UP_SECONDS) {
            throw ModelfleetErrors.outOfRange(
                    "calibrate",
                    "warm-up per shape in seconds",
                    Input.WARM_UP,
                    "[0, " + (int) MAX_WARM_UP_SECONDS + "]",
                    warmUpSeconds,
                    "the default, 2, is enough for the JIT to compile every shape");
        }
        Machine machine = Machine.here();
        String profileName = name != null ? name.strip() : machine.slug();
        if (profileName.isEmpty()) {
            throw ModelfleetErrors.blankProfileName();
        }
        if (write) {
            // Half a minute of measuring should not end in a config that cannot take the result.
            ConfigEdits.checkHardwareWritable(context().configTarget());
        }
        err().printf(Locale.ROOT, "calibrating %s with the replay's scorer kernels...%n", machine.describe());
        err().flush();
        Duration warmUp = Duration.ofMillis(Math.round(warmUpSeconds * 1000));
        Calibration.Result result = Calibration.run(profileName, repeats, warmUp, Calibration.SHAPES, line -> {
            err().println("  " + line);
            err().flush();
        });
        HardwareProfile profile = result.profile();
        double largest = 0;
        double squares = 0;
        for (Calibration.Point p : result.points()) {
            double error = p.relativeError(profile);
            largest = Math.max(largest, Math.abs(error));
            squares += error * error;
        }
        double rms = Math.sqrt(squares / result.points().size());
        List<String> comments = List.of(
                "measured by 'modelfleet launch calibrate' on " + machine.describe(),
                String.format(
                        Locale.ROOT,
                        "fastest of %d runs per shape; fit error up to %.0f%% (rms %.0f%%)",
                        repeats,
                        100 * largest,
                        100 * rms));
        Optional<Path> written = Optional.empty();
        if (write) {
            Path file = context().configTarget();
            ConfigEdits.writeHardware(file, profile, comments);
            written = Optional.of(file);
        }
        if (format.get() == OutputFormat.JSON) {
            Json.print(out(), Calibrated.of(result, machine, repeats, largest, rms, written));
            return ExitCodes.OK;
        }
        out().printf(
                        Locale.ROOT,
                        "hardware profile '%s': %.2f GFLOP/s per core, %.1f ns per candidate%n",
                        profile.name(),
                        profile.gflopsPerCore(),
                        profile.candidateOverheadNs());
        out().printf(Locale.ROOT, "  measured on %s; fastest of %d runs per shape%n%n", machine.describe(), repeats);
        TextTable table = new TextTable(List.of("shape", "candidates", "MFLOP", "fastest ms", "modelled ms", "error"));
        for (Calibration.Point p : result.points()) {
            table.row(List.of(
                    p.shape().scorer().toString(),
                    String.format(Locale.ROOT, "%,d", p.candidates()),
                    String.format(Locale.ROOT, "%.2f", p.flops() / 1e6),
                    String.format(Locale.ROOT, "%.3f", p.seconds() * 1e3),
                    String.format(Locale.ROOT, "%.3f", profile.serviceSeconds(p.flops(), p.candidates()) * 1e3),
                    String.format(Locale.ROOT, "%+.1f%%", 100 * p.relativeError(profile))));
        }
        table.print(out());
        out().printf(
                        Locale.ROOT,
                        "fit: largest error %.1f%%, root mean square %.1f%% (modelled = FLOPs / throughput + candidates x"
                                + " cost per candidate)%n",
                        100 * largest,
                        100 * rms);
        if (written.isPresent()) {
            out().println("written to " + written.get() + " (hardware:); launch estimates now size for it");
        } else {
            out().println();
            out().println("launch estimates size for it once modelfleet.yaml has it (--write puts it there):");
            out().print(ConfigEdits.hardwareBlock(profile, comments));
        }
        out().flush();
        return ExitCodes.OK;
    }

    /** Where the profile was measured, in the words a person would use. */
    record Machine(String cpu, int cores, String os, String java) {
        static Machine here() {
            String cpu = System.getProperty("os.arch", "unknown CPU");
            try {
                Path info = Path.of("/proc/cpuinfo");
                if (Files.isReadable(info)) {
                    cpu = Files.readAllLines(info).stream()
                            .filter(line -> line.startsWith("model name"))
                            .map(line -> line.substring(line.indexOf(':') + 1).strip())
                            .filter(model -> !model.isEmpty())
                            .findFirst()
                            .orElse(cpu);
                }
            } catch (IOException | RuntimeException e) {
                // The architecture says less, but enough to tell machines apart.
            }
            return new Machine(
                    cpu,
                    Runtime.getRuntime().availableProcessors(),
                    System.getProperty("os.name", "") + " " + System.getProperty("os.version", ""),
                    "Java " + System.getProperty("java.version", "?"));
        }

        String describe() {
            return String.format(Locale.ROOT, "%s (%d cores), %s, %s", cpu, cores, os.strip(), java);
        }

        /** E.g. {@code amd-epyc-2core}: the CPU's name without its clock speed and trademarks. */
        String slug() {
            String words = cpu.replaceAll("\\(R\\)|\\(TM\\)|(?i)\\bcpu\\b|@.*$|(?i)\\b[0-9.]+\\s*ghz\\b", " ")
                    .toLowerCase(Locale.ROOT)
                    .replaceAll("[^a-z0-9]+", "-")
                    .replaceAll("^-+|-+$", "");
            return (words.isEmpty() ? "machine" : words) + "-" + cores + "core";
        }
    }

    /** What --format json writes. */
    record Calibrated(
            Profile profile,
            Machine machine,
            int repeats,
            List<Shape> shapes,
            double largestError,
            double rmsError,
            String written) {
        static Calibrated of(
                Calibration.Result result,
                Machine machine,
                int repeats,
                double largest,
                double rms,
                Optional<Path> written) {
            HardwareProfile profile = result.profile();
            List<Shape> shapes = new ArrayList<>();
            for (Calibration.Point p : result.points()) {
                shapes.add(new Shape(
                        p.shape().scorer().toString(),
                        p.candidates(),
                        p.shape().keepTop(),
                        p.flops(),
                        p.seconds() * 1e3,
                        profile.serviceSeconds(p.flops(), p.candidates()) * 1e3,
                        p.relativeError(profile)));
            }
            return new Calibrated(
                    new Profile(
                            profile.name(),
                            profile.gflopsPerCore(),
                            profile.candidateOverheadNs(),
                            profile.calibratedAt()
                                    .map(at -> at.truncatedTo(ChronoUnit.SECONDS))
                                    .orElse(null)),
                    machine,
                    repeats,
                    shapes,
                    largest,
                    rms,
                    written.map(Path::toString).orElse(null));
        }
    }

    /** The fitted profile, as modelfleet.yaml's hardware: block holds it. */
    record Profile(String name, double gflopsPerCore, double candidateOverheadNs, Instant calibratedAt) {}

    /** One shape: what it counted, its fastest time, the profile's time for it, and (modelled - fastest) / fastest. */
    record Shape(
            String scorer,
            int candidates,
            int keepTop,
            long flops,
            double fastestMs,
            double modelledMs,
            double error) {}
}
