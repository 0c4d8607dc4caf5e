package io.modelfleet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelfleet.core.ModelfleetException;
import io.modelfleet.core.slo.CorrelatedIncidents;
import io.modelfleet.sim.hardware.HardwareProfile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestConfig {
    @TempDir
    Path dir;

    private Config load(String yaml) throws IOException {
        Path file = dir.resolve(Config.FILE_NAME);
        Files.writeString(file, yaml, StandardCharsets.UTF_8);
        return Config.load(file);
    }

    @Test
    void aWarehouseAndLogsOnObjectStorageStayUrlsAndTrafficStaysBesideTheFile() throws IOException {
        Config config = load("""
                warehouse: s3a://fleet-data/warehouse/
                logs: s3a://fleet-logs/predictions
                """);
        assertThat(config.warehouse().toString()).isEqualTo("s3a://fleet-data/warehouse");
        assertThat(config.warehouse().isLocal()).isFalse();
        assertThat(config.logs().toString()).isEqualTo("s3a://fleet-logs/predictions");
        // the estimator reads recorded traffic on the driver: a local folder, next to the file here
        assertThat(config.traffic()).isEqualTo(dir.toAbsolutePath().resolve("traffic"));
    }

    @Test
    void localFoldersAreRelativeToTheFileAndTrafficIsNextToTheLogs() throws IOException {
        Config config = load("""
                warehouse: tables
                logs: data/logs
                """);
        assertThat(config.warehouse().localPath()).contains(dir.toAbsolutePath().resolve("tables"));
        assertThat(config.logs().localPath()).contains(dir.toAbsolutePath().resolve("data/logs"));
        assertThat(config.traffic()).isEqualTo(dir.toAbsolutePath().resolve("data/traffic"));
    }

    @Test
    void sparkConfIsReadAsSettingsForEverySession() throws IOException {
        Config config = load("""
                spark:
                  master: local[2]
                  conf:
                    spark.hadoop.fs.s3a.endpoint: http://127.0.0.1:9000
                    spark.hadoop.fs.s3a.path.style.access: true
                    spark.sql.shuffle.partitions: 8
                """);
        assertThat(config.sparkMaster()).isEqualTo("local[2]");
        assertThat(config.sparkConf())
                .isEqualTo(Map.of(
                        "spark.hadoop.fs.s3a.endpoint", "http://127.0.0.1:9000",
                        "spark.hadoop.fs.s3a.path.style.access", "true",
                        "spark.sql.shuffle.partitions", "8"));
        assertThat(load("registry: registry").sparkConf()).isEmpty();
    }

    @Test
    void incidentSettingsAreReadWithTheirDefaultsAndCheckedForRange() throws IOException {
        assertThat(load("registry: registry").incidents()).isEqualTo(CorrelatedIncidents.Settings.DEFAULT);
        assertThat(load("incidents:\n  min_models: 5\n").incidents())
                .isEqualTo(new CorrelatedIncidents.Settings(5, 0.5));
        assertThat(load("incidents: {min_models: 4, min_fraction: 0.25}").incidents())
                .isEqualTo(new CorrelatedIncidents.Settings(4, 0.25));
        assertThatThrownBy(() -> load("incidents: {min_models: 1}"))
                .hasMessageContaining("'incidents.min_models' must be a whole number of at least 2, got 1");
        assertThatThrownBy(() -> load("incidents: {min_fraction: 1.5}"))
                .hasMessageContaining("'incidents.min_fraction' must be a number above 0 and at most 1, got 1.5");
        assertThatThrownBy(() -> load("incidents: {models: 3}"))
                .hasMessageContaining("unknown key 'incidents.models' (known: min_models, min_fraction)");
    }

    @Test
    void badSparkSettingsAndLocationsAreRefusedSayingWhich() {
        assertThatThrownBy(() -> load("spark: {conf: {fs.s3a.endpoint: x}}"))
                .isInstanceOf(ModelfleetException.class)
                .hasMessageContaining("'spark.conf' key 'fs.s3a.endpoint' is not a Spark setting")
                .hasMessageContaining("'spark.hadoop.'");
        assertThatThrownBy(() -> load("spark: {conf: {spark.jars: [a, b]}}"))
                .hasMessageContaining("'spark.conf' value of 'spark.jars' must be a single value");
        assertThatThrownBy(() -> load("spark:\n  mastr: local[2]\n"))
                .hasMessageContaining("unknown key 'spark.mastr' (known: master, conf)");
        assertThatThrownBy(() -> load("warehouse: s3a:///warehouse"))
                .isInstanceOf(ModelfleetException.class)
                .hasMessageContaining("Cannot use the warehouse location: 's3a:///warehouse' names no bucket");
    }

    @Test
    void aHardwareProfileIsReadAndItsAbsenceMeansTheDefault() throws IOException {
        Config config = load("""
                registry: registry
                hardware:
                  name: m7i-2xlarge
                  gflops_per_core: 30
                  candidate_overhead_ns: 61.5
                  calibrated_at: 2026-11-24T10:00:00Z
                """);
        assertThat(config.hardware())
                .isEqualTo(new HardwareProfile(
                        "m7i-2xlarge", 30, 61.5, Optional.of(Instant.parse("2026-11-24T10:00:00Z"))));
        assertThat(load("hardware: {name: by-hand, gflops_per_core: 12.5, candidate_overhead_ns: 0}")
                        .hardware())
                .isEqualTo(new HardwareProfile("by-hand", 12.5, 0, Optional.empty()));
        assertThat(load("registry: registry").hardware()).isEqualTo(HardwareProfile.DEFAULT);
        assertThat(Config.defaults(dir).hardware()).isEqualTo(HardwareProfile.DEFAULT);
    }

    @Test
    void aHardwareProfileThatCannotModelATimeIsRefusedSayingWhich() {
        assertThatThrownBy(() -> load("hardware: {gflops_per_core: 30, candidate_overhead_ns: 60}"))
                .isInstanceOfSatisfying(ModelfleetException.class, e -> {
                    assertThat(e.getMessage())
                            .isEqualTo("Cannot read config: 'hardware.name' must name the profile (the machine type it"
                                    + " describes), got nothing");
                    assertThat(e.hint()).contains("modelfleet launch calibrate");
                    assertThat(e.input()).contains(ModelfleetException.Input.HARDWARE);
                });
        assertThatThrownBy(() -> load("hardware: {name: x, gflops_per_core: 0, candidate_overhead_ns: 60}"))
                .hasMessage("Cannot read config: 'hardware.gflops_per_core' must be above 0, got 0.0");
        assertThatThrownBy(() -> load("hardware: {name: x, gflops_per_core: fast, candidate_overhead_ns: 60}"))
                .hasMessage("Cannot read config: 'hardware.gflops_per_core' must be a number, got \"fast\"");
        assertThatThrownBy(() -> load("hardware: {name: x, gflops_per_core: 30}"))
                .hasMessage("Cannot read config: 'hardware.candidate_overhead_ns' must be a number, got nothing");
        assertThatThrownBy(() -> load("hardware: {name: x, gflops_per_core: 30, candidate_overhead_ns: -1}"))
                .hasMessage("Cannot read config: 'hardware.candidate_overhead_ns' must be 0 or more, got -1.0");
        assertThatThrownBy(() -> load("hardware: {name: x, gflops: 30, candidate_overhead_ns: 1}"))
                .hasMessage("Cannot read config: unknown key 'hardware.gflops' (known: calibrated_at,"
                        + " candidate_overhead_ns, gflops_per_core, name)");
        assertThatThrownBy(() -> load(
                        "hardware: {name: x, gflops_per_core: 30, candidate_overhead_ns: 1, calibrated_at: yesterday}"))
                .hasMessage("Cannot read config: 'hardware.calibrated_at' must be a UTC time like"
                        + " 2026-11-24T10:00:00Z, got \"yesterday\"");
        assertThatThrownBy(() -> load("hardware: fast"))
                .hasMessage("Cannot read config: 'hardware' must be a mapping, got \"fast\"");
    }
}
