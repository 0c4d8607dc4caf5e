package io.modelfleet.registry.internal.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.path.NodePath;
import io.modelfleet.registry.Diagnostic;
import io.modelfleet.registry.Suggestions;
import io.modelfleet.registry.internal.yaml.Locations;
import java.util.ArrayList;
import java.util.List;

/** Turns JSON Schema errors into located diagnostics whose hints come from the schema itself. */
public final class SchemaDiagnostics {
    private SchemaDiagnostics() {}

    public static Diagnostic toDiagnostic(
            String file, SchemaCatalog.Kind kind, JsonNode schema, Locations locations, Error error) {
        String pointer = pointer(error.getInstanceLocation());
        String keyword = error.getKeyword() == null ? "schema" : error.getKeyword();
        String rule = "schema/" + keyword;
        JsonNode holder = keywordOwner(schema, error.getSchemaLocation().getFragment());
        String where = pointer.isEmpty() ? kind.kindName() + " entry" : "'" + dotted(pointer) + "'";
        switch (keyword) {
            case "required": {
                String property = error.getProperty();
                JsonNode description = holder.path("properties").path(property).path("description");
                return Diagnostic.error(
                        file,
                        locations.ofValue(pointer),
                        rule,
                        where + " is missing required field '" + property + "'",
                        "add '" + property + ":'" + (description.isTextual() ? " (" + description.asText() + ")" : ""));
            }
            case "additionalProperties": {
                String property = error.getProperty();
                List<String> allowed = new ArrayList<>();
                holder.path("properties").fieldNames().forEachRemaining(allowed::add);
                String suggestion = Suggestions.closest(property, allowed)
                        .map(s -> "did you mean '" + s + "'? ")
                        .orElse("");
                return Diagnostic.error(
                        file,
                        locations.ofKey(pointer + "/" + Locations.escape(property)),
                        rule,
                        "unknown field '" + property + "' in " + where,
                        suggestion + "allowed fields: " + String.join(", ", allowed));
            }
            case "enum": {
                List<String> values = new ArrayList<>();
                keywordOwner(schema, error.getSchemaLocation().getFragment())
                        .path("enum")
                        .forEach(v -> values.add(v.asText()));
                JsonNode actual = error.getInstanceNode();
                String actualText = actual == null ? "?" : actual.asText();
                String suggestion = Suggestions.closest(actualText, values)
                        .map(s -> "did you mean '" + s + "'? ")
                        .orElse("");
                return Diagnostic.error(
                        file,
                        locations.ofValue(pointer),
                        rule,
                        where + " is '" + actualText + "', which is not allowed",
                        suggestion + "use one of: " + String.join(", ", values));
            }
            case "const": {
                JsonNode expected = keywordOwner(
                                schema, error.getSchemaLocation().getFragment())
                        .path("const");
                return Diagnostic.error(
                        file,
                        locations.ofValue(pointer),
                        rule,
                        where + " must be '" + expected.asText() + "'",
                        "write '" + expected.asText() + "'; files in this folder hold " + kind.kindName() + " entries");
            }
            case "pattern": {
                JsonNode owner = keywordOwner(schema, error.getSchemaLocation().getFragment());
                String pattern = owner.path("pattern").asText();
                String hint = pattern.contains("[a-z][a-z0-9]*(_[a-z0-9]+)*")
                        ? "use snake_case: lowercase letters and digits, words joined by single underscores"
                        : "the value must match " + pattern;
                return Diagnostic.error(
                        file,
                        locations.ofValue(pointer),
                        rule,
                        where + " has an invalid format: '" + text(error.getInstanceNode()) + "'",
                        describe(owner, hint));
            }
            case "type": {
                JsonNode owner = keywordOwner(schema, error.getSchemaLocation().getFragment());
                String expected = owner.path("type").asText();
                return Diagnostic.error(
                        file,
                        locations.ofValue(pointer),
                        rule,
                        where + " must be " + article(expected) + ", not " + typeOf(error.getInstanceNode()),
                        describe(owner, "write " + article(expected) + " here"));
            }
            case "minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum": {
                JsonNode owner = keywordOwner(schema, error.getSchemaLocation().getFragment());
                String bound = number(owner.path(keyword));
                String[] relation = switch (keyword) {
                    case "minimum" -> new String[] {"below the minimum " + bound, "at least " + bound};
                    case "exclusiveMinimum" -> new String[] {"not above " + bound, "more than " + bound};
                    case "maximum" -> new String[] {"above the maximum " + bound, "at most " + bound};
                    default -> new String[] {"not below " + bound, "less than " + bound};
                };
                return Diagnostic.error(
                        file,
                        locations.ofValue(pointer),
                        rule,
                        where + " is " + number(error.getInstanceNode()) + ", " + relation[0],
                        describe(owner, "write " + relation[1]));
            }
            default: {
                JsonNode owner = keywordOwner(schema, error.getSchemaLocation().getFragment());
                return Diagnostic.error(
                        file,
                        locations.ofValue(pointer),
                        rule,
                        where + " " + error.getMessage(),
                        describe(owner, "change the value to satisfy the schema"));
            }
        }
    }

    private static String describe(JsonNode owner, String fallback) {
        JsonNode description = owner.path("description");
        return description.isTextual() ? fallback + " (" + description.asText() + ")" : fallback;
    }

    private static String article(String type) {
        return switch (type) {
            case "integer" -> "an integer";
            case "object" -> "a mapping";
            case "array" -> "a list";
            case "" -> "a value of another type";
            default -> "a " + type;
        };
    }

    private static String typeOf(JsonNode node) {
        if (node == null || node.isNull()) {
            return "empty (null)";
        }
        if (node.isObject()) {
            return "a mapping";
        }
        if (node.isArray()) {
            return "a list";
        }
        if (node.isIntegralNumber()) {
            return "the integer " + node.asText();
        }
        if (node.isNumber()) {
            return "the number " + node.asText();
        }
        if (node.isBoolean()) {
            return "the boolean " + node.asText();
        }
        return "the text '" + node.asText() + "'";
    }

    /** A number as a person writes it: 0.0001, not 1.0E-4; 60, not 60.0. */
    private static String number(JsonNode node) {
        if (node == null || !node.isNumber()) {
            return text(node);
        }
        return node.decimalValue().stripTrailingZeros().toPlainString();
    }

    private static String text(JsonNode node) {
        return node == null ? "" : node.asText();
    }

    /** The schema object that holds the failing keyword: the error's schema fragment minus its last segment. */
    private static JsonNode keywordOwner(JsonNode schema, NodePath fragment) {
        JsonNode node = schema;
        int count = fragment == null ? 0 : fragment.getNameCount();
        for (int i = 0; i < count - 1; i++) {
            Object element = fragment.getElement(i);
            node = element instanceof Integer index ? node.path(index) : node.path(String.valueOf(element));
        }
        return node;
    }

    public static String pointer(NodePath path) {
        StringBuilder pointer = new StringBuilder();
        for (int i = 0; i < path.getNameCount(); i++) {
            pointer.append('/').append(Locations.escape(String.valueOf(path.getElement(i))));
        }
        return pointer.toString();
    }

    private static String dotted(String pointer) {
        return pointer.substring(1).replace('/', '.');
    }
}
