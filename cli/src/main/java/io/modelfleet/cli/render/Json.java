package io.modelfleet.cli.render;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import io.modelfleet.core.Hour;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Writes result records as JSON with Jackson databind: snake_case names (the JSON and table column
 * convention), numbers as numbers, pretty-printed. Instants, dates, hours and paths are written as
 * their ISO / display strings ({@code 2026-11-24T10:00:00Z}, {@code 2026-11-24}, {@code
 * 2026-11-24T10}). A number that is not finite is {@code null}. A key that is left out when it has no value says so with {@code @JsonInclude};
 * every other key is always written, {@code null} when empty, so scripts can rely on it.
 */
public final class Json {
    /**
     * JSON has no NaN or infinity; Jackson would write them as strings in a number's place. A value
     * that is not a number (a gate look with nothing to judge, a rate over no launches) is null.
     */
    private static final StdSerializer<Double> FINITE = new StdSerializer<>(Double.class) {
        private static final long serialVersionUID = 1L;

        @Override
        public void serialize(Double value, JsonGenerator out, SerializerProvider provider) throws IOException {
            if (Double.isFinite(value)) {
                out.writeNumber(value);
            } else {
                out.writeNull();
            }
        }
    };

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .registerModule(new SimpleModule("modelfleet-strings")
                    .addSerializer(Instant.class, ToStringSerializer.instance)
                    .addSerializer(LocalDate.class, ToStringSerializer.instance)
                    .addSerializer(Hour.class, ToStringSerializer.instance)
                    .addSerializer(Path.class, ToStringSerializer.instance)
                    .addSerializer(Double.class, FINITE)
                    .addSerializer(double.class, FINITE));

    private Json() {}

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** Prints {@code value} as one JSON document on {@code out}. */
    public static void print(PrintWriter out, Object value) {
        out.println(write(value));
        out.flush();
    }

    /** Reads the fields of {@code tree} that {@code type} (a record) names; others are ignored. */
    public static <T> T read(JsonNode tree, Class<T> type) {
        try {
            return MAPPER.treeToValue(tree, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot read " + type.getSimpleName() + " from JSON", e);
        }
    }
}
