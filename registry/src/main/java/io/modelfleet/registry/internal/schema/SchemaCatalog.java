package io.modelfleet.registry.internal.schema;

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
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The JSON Schemas of the registry kinds, loaded once from the schemas module. */
public final class SchemaCatalog {
    public enum Kind {
        MODEL("Model", "model.schema.json"),
        TEAM("Team", "team.schema.json"),
        TIER_POLICIES("TierPolicies", "tier-policies.schema.json"),
        LAUNCH("Launch", "launch.schema.json"),
        TRAFFIC_PROFILE("TrafficProfile", "traffic-profile.schema.json");

        private final String kindName;
        private final String resource;

        Kind(String kindName, String resource) {
            this.kindName = kindName;
            this.resource = resource;
        }

        public String kindName() {
            return kindName;
        }
    }

    private static final String RESOURCE_ROOT = "/modelfleet/schemas/";
    private static final String DIALECT = "https://json-schema.org/draft/2020-12/schema";

    private final Map<Kind, Schema> schemas = new EnumMap<>(Kind.class);
    private final Map<Kind, JsonNode> documents = new EnumMap<>(Kind.class);

    public SchemaCatalog() {
        ObjectMapper mapper = new ObjectMapper();
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
        for (Kind kind : Kind.values()) {
            JsonNode document = readResource(mapper, kind.resource);
            documents.put(kind, document);
            schemas.put(kind, registry.getSchema(withoutDialectDeclaration(document)));
        }
    }

    /**
     * The registry's default dialect is already 2020-12. Leaving the declaration in makes the
     * validator load and resolve the whole meta-schema, a fifth of a short validation run.
     */
    private static JsonNode withoutDialectDeclaration(JsonNode document) {
        if (!DIALECT.equals(document.path("$schema").asText())) {
            throw new IllegalStateException(
                    "Cannot load schema " + document.path("$id").asText() + ": it must declare $schema " + DIALECT);
        }
        ObjectNode copy = document.deepCopy();
        copy.remove("$schema");
        return copy;
    }

    private static JsonNode readResource(ObjectMapper mapper, String name) {
        try (InputStream in = SchemaCatalog.class.getResourceAsStream(RESOURCE_ROOT + name)) {
            if (in == null) {
                throw new IllegalStateException(
                        "Cannot load schema " + name + ": not on the classpath (is modelfleet-schemas missing?)");
            }
            return mapper.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot load schema " + name, e);
        }
    }

    public List<Error> validate(Kind kind, JsonNode instance) {
        return schemas.get(kind).validate(instance);
    }

    /** The schema document itself, for hints (allowed property names, enum values). */
    public JsonNode document(Kind kind) {
        return documents.get(kind);
    }
}
