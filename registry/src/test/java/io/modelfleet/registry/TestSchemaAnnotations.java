package io.modelfleet.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The schemas' annotations are what editors show and insert: a {@code default} must be what the
 * loader really applies when the field is left out, every {@code default} and {@code examples}
 * value must itself be valid, and every field has a description for hovers.
 */
class TestSchemaAnnotations {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> SCHEMAS = List.of(
            "model.schema.json",
            "team.schema.json",
            "tier-policies.schema.json",
            "launch.schema.json",
            "traffic-profile.schema.json");

    private static final String TIERS = """
            kind: TierPolicies
            platform_team: "@example/ml-platform"
            tiers:
              TIER0: {calibration_min: 0.9, calibration_max: 1.1, ne_regression_limit: 0.01, min_events_per_hour: 100, objective: 0.99, requires_oncall: false}
              TIER1: {calibration_min: 0.9, calibration_max: 1.1, ne_regression_limit: 0.01, min_events_per_hour: 100, objective: 0.99, requires_oncall: false}
              TIER2: {calibration_min: 0.9, calibration_max: 1.1, ne_regression_limit: 0.01, min_events_per_hour: 100, objective: 0.99, requires_oncall: false}
              TIER3: {calibration_min: 0.9, calibration_max: 1.1, ne_regression_limit: 0.01, min_events_per_hour: 100, objective: 0.99, requires_oncall: false}
              TIER4: {calibration_min: 0.9, calibration_max: 1.1, ne_regression_limit: 0.01, min_events_per_hour: 100, objective: 0.99, requires_oncall: false}
            """;
    private static final String TEAM = """
            kind: Team
            id: team_a
            name: Team A
            oncall: team-a-oncall
            approvers: [team-a-lead]
            pools:
              - id: team_a_pool
                quota: {cpu: 100, memory_gb: 400}
            """;
    private static final String MODEL = """
            kind: Model
            id: model_a
            type: family_a
            description: The smallest model entry the schema accepts.
            business_function: engagement
            surface: feed
            funnel_stage: lsr
            tier: TIER2
            owner: {team: team_a}
            pool: team_a_pool
            lifecycle: active
            serving:
              version: v1
              artifact: s3://models/model_a/v1
              replicas: 1
              resources: {cpu: 1, memory_gb: 4}
              scorer: {kind: logistic, input_width: 8}
            """;
    private static final String LAUNCH = """
            kind: Launch
            id: launch_a
            model: model_a
            requested_by: someone@example.com
            reason: The smallest launch the schema accepts.
            candidate:
              version: v2
              artifact: s3://models/model_a/v2
              resources: {cpu: 1, memory_gb: 4}
              scorer: {kind: logistic, input_width: 8}
            traffic_plan:
              - {percent: 100, bake_minutes: 0}
            """;

    private static Registry minimal;

    /** One check per schema default: the minimal entry it reads leaves the field out. */
    private record LoadedDefault(String entryText, String field, Function<Registry, Object> applied) {}

    private static final Map<String, LoadedDefault> LOADED_DEFAULTS = new LinkedHashMap<>();

    static {
        LOADED_DEFAULTS.put(
                "model.schema.json#/properties/owner/properties/contacts",
                new LoadedDefault(
                        MODEL, "contacts", r -> r.modelNamed("model_a").owner().contacts()));
        LOADED_DEFAULTS.put(
                "model.schema.json#/properties/serving/properties/resources/properties/gpus",
                new LoadedDefault(
                        MODEL,
                        "gpus",
                        r -> r.modelNamed("model_a").serving().resources().gpus()));
        LOADED_DEFAULTS.put(
                "model.schema.json#/properties/serving/properties/scorer/properties/hidden",
                new LoadedDefault(
                        MODEL,
                        "hidden",
                        r -> r.modelNamed("model_a").serving().scorer().hidden()));
        LOADED_DEFAULTS.put(
                "team.schema.json#/properties/contacts",
                new LoadedDefault(
                        TEAM, "contacts", r -> r.team("team_a").orElseThrow().contacts()));
        LOADED_DEFAULTS.put(
                "team.schema.json#/properties/pools/items/properties/quota/properties/gpus",
                new LoadedDefault(
                        TEAM, "gpus", r -> r.pools().get("team_a_pool").quota().gpus()));
        LOADED_DEFAULTS.put(
                "tier-policies.schema.json#/properties/platform_approvers",
                new LoadedDefault(
                        TIERS,
                        "platform_approvers",
                        r -> r.tierPolicies().orElseThrow().platformApprovers()));
        LOADED_DEFAULTS.put(
                "tier-policies.schema.json#/$defs/policy/properties/label_delay_hours",
                new LoadedDefault(
                        TIERS,
                        "label_delay_hours",
                        r -> tier2(r).slo().labelDelay().toSeconds() / 3600.0));
        LOADED_DEFAULTS.put(
                "tier-policies.schema.json#/$defs/policy/properties/headroom",
                new LoadedDefault(TIERS, "headroom", r -> tier2(r).headroom()));
        LOADED_DEFAULTS.put(
                "tier-policies.schema.json#/$defs/policy/properties/gate_alpha",
                new LoadedDefault(TIERS, "gate_alpha", r -> tier2(r).gate().alpha()));
        LOADED_DEFAULTS.put(
                "launch.schema.json#/properties/candidate/properties/resources/properties/gpus",
                new LoadedDefault(
                        LAUNCH,
                        "gpus",
                        r -> r.launch("launch_a")
                                .orElseThrow()
                                .candidate()
                                .resources()
                                .orElseThrow()
                                .gpus()));
        LOADED_DEFAULTS.put(
                "launch.schema.json#/properties/candidate/properties/scorer/properties/hidden",
                new LoadedDefault(
                        LAUNCH,
                        "hidden",
                        r -> r.launch("launch_a")
                                .orElseThrow()
                                .candidate()
                                .scorer()
                                .hidden()));
    }

    private static TierPolicy tier2(Registry registry) {
        return registry.tierPolicies().orElseThrow().tiers().get(Tier.TIER2);
    }

    @BeforeAll
    static void loadMinimalRegistry(@TempDir Path root) {
        RegistryFixtures.write(root, "tiers.yaml", TIERS);
        RegistryFixtures.write(root, "teams/team_a.yaml", TEAM);
        RegistryFixtures.write(root, "models/team_a/model_a.yaml", MODEL);
        RegistryFixtures.write(root, "launches/launch_a.yaml", LAUNCH);
        ValidationReport report = RegistryLoader.load(root, LocalDate.of(2026, 11, 25));
        assertThat(report.diagnostics()).as("the minimal registry is valid").isEmpty();
        minimal = report.registry();
    }

    @Test
    void everySchemaDefaultIsWhatTheLoaderApplies() {
        Map<String, JsonNode> defaults = new TreeMap<>();
        for (String name : SCHEMAS) {
            walk(schema(name), name + "#", (pointer, node) -> {
                if (node.has("default")) {
                    defaults.put(pointer, node.get("default"));
                }
            });
        }
        // A default without a check here, or a check whose default went missing, fails: add the check with it.
        assertThat(defaults.keySet()).containsExactlyInAnyOrderElementsOf(LOADED_DEFAULTS.keySet());
        defaults.forEach((pointer, declared) -> {
            LoadedDefault check = LOADED_DEFAULTS.get(pointer);
            assertThat(check.entryText())
                    .as("minimal entry for %s leaves it out", pointer)
                    .doesNotContain(check.field() + ":");
            JsonNode applied = JSON.valueToTree(check.applied().apply(minimal));
            assertThat(sameValue(declared, applied))
                    .as("%s declares default %s, the loader applies %s", pointer, declared, applied)
                    .isTrue();
        });
    }

    @Test
    void defaultsAndExamplesAreValidValuesOfTheirField() {
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
        List<String> invalid = new ArrayList<>();
        int checked = 0;
        for (String name : SCHEMAS) {
            ObjectNode document = schema(name);
            List<Map.Entry<String, JsonNode>> annotated = new ArrayList<>();
            walk(document, name + "#", (pointer, node) -> {
                if (node.has("default") || node.has("examples")) {
                    annotated.add(Map.entry(pointer, node));
                }
            });
            for (Map.Entry<String, JsonNode> entry : annotated) {
                // The field's own schema, with the document's $defs so a $ref inside still resolves.
                ObjectNode field = entry.getValue().deepCopy();
                field.remove("examples");
                field.remove("default");
                if (document.has("$defs")) {
                    field.set("$defs", document.get("$defs"));
                }
                Schema schema = registry.getSchema(field);
                List<JsonNode> values = new ArrayList<>();
                if (entry.getValue().has("default")) {
                    values.add(entry.getValue().get("default"));
                }
                entry.getValue().path("examples").forEach(values::add);
                for (JsonNode value : values) {
                    List<Error> errors = schema.validate(value);
                    checked++;
                    if (!errors.isEmpty()) {
                        invalid.add(entry.getKey() + ": " + value + " " + errors);
                    }
                }
            }
        }
        assertThat(invalid).isEmpty();
        assertThat(checked).as("annotated values checked").isGreaterThan(60);
    }

    @Test
    void everyFieldHasADescriptionForHovers() {
        List<String> undescribed = new ArrayList<>();
        for (String name : SCHEMAS) {
            ObjectNode document = schema(name);
            assertThat(document.path("title").asText()).as("title of %s", name).isNotBlank();
            walk(document, name + "#", (pointer, node) -> {
                // Conditional parts (if/then/else) restate a field for one case; its hover comes from the field.
                boolean conditional = pointer.matches(".*/(if|then|else)(/.*)?$");
                boolean isField = pointer.matches(".*/(properties/[^/]+|items|\\$defs/[^/]+)$");
                if (isField && !conditional && !node.path("description").isTextual()) {
                    undescribed.add(pointer);
                }
            });
        }
        assertThat(undescribed).isEmpty();
    }

    /** Numbers compare by value (0 and 0.0, 0.3 as written and as a double), everything else exactly. */
    private static boolean sameValue(JsonNode declared, JsonNode applied) {
        if (declared.isNumber() && applied.isNumber()) {
            return declared.decimalValue().compareTo(applied.decimalValue()) == 0;
        }
        if (declared.isArray() && applied.isArray()) {
            if (declared.size() != applied.size()) {
                return false;
            }
            for (int i = 0; i < declared.size(); i++) {
                if (!sameValue(declared.get(i), applied.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return declared.equals(applied);
    }

    private interface Visitor {
        void visit(String pointer, JsonNode node);
    }

    /** Visits every subschema under properties, items, $defs, if/then/else; pointers are JSON pointers. */
    private static void walk(JsonNode node, String pointer, Visitor visitor) {
        visitor.visit(pointer, node);
        for (String keyword : List.of("properties", "$defs")) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.path(keyword).fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                walk(field.getValue(), pointer + "/" + keyword + "/" + field.getKey(), visitor);
            }
        }
        for (String keyword : List.of("items", "if", "then", "else")) {
            if (node.path(keyword).isObject()) {
                walk(node.get(keyword), pointer + "/" + keyword, visitor);
            }
        }
    }

    static ObjectNode schema(String name) {
        try (InputStream in = TestSchemaAnnotations.class.getResourceAsStream("/modelfleet/schemas/" + name)) {
            assertThat(in).as("schema %s on the classpath", name).isNotNull();
            return (ObjectNode) JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
