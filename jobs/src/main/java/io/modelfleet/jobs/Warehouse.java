package io.modelfleet.jobs;

import io.modelfleet.core.Location;
import io.modelfleet.core.ModelfleetErrors;
import io.modelfleet.core.ModelfleetException;
import io.modelfleet.jobs.slo.DeltaTables;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkThrowable;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The warehouse (a local folder or an object-store prefix): one Delta table per sub-folder, queryable by its folder name.
 *
 * <p>A sub-folder that is not a readable Delta table — one a killed run left without a committed
 * version, or one Delta cannot read — does not fail every query: it is left out and named in
 * {@link #skipped()}, with why, for the caller to show. Hidden folders (a leading {@code .} or
 * {@code _}) are not tables.
 */
public final class Warehouse {
    private final SparkSession spark;
    private final Location root;
    private final List<SkippedTable> skipped = new ArrayList<>();

    /** A warehouse folder left out of queries, and why. */
    public record SkippedTable(String name, ModelfleetException problem) {}

    public Warehouse(SparkSession spark, Location root) {
        this.spark = spark;
        this.root = root;
    }

    /**
     * Names of the tables present (with a committed version), in order; folders holding a Delta
     * log without one are listed in {@link #skipped()}.
     */
    public List<String> tables() {
        skipped.clear();
        List<String> tables = new ArrayList<>();
        for (Location folder : folders()) {
            String name = folder.name();
            if (DeltaTables.exists(folder)) {
                tables.add(name);
            } else if (DeltaTables.halfMade(folder)) {
                skipped.add(new SkippedTable(name, ModelfleetErrors.halfMadeTable(folder)));
            }
        }
        return tables;
    }

    /**
     * The folders left out by the last {@link #tables()} or {@link #sql(String)}: a Delta log
     * without a committed version, or (queries only) a table Delta could not read.
     */
    public List<SkippedTable> skipped() {
        return List.copyOf(skipped);
    }

    private List<Location> folders() {
        try {
            return StorageFiles.list(root).stream()
                    .filter(StorageFiles.Entry::folder)
                    .map(StorageFiles.Entry::name)
                    .filter(name -> !name.startsWith(".") && !name.startsWith("_"))
                    .map(root::resolve)
                    .toList();
        } catch (IOException e) {
            throw ModelfleetErrors.warehouseUnreadable(root, e);
        }
    }

    /**
     * Runs one read-only Spark SQL statement with every readable table registered as a view under
     * its own name; the others are left out and listed in {@link #skipped()}. A statement that
     * writes, changes the session or reads outside the warehouse is refused before anything runs.
     */
    public Dataset<Row> sql(String query) {
        ReadOnlySql.check(spark, query);
        List<String> tables = new ArrayList<>();
        for (String table : tables()) {
            Location folder = root.resolve(table);
            try {
                spark.read().format("delta").load(folder.toString()).createOrReplaceTempView(table);
                tables.add(table);
            } catch (RuntimeException e) {
                // Scala throws AnalysisException (e.g. a log Delta cannot read) without declaring it.
                skipped.add(new SkippedTable(table, ModelfleetErrors.unreadableTable(folder, e)));
            }
        }
        List<String> skippedNames =
                skipped.stream().map(SkippedTable::name).sorted().toList();
        // a view of the same name from an earlier query in this session would answer in its place
        skippedNames.forEach(name -> spark.catalog().dropTempView(name));
        if (tables.isEmpty()) {
            if (!skippedNames.isEmpty()) {
                throw ModelfleetErrors.noReadableTables(root, skippedNames);
            }
            throw ModelfleetErrors.warehouseEmpty(root);
        }
        try {
            return spark.sql(query);
        } catch (Exception e) {
            // Scala throws AnalysisException (and its ParseException) without declaring it.
            if (e instanceof AnalysisException) {
                throw ModelfleetErrors.badQuery(firstLine(e.getMessage()), tables, skippedNames);
            }
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("Cannot run query", e);
        }
    }

    /**
     * The first {@code limit} rows of {@code result}. A value the query cannot take as it runs (a
     * date that does not exist, a division by zero: Spark's SQLSTATE class 22, data exception) is
     * the query's mistake, not a failure of modelfleet's.
     */
    public static List<Row> rows(Dataset<Row> result, int limit) {
        try {
            return result.limit(limit).collectAsList();
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
                if (t instanceof SparkThrowable spark
                        && spark.getSqlState() != null
                        && spark.getSqlState().startsWith("22")) {
                    throw ModelfleetErrors.queryFailedOnValues(firstLine(t.getMessage()));
                }
            }
            throw e;
        }
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
