package io.modelfleet.jobs;

import io.modelfleet.core.ModelfleetErrors;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.UnresolvedRelation;
import org.apache.spark.sql.catalyst.analysis.UnresolvedTableValuedFunction;
import org.apache.spark.sql.catalyst.parser.ParserInterface;
import org.apache.spark.sql.catalyst.plans.logical.Command;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Decides whether a statement only reads the warehouse. The statement is parsed by the session's
 * own SQL parser, not matched as text, and its whole plan is walked: it may hold queries and the
 * commands that only show or describe (SHOW, DESCRIBE, EXPLAIN), and nothing that writes, changes
 * the session, or reads a path outside the warehouse ({@code parquet.`/some/path`}, file-reading
 * table functions).
 */
final class ReadOnlySql {
    /** Commands that show, describe or explain and never execute what they describe. */
    private static final Set<String> READ_ONLY_COMMANDS = Set.of(
            "ShowTables",
            "ShowTablesCommand",
            "ShowViews",
            "ShowColumns",
            "ShowFunctions",
            "ShowCreateTable",
            "ShowTableProperties",
            "ShowPartitions",
            "ShowNamespaces",
            "DescribeRelation",
            "DescribeColumn",
            "DescribeFunction",
            "DescribeNamespace",
            "DescribeQueryCommand",
            "ExplainCommand");

    /** Data sources Spark reads a path with when a table name is written {@code format.`path`}. */
    private static final Set<String> PATH_SOURCES =
            Set.of("parquet", "delta", "csv", "json", "text", "orc", "avro", "binaryfile", "file", "xml");

    /** Table-valued functions that compute, not read: everything else may read files. */
    private static final Set<String> COMPUTING_FUNCTIONS = Set.of("range", "explode", "inline", "posexplode", "stack");

    private ReadOnlySql() {}

    /** Throws the refusal, naming the statement, unless {@code query} only reads. */
    static void check(SparkSession spark, String query) {
        LogicalPlan plan = parse(spark, query);
        Deque<LogicalPlan> pending = new ArrayDeque<>(List.of(plan));
        while (!pending.isEmpty()) {
            LogicalPlan node = pending.pop();
            refusal(node).ifPresent(what -> {
                throw ModelfleetErrors.notReadOnly(statement(query), what);
            });
            pending.addAll(CollectionConverters.asJava(node.children()));
            pending.addAll(CollectionConverters.asJava(node.subqueries()));
        }
    }

    private static Optional<String> refusal(LogicalPlan node) {
        String name = node.getClass().getSimpleName();
        if (node instanceof Command) {
            return READ_ONLY_COMMANDS.contains(name) ? Optional.empty() : Optional.of(describe(name));
        }
        if (name.contains("Insert") || name.contains("Write") || name.contains("Merge") || name.contains("Cache")) {
            return Optional.of(describe(name));
        }
        if (node instanceof UnresolvedRelation relation) {
            List<String> parts = CollectionConverters.asJava(relation.multipartIdentifier());
            if (parts.size() == 2 && PATH_SOURCES.contains(parts.get(0).toLowerCase(Locale.ROOT))) {
                return Optional.of("a read of the path " + parts.get(1) + " outside the warehouse");
            }
        }
        if (node instanceof UnresolvedTableValuedFunction function) {
            List<String> parts = CollectionConverters.asJava(function.name());
            String last = parts.get(parts.size() - 1).toLowerCase(Locale.ROOT);
            if (!COMPUTING_FUNCTIONS.contains(last)) {
                return Optional.of("the table function " + String.join(".", parts) + ", which may read files");
            }
        }
        return Optional.empty();
    }

    /** {@code InsertIntoStatement} → "an insert into statement". */
    private static String describe(String planClass) {
        String words = planClass
                .replaceAll("(Command|Statement|Exec)$", "")
                .replaceAll("([a-z])([A-Z])", "$1 $2")
                .toLowerCase(Locale.ROOT);
        return "a " + words + " statement";
    }

    private static String statement(String query) {
        String first = query.strip().split("\\s+", 2)[0].toUpperCase(Locale.ROOT);
        return first.isEmpty() ? "(empty)" : first;
    }

    /**
     * The session's parser, as {@code spark-sql} itself parses: the classic session exposes it
     * through {@code sessionState()}, which the API type does not declare.
     */
    private static LogicalPlan parse(SparkSession spark, String query) {
        ParserInterface parser;
        try {
            Object state = spark.getClass().getMethod("sessionState").invoke(spark);
            parser = (ParserInterface) state.getClass().getMethod("sqlParser").invoke(state);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("this Spark session has no SQL parser to check queries with", e);
        }
        try {
            return parser.parsePlan(query);
        } catch (Exception e) {
            // ParseException is Scala's; its first line says where the statement stops making sense.
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            int newline = message.indexOf('\n');
            throw ModelfleetErrors.unparsableQuery(newline < 0 ? message : message.substring(0, newline));
        }
    }
}
