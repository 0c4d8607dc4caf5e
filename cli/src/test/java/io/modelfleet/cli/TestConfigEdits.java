package io.modelfleet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelfleet.core.ModelfleetException;
import io.modelfleet.sim.hardware.HardwareProfile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestConfigEdits {
    private static final HardwareProfile PROFILE = new HardwareProfile(
            "amd-epyc-2core", 31.456, 58.04, Optional.of(Instant.parse("2026-11-24T10:00:00.123Z")));
    private static final String BLOCK = """
            hardware:
              # measured by modelfleet launch calibrate
              name: amd-epyc-2core
              gflops_per_core: 31.46
              candidate_overhead_ns: 58.0
              calibrated_at: 2026-11-24T10:00:00Z
            """;

    @TempDir
    Path dir;

    @Test
    void anExistingBlockIsReplacedAndEveryOtherLineKept() throws IOException {
        Path file = dir.resolve(Config.FILE_NAME);
        Files.writeString(file, """
                # Our deployment: keep these notes.
                registry: registry   # the registry folder
                hardware:
                  # an old profile
                  name: old-box
                  gflops_per_core: 10

                  candidate_overhead_ns: 99
                # the warehouse moves next quarter
                warehouse: s3a://fleet/warehouse
                spark:
                  master: local[2]
                """);
        ConfigEdits.writeHardware(file, PROFILE, List.of("measured by modelfleet launch calibrate"));
        assertThat(Files.readString(file)).isEqualTo("""
                # Our deployment: keep these notes.
                registry: registry   # the registry folder
                """ + BLOCK + """
                # the warehouse moves next quarter
                warehouse: s3a://fleet/warehouse
                spark:
                  master: local[2]
                """);
        Config config = Config.load(file);
        assertThat(config.hardware())
                .isEqualTo(new HardwareProfile(
                        "amd-epyc-2core", 31.46, 58.0, Optional.of(Instant.parse("2026-11-24T10:00:00Z"))));
        assertThat(config.sparkMaster()).isEqualTo("local[2]");
        assertThat(config.warehouse().toString()).isEqualTo("s3a://fleet/warehouse");
    }

    @Test
    void aFileWithoutTheBlockGetsItAppendedAndAMissingFileIsCreated() throws IOException {
        Path file = dir.resolve(Config.FILE_NAME);
        Files.writeString(file, "registry: registry\n# last line, no newline");
        ConfigEdits.writeHardware(file, PROFILE, List.of("measured by modelfleet launch calibrate"));
        assertThat(Files.readString(file)).isEqualTo("registry: registry\n# last line, no newline\n" + BLOCK);

        Path fresh = dir.resolve("new/" + Config.FILE_NAME);
        ConfigEdits.writeHardware(fresh, PROFILE, List.of("measured by modelfleet launch calibrate"));
        assertThat(Files.readString(fresh)).isEqualTo(BLOCK);
        assertThat(Config.load(fresh).hardware().name()).isEqualTo("amd-epyc-2core");
    }

    @Test
    void aBlockOnOneLineAndWindowsLineBreaksAreHandled() {
        String text =
                "logs: logs\r\nhardware: {name: x, gflops_per_core: 1, candidate_overhead_ns: 2}\r\nstate: st\r\n";
        assertThat(ConfigEdits.withTopLevelBlock(text, "hardware", "hardware:\n  name: y\n"))
                .isEqualTo("logs: logs\r\nhardware:\r\n  name: y\r\nstate: st\r\n");
        // A key that merely starts with the name, or the name further in, is not the block.
        assertThat(ConfigEdits.withTopLevelBlock("hardwares: 1\nx:\n  hardware: 2\n", "hardware", "hardware: {}\n"))
                .isEqualTo("hardwares: 1\nx:\n  hardware: 2\nhardware: {}\n");
    }

    @Test
    void aNameThatIsNotPlainYamlIsQuotedAndReadsBackTheSame() throws IOException {
        Path file = dir.resolve(Config.FILE_NAME);
        HardwareProfile odd = new HardwareProfile("rack 7: \"fast\" #1", 20, 30, Optional.empty());
        ConfigEdits.writeHardware(file, odd, List.of());
        assertThat(Config.load(file).hardware()).isEqualTo(odd);
        HardwareProfile numeric = new HardwareProfile("2024", 20, 30, Optional.empty());
        ConfigEdits.writeHardware(file, numeric, List.of());
        assertThat(Config.load(file).hardware()).isEqualTo(numeric);
    }

    @Test
    void aFileThatWouldNotLoadIsLeftAsItWas() throws IOException {
        Path file = dir.resolve(Config.FILE_NAME);
        String broken = "registry: registry\nmax_range_days: -3\n";
        Files.writeString(file, broken, StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ConfigEdits.writeHardware(file, PROFILE, List.of()))
                .isInstanceOf(ModelfleetException.class)
                .hasMessageContaining("'max_range_days' must be a whole number of at least 1, got -3");
        assertThat(Files.readString(file)).isEqualTo(broken);
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }
}
