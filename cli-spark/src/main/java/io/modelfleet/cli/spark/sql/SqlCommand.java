package io.modelfleet.cli.spark.sql;

import io.modelfleet.cli.BaseCommand;
import io.modelfleet.cli.ExitCodes;
import io.modelfleet.cli.options.FormatOption;
import io.modelfleet.cli.options.Formats;
import io.modelfleet.cli.options.OutputFormat;
import io.modelfleet.cli.render.Json;
import io.modelfleet.cli.render.TextTable;
import io.modelfleet.cli.spark.WarehouseQuery;
import io.modelfleet.cli.spark.render.SkippedTables;
import io.modelfleet.jobs.Warehouse;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(
        name = "sql",
        mixinStandardHelpOptions = true,
        description = "Run Spark SQL over the warehouse tables (slo_hourly, slo_daily, slo_daily_rollup, ...).",
        footer = {
            "",
            "Every Delta table in the warehouse is a view named after its folder.",
            "",
            "Examples:",
            "  modelfleet sql \"SELECT tier, count(*) FROM slo_hourly WHERE status = 'UNSTABLE' GROUP BY tier\"",
            "  modelfleet sql --format csv \"SELECT * FROM slo_daily WHERE alert <> 'none'\" > alerts.csv",
            "  modelfleet sql --warehouse modelfleet-demo/warehouse --format json \\",
            "      \"SELECT * FROM slo_daily_rollup\""
        })
@Formats({OutputFormat.TABLE, OutputFormat.CSV, OutputFormat.JSON})
public final class SqlCommand extends BaseCommand {
    static final int MAX_ROWS = 100_000;

    @Parameters(index = "0", paramLabel = "QUERY", description = "A Spark SQL query.")
    String query;

    @Mixin
    WarehouseQuery tables;

    @Mixin
    FormatOption format;

    @Override
    public Integer call() {
        Warehouse warehouse = tables.openWithLaunchEvents(context());
        Dataset<Row> result = warehouse.sql(query);
        SkippedTables.warn(err(), warehouse);
        List<String> columns = Arrays.asList(result.columns());
        List<Row> rows = Warehouse.rows(result, MAX_ROWS + 1);
        boolean truncated = rows.size() > MAX_ROWS;
        if (truncated) {
            rows = rows.subList(0, MAX_ROWS);
        }
        switch (format.get()) {
            case JSON -> {
                // One object per row, its columns in order; times as ISO strings, numbers as numbers.
                List<Map<String, Object>> objects = new ArrayList<>();
                for (Row row : rows) {
                    Map<String, Object> object = new LinkedHashMap<>();
                    for (int i = 0; i < columns.size(); i++) {
                        object.put(columns.get(i), plain(row, i));
                    }
                    objects.add(object);
                }
                Json.print(out(), objects);
            }
            case CSV, TABLE -> {
                TextTable table = new TextTable(columns);
                for (Row row : rows) {
                    List<String> cells = new ArrayList<>();
                    for (int i = 0; i < columns.size(); i++) {
                        Object value = plain(row, i);
                        cells.add(value == null ? "" : String.valueOf(value));
                    }
                    table.row(cells);
                }
                if (format.get() == OutputFormat.CSV) {
                    table.printCsv(out());
                } else {
                    table.print(out());
                    out().println(rows.size() + " row" + (rows.size() == 1 ? "" : "s"));
                }
            }
            default -> throw new IllegalStateException("unsupported format " + format.get());
        }
        if (truncated) {
            err().println("warning: only the first " + MAX_ROWS + " rows are shown; add a LIMIT or aggregate");
        }
        out().flush();
        return ExitCodes.OK;
    }

    /**
     * Column {@code i} of {@code row} as JSON and the text formats show it: times as ISO strings, arrays
     * as lists (Spark hands them over as Scala sequences, which a JSON writer would turn into
     * {@code {"empty": false}}), numbers as numbers.
     */
    private static Object plain(Row row, int i) {
        if (row.isNullAt(i)) {
            return null;
        }
        if (row.schema().fields()[i].dataType() instanceof ArrayType) {
            return row.getList(i).stream().map(SqlCommand::plain).toList();
        }
        return plain(row.get(i));
    }

    private static Object plain(Object value) {
        return value instanceof Timestamp t ? t.toInstant().toString() : value instanceof Date d ? d.toString() : value;
    }
}
