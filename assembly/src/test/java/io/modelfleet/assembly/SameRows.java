package io.modelfleet.assembly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;

/** Two writes of one table compared row by row, as the runs that made them cannot differ. */
final class SameRows {
    /** Written by the run that made them, not by what it computed. */
    static final List<String> RUN_COLUMNS = List.of("run_id", "computed_at");

    private SameRows() {}

    /**
     * Every column but {@link #RUN_COLUMNS} equal, row for row; doubles to 1e-12 relative, since
     * sums added in another order (other partitions, other executors) may differ in the last bits.
     */
    static void assertSameRows(String table, Dataset<Row> expected, Dataset<Row> actual) {
        List<String> columns = Arrays.stream(expected.schema().fields())
                .map(StructField::name)
                .filter(c -> !RUN_COLUMNS.contains(c))
                .toList();
        assertThat(actual.columns()).containsExactly(expected.columns());
        List<Row> want = rows(expected, columns);
        List<Row> got = rows(actual, columns);
        assertThat(got).as(table).hasSameSizeAs(want).isNotEmpty();
        for (int r = 0; r < want.size(); r++) {
            for (int c = 0; c < columns.size(); c++) {
                String where = table + " row " + r + " column " + columns.get(c);
                Object w = want.get(r).get(c);
                Object g = got.get(r).get(c);
                if (w instanceof Double wd && g instanceof Double gd) {
                    assertThat(gd).as(where).isCloseTo(wd, within(1e-12 * Math.max(1.0, Math.abs(wd))));
                } else {
                    assertThat(g).as(where).isEqualTo(w);
                }
            }
        }
    }

    private static List<Row> rows(Dataset<Row> table, List<String> columns) {
        Column[] ordered = columns.stream().map(functions::col).toArray(Column[]::new);
        return table.select(ordered).orderBy(ordered).collectAsList();
    }
}
