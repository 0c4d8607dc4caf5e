package io.modelfleet.jobs;

import io.modelfleet.core.tables.TableDocs;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Table schemas as Delta stores them: each column with its comment from {@link TableDocs}. */
public final class TableSchemas {
    private TableSchemas() {}

    /** {@code schema} with every column's comment; fails on a column {@link TableDocs} does not document. */
    public static StructType commented(String table, StructType schema) {
        List<String> comments = TableDocs.comments(table, List.of(schema.fieldNames()));
        StructType commented = new StructType();
        for (int i = 0; i < schema.fields().length; i++) {
            StructField field = schema.fields()[i];
            commented = commented.add(field.withComment(comments.get(i)));
        }
        return commented;
    }

    /**
     * The {@code ds} at {@code index}: a {@code DATE}, or the string {@code yyyy-MM-dd} of a
     * table written before {@code ds} became a date, which its next write upgrades.
     */
    public static LocalDate day(Row row, int index) {
        Object value = row.get(index);
        if (value instanceof Date date) {
            return date.toLocalDate();
        }
        if (value instanceof LocalDate date) {
            return date;
        }
        return LocalDate.parse((String) value);
    }
}
