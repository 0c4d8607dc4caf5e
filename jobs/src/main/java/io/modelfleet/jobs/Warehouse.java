package io.modelfleet.jobs;

import io.modelfleet.core.ModelfleetErrors;
import io.modelfleet.jobs.slo.DeltaTables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** The warehouse folder: one Delta table per sub-folder, queryable by its folder name. */
public final class Warehouse {
    private final SparkSession spark;
    private final Path root;

    public Warehouse(SparkSession spark, Path root) {
        this.spark = spark;
        this.root = root;
    }

    /** Names of the tables present, in order. */
    public List<String> tables() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(root)) {
            return children.filter(DeltaTables::exists)
                    .map(p -> p.getFileName().toString())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw ModelfleetErrors.warehouseUnreadable(root, e);
        }
    }

    /** Runs Spark SQL with every table registered as a view under its own name. */
    public Dataset<Row> sql(String query) {
        List<String> tables = tables();
        if (tables.isEmpty()) {
            throw ModelfleetErrors.warehouseEmpty(root);
        }
        for (String table : tables) {
            spark.read().format("delta").load(root.resolve(table).toString()).createOrReplaceTempView(table);
        }
        try {
            return spark.sql(query);
        } catch (Exception e) {
            // Scala throws AnalysisException (and its ParseException) without declaring it.
            if (e instanceof AnalysisException) {
                List<String> known = new ArrayList<>(tables);
                throw ModelfleetErrors.badQuery(firstLine(e.getMessage()), known);
            }
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("Cannot run query", e);
        }
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
