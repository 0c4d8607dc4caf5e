package io.modelfleet.cli.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelfleet.cli.CliRun;
import io.modelfleet.cli.Config;
import io.modelfleet.cli.ExitCodes;
import io.modelfleet.sim.hardware.Calibration;
import io.modelfleet.sim.hardware.HardwareProfile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** launch calibrate: measures this machine, prints the fit, and writes modelfleet.yaml's hardware: block. */
class TestLaunchCalibrate {
    @TempDir
    Path cwd;

    @Test
    void calibrateWritesTheProfileIntoModelfleetYamlKeepingTheRest() throws IOException {
        Files.writeString(cwd.resolve(Config.FILE_NAME), """
                # our deployment
                registry: registry   # the registry folder
                hardware:
                  name: old-box
                  gflops_per_core: 1
                  candidate_overhead_ns: 1
                warehouse: warehouse
                """);
        CliRun run = CliRun.run(
                cwd,
                "launch",
                "calibrate",
                "--repeats",
                "3",
                "--warm-up-seconds",
                "0.1",
                "--name",
                "test-box",
                "--write");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err())
                .contains("calibrating ")
                .contains("  timing 10 shapes, each in a JVM of its own: 0.1 s of warm-up, then the fastest of 3 runs")
                .contains("  10/10 dense(128 -> [512, 128] -> 1) x 500: ");
        assertThat(run.out())
                .containsPattern("hardware profile 'test-box': [0-9.]+ GFLOP/s per core, [0-9.]+ ns per candidate")
                .contains("dense(128 -> [512, 128] -> 1)")
                .containsPattern("fit: largest error [0-9.]+%, root mean square [0-9.]+%")
                .contains("written to " + cwd.resolve(Config.FILE_NAME));
        String written = Files.readString(cwd.resolve(Config.FILE_NAME));
        assertThat(written)
                .startsWith("# our deployment\nregistry: registry   # the registry folder\nhardware:\n"
                        + "  # measured by 'modelfleet launch calibrate' on ")
                .endsWith("warehouse: warehouse\n")
                .doesNotContain("old-box");
        HardwareProfile profile = Config.load(cwd.resolve(Config.FILE_NAME)).hardware();
        assertThat(profile.name()).isEqualTo("test-box");
        assertThat(profile.gflopsPerCore()).isPositive();
        assertThat(profile.calibratedAt()).isPresent();
    }

    @Test
    void calibrateAsJsonSaysEveryShapesFitAndWritesNothingWithoutWrite() throws IOException {
        CliRun run = CliRun.run(
                cwd, "launch", "calibrate", "--repeats", "2", "--warm-up-seconds", "0.1", "--format", "json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode root = new ObjectMapper().readTree(run.out());
        assertThat(root.path("profile").path("name").asText()).endsWith("core");
        double gflops = root.path("profile").path("gflops_per_core").asDouble();
        double overhead = root.path("profile").path("candidate_overhead_ns").asDouble();
        assertThat(root.path("shapes").size()).isEqualTo(Calibration.SHAPES.size());
        double largest = 0;
        for (JsonNode shape : root.path("shapes")) {
            // The modelled time, recomputed from the profile and the counts: FLOPs at the rate plus the candidates.
            double modelledMs = (shape.path("flops").asDouble() / (gflops * 1e9)
                            + shape.path("candidates").asDouble() * overhead * 1e-9)
                    * 1e3;
            assertThat(shape.path("modelled_ms").asDouble()).isCloseTo(modelledMs, within(1e-9));
            assertThat(shape.path("error").asDouble())
                    .isCloseTo(modelledMs / shape.path("fastest_ms").asDouble() - 1, within(1e-9));
            largest = Math.max(largest, Math.abs(shape.path("error").asDouble()));
        }
        assertThat(root.path("largest_error").asDouble()).isEqualTo(largest);
        assertThat(root.path("written").isNull()).isTrue();
        assertThat(cwd.resolve(Config.FILE_NAME)).doesNotExist();
    }

    @Test
    void badRepeatsAndABlankNameAreRefusedNamingTheFlag() throws IOException {
        CliRun none = CliRun.run(cwd, "launch", "calibrate", "--repeats", "0");
        assertThat(none.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(none.err())
                .contains("Cannot calibrate: the number of timed runs per shape must be in [1, 100000], got 0")
                .contains("set with --repeats N");
        CliRun blank = CliRun.run(cwd, "launch", "calibrate", "--name", " ");
        assertThat(blank.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(blank.err())
                .contains("Cannot calibrate: the hardware profile's name is blank")
                .contains("set with --name NAME");
        // A config that could not take the profile is refused before the measuring starts, and left as it was.
        String broken = "registry: registry\nmax_range_days: 0\n";
        Files.writeString(cwd.resolve(Config.FILE_NAME), broken);
        CliRun unwritable = CliRun.run(cwd, "launch", "calibrate", "--write");
        assertThat(unwritable.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(unwritable.err())
                .contains("'max_range_days' must be a whole number of at least 1, got 0")
                .doesNotContain("calibrating");
        assertThat(Files.readString(cwd.resolve(Config.FILE_NAME))).isEqualTo(broken);
        CliRun negative = CliRun.run(cwd, "launch", "calibrate", "--warm-up-seconds", "-1");
        assertThat(negative.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(negative.err())
                .contains("Cannot calibrate: the warm-up per shape in seconds must be in [0, 600], got -1")
                .contains("set with --warm-up-seconds S");
    }
}
