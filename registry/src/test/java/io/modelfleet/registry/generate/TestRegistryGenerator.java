package io.modelfleet.registry.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelfleet.core.ModelfleetException;
import io.modelfleet.registry.Lifecycle;
import io.modelfleet.registry.Model;
import io.modelfleet.registry.RegistryLoader;
import io.modelfleet.registry.ValidationReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestRegistryGenerator {
    @TempDir
    Path dir;

    @Test
    void generatedRegistryOfAnySizeIsValid() throws IOException {
        for (int models : new int[] {1, 7, 250}) {
            Path out = dir.resolve("fleet" + models);
            RegistryGenerator.generate(out, models, 3, 42);
            ValidationReport report = RegistryLoader.load(out, LocalDate.of(2026, 11, 25));
            assertThat(report.diagnostics()).as("%d models", models).isEmpty();
            assertThat(report.registry().models()).hasSize(models);
            try (Stream<Path> files = Files.walk(out.resolve("models"))) {
                assertThat(files.filter(Files::isRegularFile).count()).isEqualTo(models);
            }
        }
    }

    @Test
    void everyServingGeneratedModelHasItsOwnArtifact() {
        // More teams than named teams, so suffixed teams reuse a surface and its model types.
        RegistryGenerator.generate(dir, 200, 12, 5);
        ValidationReport report = RegistryLoader.load(dir, LocalDate.of(2026, 11, 25));
        assertThat(report.diagnostics()).isEmpty();
        List<String> artifacts = report.registry().models().stream()
                .filter(m -> m.lifecycle() != Lifecycle.DEPRECATED)
                .map(m -> m.serving().artifact())
                .toList();
        assertThat(artifacts).doesNotHaveDuplicates();
        assertThat(report.registry().models()).allSatisfy(m -> {
            assertThat(m.serving().keepTop().orElseThrow()).isGreaterThanOrEqualTo(2);
            assertThat(m.serving().latencyP99Ms().orElseThrow()).isGreaterThanOrEqualTo(1);
            assertThat(m.serving().replicas()).isGreaterThanOrEqualTo(1);
        });
    }

    @Test
    void sameSeedSameFiles() throws IOException {
        RegistryGenerator.generate(dir.resolve("a"), 40, 4, 9);
        RegistryGenerator.generate(dir.resolve("b"), 40, 4, 9);
        RegistryGenerator.generate(dir.resolve("c"), 40, 4, 10);
        String a = RegistryLoader.load(dir.resolve("a")).registry().contentHash();
        assertThat(RegistryLoader.load(dir.resolve("b")).registry().contentHash())
                .isEqualTo(a);
        assertThat(RegistryLoader.load(dir.resolve("c")).registry().contentHash())
                .isNotEqualTo(a);
    }

    @Test
    void coversTiersStagesAndVersions() {
        RegistryGenerator.generate(dir, 300, 8, 7);
        var models = RegistryLoader.load(dir).registry().models();
        assertThat(models.stream().map(Model::tier).distinct()).hasSize(5);
        assertThat(models.stream().map(Model::funnelStage).distinct()).hasSize(3);
        assertThat(models.stream().map(Model::surface).distinct()).hasSize(8);
        assertThat(models.stream().map(m -> m.serving().version()).distinct())
                .containsExactlyInAnyOrder("v1", "v2", "v3");
    }

    @Test
    void refusesNonsenseSizes() {
        assertThatThrownBy(() -> RegistryGenerator.generate(dir, 0, 1, 1))
                .isInstanceOf(ModelfleetException.class)
                .hasMessage("Cannot generate registry: the model count must be at least 1, got 0");
    }
}
