package io.modelfleet.cli.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.delta.kernel.Scan;
import io.delta.kernel.Snapshot;
import io.delta.kernel.Table;
import io.delta.kernel.data.ArrayValue;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.engine.FileReadResult;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.internal.data.ScanStateRow;
import io.delta.kernel.internal.util.Utils;
import io.delta.kernel.types.ArrayType;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampType;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.FileStatus;
import io.modelfleet.cli.CliRun;
import io.modelfleet.core.tables.TableDocs;
import io.modelfleet.jobs.SparkSessions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;

/**
 * Reads a table with Delta Kernel, a second Delta implementation (what Trino, DuckDB's delta extension
 * and other engines build on), and holds it against what {@code modelfleet sql} returns: the same rows,
 * every column carrying its comment from {@link TableDocs}, the retention stated in the table, and one
 * data file per partition.
 */
final class KernelTables {
    private static final ObjectMapper JSON = new ObjectMapper();

    private KernelTables() {}

    /** How a table's data files are laid out, which decides what is asserted of them. */
    enum DataFiles {
        /** A partitioned table holds one data file per partition (an unpartitioned one is not counted). */
        ONE_PER_PARTITION,
        /**
         * An unpartitioned table each publish appends to (launch_gates: a MERGE of the looks made since the
         * last publish), so its file count follows the publishes; asserted unpartitioned, files not counted.
         */
        APPENDED
    }

    /** Asserts that Kernel reads {@code table} under {@code warehouse} as {@code modelfleet sql} does; its rows. */
    static int assertReadsAsSqlDoes(Path cwd, Path warehouse, String table) {
        return assertReadsAsSqlDoes(cwd, warehouse, table, DataFiles.ONE_PER_PARTITION);
    }

    /** As {@link #assertReadsAsSqlDoes(Path, Path, String)}, for a table whose data files are laid out as {@code layout}. */
    static int assertReadsAsSqlDoes(Path cwd, Path warehouse, String table, DataFiles layout) {
        Engine engine = DefaultEngine.create(new Configuration());
        Snapshot snapshot =
                Table.forPath(engine, warehouse.resolve(table).toString()).getLatestSnapshot(engine);
        TableDocs.Table docs = TableDocs.tables().stream()
                .filter(t -> t.name().equals(table))
                .findFirst()
                .orElseThrow();
        for (StructField field : snapshot.getSchema().fields()) {
            assertThat(field.getMetadata().getString("comment"))
                    .as("comment of %s.%s as Delta Kernel reads it", table, field.getName())
                    .isEqualTo(docs.columns().get(field.getName()));
        }

        assertThat(snapshot.getTableProperties())
                .as("%s's retention, stated in the table", table)
                .containsEntry("delta.deletedFileRetentionDuration", SparkSessions.DELETED_FILE_RETENTION)
                .containsEntry("delta.logRetentionDuration", SparkSessions.LOG_RETENTION);

        Map<Map<String, String>, Integer> filesPerPartition = new LinkedHashMap<>();
        List<String> kernel = sorted(read(engine, snapshot, filesPerPartition));
        if (layout == DataFiles.APPENDED) {
            assertThat(snapshot.getPartitionColumnNames())
                    .as("%s is appended to unpartitioned: its files are not counted", table)
                    .isEmpty();
        } else if (!snapshot.getPartitionColumnNames().isEmpty()) {
            assertThat(filesPerPartition)
                    .as("%s: data files per partition, as Delta Kernel lists them", table)
                    .allSatisfy((partition, files) -> assertThat(files).isOne());
        }
        CliRun sql = CliRun.run(
                cwd, "sql", "--warehouse", warehouse.toString(), "--format", "json", "SELECT * FROM " + table);
        assertThat(sql.exitCode()).as(sql.err()).isZero();
        List<String> spark = new ArrayList<>();
        try {
            for (JsonNode row : JSON.readTree(sql.out())) {
                spark.add(JSON.writeValueAsString(row));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(kernel)
                .as("%s: Delta Kernel's rows against modelfleet sql's", table)
                .isEqualTo(sorted(spark));
        return kernel.size();
    }

    /** Every row of the snapshot as JSON, its values written the way {@code modelfleet sql --format json} writes them. */
    private static List<String> read(
            Engine engine, Snapshot snapshot, Map<Map<String, String>, Integer> filesPerPartition) {
        StructType schema = snapshot.getSchema();
        Scan scan = snapshot.getScanBuilder().build();
        Row scanState = scan.getScanState(engine);
        StructType physical = ScanStateRow.getPhysicalDataReadSchema(scanState);
        List<String> rows = new ArrayList<>();
        try (CloseableIterator<FilteredColumnarBatch> files = scan.getScanFiles(engine)) {
            while (files.hasNext()) {
                try (CloseableIterator<Row> fileRows = files.next().getRows()) {
                    while (fileRows.hasNext()) {
                        Row file = fileRows.next();
                        FileStatus status = InternalScanFileUtils.getAddFileStatus(file);
                        filesPerPartition.merge(InternalScanFileUtils.getPartitionValues(file), 1, Integer::sum);
                        CloseableIterator<ColumnarBatch> data = engine.getParquetHandler()
                                .readParquetFiles(Utils.singletonCloseableIterator(status), physical, Optional.empty())
                                .map(FileReadResult::getData);
                        try (CloseableIterator<FilteredColumnarBatch> logical =
                                Scan.transformPhysicalData(engine, scanState, file, data)) {
                            while (logical.hasNext()) {
                                rows.addAll(json(schema, logical.next()));
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    private static List<String> json(StructType schema, FilteredColumnarBatch batch) throws IOException {
        ColumnarBatch data = batch.getData();
        Optional<ColumnVector> selected = batch.getSelectionVector();
        List<String> rows = new ArrayList<>();
        for (int r = 0; r < data.getSize(); r++) {
            if (selected.isPresent()
                    && (selected.get().isNullAt(r) || !selected.get().getBoolean(r))) {
                continue;
            }
            Map<String, Object> row = new LinkedHashMap<>();
            for (int c = 0; c < schema.length(); c++) {
                StructField field = schema.at(c);
                row.put(field.getName(), value(field.getDataType(), data.getColumnVector(c), r));
            }
            rows.add(JSON.writeValueAsString(row));
        }
        return rows;
    }

    private static Object value(DataType type, ColumnVector vector, int row) {
        if (vector.isNullAt(row)) {
            return null;
        }
        if (type instanceof StringType) {
            return vector.getString(row);
        } else if (type instanceof LongType) {
            return vector.getLong(row);
        } else if (type instanceof IntegerType) {
            return vector.getInt(row);
        } else if (type instanceof DoubleType) {
            // JSON has no infinity or NaN: modelfleet sql writes them as null, and so does this
            double value = vector.getDouble(row);
            return Double.isFinite(value) ? value : null;
        } else if (type instanceof BooleanType) {
            return vector.getBoolean(row);
        } else if (type instanceof TimestampType) {
            long micros = vector.getLong(row);
            return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L)
                    .toString();
        } else if (type instanceof DateType) {
            return LocalDate.ofEpochDay(vector.getInt(row)).toString();
        } else if (type instanceof ArrayType array) {
            ArrayValue values = vector.getArray(row);
            List<Object> list = new ArrayList<>();
            for (int i = 0; i < values.getSize(); i++) {
                list.add(value(array.getElementType(), values.getElements(), i));
            }
            return list;
        }
        throw new IllegalStateException("a column type this reader does not know: " + type);
    }

    private static List<String> sorted(List<String> rows) {
        return rows.stream().sorted(Comparator.naturalOrder()).toList();
    }
}
