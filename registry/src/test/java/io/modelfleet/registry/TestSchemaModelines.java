package io.modelfleet.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelfleet.registry.generate.RegistryGenerator;
import io.modelfleet.registry.generate.SchemaBase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Every registry file this repository ships or writes starts with a yaml-language-server modeline
 * that names an existing schema, and the right one for the file's kind: a wrong or dangling
 * modeline is worse than none, because the editor then flags a valid file or completes nothing.
 */
class TestSchemaModelines {
    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
    private static final Path SCHEMA_FOLDER = REPOSITORY.resolve("schemas/src/main/resources/modelfleet/schemas");
    private static final Pattern MODELINE = Pattern.compile("^# yaml-language-server: \\$schema=(\\S+)$");

    /**
     * The published URL pattern: the project's GitHub home, a release tag or main, then the path of
     * the schema in this repository (so the URL serves exactly the checked-in file).
     */
    private static final Pattern PUBLISHED = Pattern.compile(
            "^https://raw\\.githubusercontent\\.com/example/modelfleet/(main|v[0-9]+\\.[0-9]+\\.[0-9]+)/(.+)$");

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void everyExampleFileNamesItsKindsSchemaByARelativePath() throws IOException {
        List<Path> files = yamlFiles(RegistryFixtures.EXAMPLE);
        // Every kind is covered: models, teams, tiers.yaml, launches and traffic profiles.
        assertThat(files.stream().map(TestSchemaModelines::kindOf).distinct())
                .containsExactlyInAnyOrder("Model", "Team", "TierPolicies", "Launch", "TrafficProfile");
        for (Path file : files) {
            String reference = modelineOf(file);
            assertThat(reference).as("%s names a relative path", file).doesNotContain(":");
            Path schema = file.getParent().resolve(reference).normalize();
            assertThat(schema).as("schema of %s", file).isRegularFile();
            assertThat(schema.getParent()).as("schema of %s", file).isEqualTo(SCHEMA_FOLDER);
            assertSchemaOfKind(file, schema);
        }
    }

    @Test
    void generatedFilesNameThePublishedSchemaOfTheirKind() throws IOException {
        RegistryGenerator.generate(dir, 30, 3, 11);
        List<Path> files = yamlFiles(dir);
        assertThat(files).hasSize(30 + 3 + 1);
        for (Path file : files) {
            String reference = modelineOf(file);
            Matcher url = PUBLISHED.matcher(reference);
            assertThat(url.matches())
                    .as("%s: %s follows the published URL pattern", file, reference)
                    .isTrue();
            assertThat(url.group(1)).isEqualTo("main");
            assertSchemaOfKind(file, REPOSITORY.resolve(url.group(2)));
        }
        assertThat(RegistryLoader.load(dir, LocalDate.of(2026, 11, 25)).diagnostics())
                .as("the modeline is a comment, nothing to validate")
                .isEmpty();
    }

    @Test
    void aReleasePointsAtItsTagASnapshotAtMain() {
        String folder = "schemas/src/main/resources/modelfleet/schemas/";
        Path file = dir.resolve("models/t/m.yaml");
        assertThat(SchemaBase.published("0.1.0").reference(file, SchemaBase.Kind.MODEL))
                .isEqualTo(
                        "https://raw.githubusercontent.com/example/modelfleet/v0.1.0/" + folder + "model.schema.json");
        assertThat(SchemaBase.published("0.1.0-SNAPSHOT").reference(file, SchemaBase.Kind.TEAM))
                .isEqualTo("https://raw.githubusercontent.com/example/modelfleet/main/" + folder + "team.schema.json");
        assertThat(SchemaBase.parse("https://mirror.example.com/modelfleet/schemas", dir)
                        .reference(file, SchemaBase.Kind.LAUNCH))
                .isEqualTo("https://mirror.example.com/modelfleet/schemas/launch.schema.json");
    }

    @Test
    void theReadmeDocumentsTheUrlPatternTheGeneratorWrites() throws IOException {
        String readme = Files.readString(REPOSITORY.resolve("README.md"));
        assertThat(readme)
                .contains(SchemaBase.PUBLISHED_REPOSITORY + "v<version>/" + SchemaBase.SCHEMA_FOLDER
                        + "<kind>.schema.json");
        Matcher url = PUBLISHED.matcher(
                SchemaBase.published("0.1.0").reference(dir.resolve("m.yaml"), SchemaBase.Kind.MODEL));
        assertThat(url.matches()).isTrue();
        assertThat(REPOSITORY.resolve(url.group(2))).isRegularFile();
    }

    @Test
    void aRelativeFolderIsWrittenRelativeToEachFileAndResolvesThere() throws IOException {
        // As with an unpacked release beside the registry: <cwd>/modelfleet-0.1.0/schemas and <cwd>/fleet.
        Path schemas = dir.resolve("modelfleet-0.1.0/schemas");
        Files.createDirectories(schemas);
        for (SchemaBase.Kind kind : SchemaBase.Kind.values()) {
            Files.copy(SCHEMA_FOLDER.resolve(kind.fileName()), schemas.resolve(kind.fileName()));
        }
        SchemaBase base = SchemaBase.parse("modelfleet-0.1.0/schemas", dir);
        RegistryGenerator.generate(dir.resolve("fleet"), 12, 2, 3, base);
        for (Path file : yamlFiles(dir.resolve("fleet"))) {
            String reference = modelineOf(file);
            assertThat(Path.of(reference).isAbsolute()).as(reference).isFalse();
            Path schema = file.getParent().resolve(reference).normalize();
            assertThat(schema.getParent()).isEqualTo(schemas);
            assertSchemaOfKind(file, schema);
        }
        assertThat(modelineOf(dir.resolve("fleet/tiers.yaml")))
                .isEqualTo("../modelfleet-0.1.0/schemas/tier-policies.schema.json");
    }

    @Test
    void anAbsoluteFolderIsWrittenAsItIs() throws IOException {
        SchemaBase base = SchemaBase.parse(SCHEMA_FOLDER.toString(), dir.resolve("elsewhere"));
        RegistryGenerator.generate(dir, 6, 2, 3, base);
        for (Path file : yamlFiles(dir)) {
            Path schema = Path.of(modelineOf(file));
            assertThat(schema.isAbsolute()).isTrue();
            assertSchemaOfKind(file, schema);
        }
    }

    /** The schema exists and is the one for the file's kind: its {@code kind} property is that constant. */
    private static void assertSchemaOfKind(Path file, Path schema) {
        assertThat(schema).as("schema of %s", file).isRegularFile();
        JsonNode document;
        try {
            document = JSON.readTree(schema.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String kind = kindOf(file);
        assertThat(document.path("properties").path("kind").path("const").asText())
                .as("%s (kind %s) names %s", file, kind, schema)
                .isEqualTo(kind);
        assertThat(document.path("title").asText()).isEqualTo(kind);
    }

    private static String modelineOf(Path file) {
        String first;
        try (Stream<String> lines = Files.lines(file)) {
            first = lines.findFirst().orElse("");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Matcher matcher = MODELINE.matcher(first);
        assertThat(matcher.matches())
                .as("%s starts with '# yaml-language-server: $schema=<schema>', not '%s'", file, first)
                .isTrue();
        return matcher.group(1);
    }

    private static String kindOf(Path file) {
        try {
            Object document = new Load(LoadSettings.builder().build()).loadFromString(Files.readString(file));
            return String.valueOf(((Map<?, ?>) document).get("kind"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> yamlFiles(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
    }
}
