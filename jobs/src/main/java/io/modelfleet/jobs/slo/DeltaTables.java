package io.modelfleet.jobs.slo;

import static org.apache.spark.sql.functions.col;

import io.modelfleet.core.Location;
import io.modelfleet.core.ModelfleetErrors;
import io.modelfleet.core.ModelfleetException;
import io.modelfleet.jobs.SparkSessions;
import io.modelfleet.jobs.StorageFiles;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * How jobs read and rewrite Delta tables, kept in one place.
 *
 * <p><b>A table exists from its first commit.</b> A folder whose {@code _delta_log} holds no
 * committed version (a first write killed between its data files and its commit leaves data files
 * and an empty {@code _delta_log/_staged_commits/}) is treated as absent: the next write commits
 * version 0 into it, and Delta ignores the files the dead write left, as it ignores those of any
 * failed write. Leftover files older than {@link #ABANDONED_AFTER} are moved aside first into
 * {@code <warehouse>/.abandoned/}; younger ones may belong to a first write still running, so they
 * stay. Nothing is ever deleted, and a folder with a committed version is never touched.
 *
 * <p><b>Concurrent writers.</b> Every rewrite is a {@code replaceWhere} commit, also the one that
 * creates a table (a plain overwrite of a table another writer just created would erase it). A
 * rewrite computed from rows it read commits only if no other modelfleet rewrite has committed
 * since that read: each such commit carries a Delta application transaction ({@code txnAppId},
 * {@code txnVersion}) whose version is the count of modelfleet rewrites, and Delta skips a write
 * whose version is not above the table's. A write that was skipped, or that lost one of Delta's
 * optimistic-concurrency checks (every Delta conflict is a {@link ConcurrentModificationException}),
 * re-reads and tries again, up to {@link #MAX_ATTEMPTS} times with growing, jittered pauses.
 */
public final class DeltaTables {
    private DeltaTables() {}

    /** Files of a never-committed table older than this belong to a dead write. */
    static final Duration ABANDONED_AFTER = Duration.ofHours(1);

    /** Where leftovers of dead first writes are moved, under the warehouse; hidden from readers. */
    static final String ABANDONED_FOLDER = ".abandoned";

    /** Attempts at a commit before giving up on concurrent writers. */
    static final int MAX_ATTEMPTS = 8;

    static final Duration FIRST_PAUSE = Duration.ofMillis(200);
    static final Duration MAX_PAUSE = Duration.ofSeconds(5);

    /** The application id of modelfleet's rewrite transactions; its version counts them. */
    static final String WRITES = "modelfleet-rewrites";

    private static final String LOG = "_delta_log";
    private static final Pattern COMMITTED = Pattern.compile("\\d{20}\\.(json|checkpoint\\b.*)");
    private static final Pattern SEQUENCE = Pattern.compile("^modelfleet rewrite (\\d+) ");

    private static final DateTimeFormatter UTC =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);

    /** A predicate on the {@code hour} column, both ends included; sessions run in UTC. */
    public static String hourRange(Instant first, Instant last) {
        return "hour >= TIMESTAMP '" + UTC.format(first) + "' AND hour <= TIMESTAMP '" + UTC.format(last) + "'";
    }

    /** A predicate on the {@code hour} column matching exactly these hours. */
    public static String hours(List<Instant> hours) {
        return hours.stream()
                .map(h -> "TIMESTAMP '" + UTC.format(h) + "'")
                .collect(Collectors.joining(", ", "hour IN (", ")"));
    }

    /** Whether the folder is a Delta table: its log holds at least one committed version. */
    public static boolean exists(Location table) {
        try {
            return StorageFiles.list(table.resolve(LOG)).stream()
                    .anyMatch(f ->
                            COMMITTED.matcher(f.name()).matches() || f.name().equals("_last_checkpoint"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the folder holds a Delta log but no committed version: a first write died before its commit. */
    public static boolean halfMade(Location table) {
        try {
            return StorageFiles.isFolder(table.resolve(LOG)) && !exists(table);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What a rewrite read: the table's version ({@code -1} when absent) and how many modelfleet
     * rewrites it has had, which the rewrite's own commit must be the next of.
     */
    public record Snapshot(Location table, long version, long rewrites) {
        public boolean isAbsent() {
            return version < 0;
        }

        /** The table's rows at this version (call only when it is not absent). */
        public Dataset<Row> read(SparkSession spark) {
            return spark.read().format("delta").option("versionAsOf", version).load(table.toString());
        }
    }

    /** The table's latest version and its count of modelfleet rewrites. */
    public static Snapshot snapshot(SparkSession spark, Location table) {
        if (!exists(table)) {
            return new Snapshot(table, -1, 0);
        }
        List<Row> history = history(spark, table, 20);
        long version = history.get(0).getLong(0);
        Optional<Long> rewrites = lastRewrite(history);
        if (rewrites.isEmpty() && history.size() == 20) {
            rewrites = lastRewrite(history(spark, table, Integer.MAX_VALUE));
        }
        // A table no rewrite of this kind has touched yet (or whose history was cleaned up) starts
        // the count at its version, which is never below the count it may hold.
        return new Snapshot(table, version, rewrites.orElse(version));
    }

    private static List<Row> history(SparkSession spark, Location table, int limit) {
        return spark.sql("DESCRIBE HISTORY delta.`" + table.toString().replace("`", "``") + "`"
                        + (limit == Integer.MAX_VALUE ? "" : " LIMIT " + limit))
                .select("version", "userMetadata")
                .collectAsList();
    }

    private static Optional<Long> lastRewrite(List<Row> history) {
        for (Row row : history) {
            if (!row.isNullAt(1)) {
                Matcher m = SEQUENCE.matcher(row.getString(1));
                if (m.find()) {
                    return Optional.of(Long.parseLong(m.group(1)));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Replaces the rows matching {@code predicate} with {@code rows} in one commit, if no other
     * modelfleet rewrite has committed since {@code basis} was read: readers see the old rows or
     * the new ones, never a mix, and a failure midway leaves the table unchanged. Creates the
     * table, partitioned by {@code partitionColumn}, on first write.
     *
     * @return false when another rewrite committed first (read again and retry); Delta's conflict
     *     exceptions propagate, and {@link #isConflict} recognizes them
     */
    public static boolean replaceIfUnchanged(
            Dataset<Row> rows, Snapshot basis, String predicate, String partitionColumn, String description) {
        long sequence = basis.rewrites() + 1;
        return write(rows, basis.table(), predicate, partitionColumn, WRITES, sequence, basis.version(), description);
    }

    /**
     * Replaces the rows matching {@code predicate} with {@code rows}, in one commit, retrying
     * when other writers conflict; for rows that do not depend on what the table held.
     * {@code what} names the rows in domain words (e.g. "hours 2026-11-24T13") for the error
     * raised if other writers keep winning.
     */
    public static void replace(
            Dataset<Row> rows, Location table, String predicate, String partitionColumn, String what) {
        retrying(
                () -> {
                    write(rows, table, predicate, partitionColumn, null, 0, -1, "modelfleet replace " + what);
                    return Optional.of(true);
                },
                () -> ModelfleetErrors.concurrentWriters(table.name(), what, MAX_ATTEMPTS));
    }

    /** {@link #replace(Dataset, Location, String, String, String)} of the rows matching {@code predicate}. */
    public static void replace(Dataset<Row> rows, Location table, String predicate, String partitionColumn) {
        replace(rows, table, predicate, partitionColumn, "the rows where " + predicate);
    }

    /**
     * One {@code replaceWhere} commit; with {@code appId}, a Delta application transaction of
     * version {@code txnVersion}, which Delta skips when the table's is not below it.
     *
     * @param since the table's version when the rows were computed ({@code -1}: absent); with
     *     {@code appId}, whether the write committed is looked up in the commits after it
     * @return whether the write committed
     */
    private static boolean write(
            Dataset<Row> rows,
            Location table,
            String predicate,
            String partitionColumn,
            String appId,
            long txnVersion,
            long since,
            String description) {
        if (!exists(table)) {
            setAsideAbandoned(table);
        } else {
            upgrade(rows.sparkSession(), rows.schema(), table, partitionColumn);
        }
        String token = "[" + UUID.randomUUID() + "]";
        String metadata = appId == null
                ? description + " " + token
                : "modelfleet rewrite " + txnVersion + " " + description + " " + token;
        DataFrameWriter<Row> writer = rows.write()
                .format("delta")
                .mode(SaveMode.Overwrite)
                .partitionBy(partitionColumn)
                .option("replaceWhere", predicate)
                // tables written by an older modelfleet gain the columns added since (e.g. misplaced_rows)
                .option("mergeSchema", "true")
                .option("userMetadata", metadata);
        if (appId == null) {
            writer.save(table.toString());
            return true;
        }
        writer.option("txnAppId", appId).option("txnVersion", txnVersion).save(table.toString());
        // Delta skips, silently, a write whose transaction version is not above the table's: it
        // committed only if its token is among the commits made since.
        int limit = 50;
        while (true) {
            List<Row> recent = history(rows.sparkSession(), table, limit);
            for (Row row : recent) {
                if (row.getLong(0) <= since) {
                    return false;
                }
                if (!row.isNullAt(1) && row.getString(1).endsWith(token)) {
                    return true;
                }
            }
            if (recent.size() < limit) {
                return false;
            }
            limit *= 4;
        }
    }

    /**
     * Brings a table an older modelfleet wrote to the layout {@code rows} has, once per table and
     * process: a column that was a {@code yyyy-MM-dd} string and is a {@code DATE} now ({@code ds})
     * is converted by one commit that rewrites the table (Delta cannot change a column's type in
     * place); column comments that are missing or reworded, and retention properties that are
     * missing, are set by metadata-only commits. Columns the table lacks are added by the write
     * itself ({@code mergeSchema}). A writer racing the upgrade loses one of Delta's conflict
     * checks and retries like any other. Call only for a table that {@link #exists}.
     *
     * @param schema the schema this version writes, with its comments
     * @param partitionColumn the table's partition column, or null when it has none
     */
    public static void upgrade(SparkSession spark, StructType schema, Location table, String partitionColumn) {
        if (UPGRADED.contains(table.toString())) {
            return;
        }
        String path = table.toString();
        String quoted = "delta.`" + path.replace("`", "``") + "`";
        Dataset<Row> stored = spark.read().format("delta").load(path);
        Map<String, StructField> wanted = new LinkedHashMap<>();
        for (StructField field : schema.fields()) {
            wanted.put(field.name(), field);
        }
        List<String> retyped = new ArrayList<>();
        List<String> recommented = new ArrayList<>();
        List<Column> upgraded = new ArrayList<>();
        for (StructField field : stored.schema().fields()) {
            StructField target = wanted.get(field.name());
            if (target == null) {
                upgraded.add(col(field.name()));
                continue;
            }
            boolean toDate = field.dataType().equals(DataTypes.StringType)
                    && target.dataType().equals(DataTypes.DateType);
            if (toDate) {
                retyped.add(field.name());
            } else if (!Objects.equals(comment(field), comment(target)) && comment(target) != null) {
                recommented.add(field.name() + " COMMENT '" + sqlString(comment(target)) + "'");
            }
            upgraded.add((toDate ? col(field.name()).cast(DataTypes.DateType) : col(field.name()))
                    .as(field.name(), target.metadata()));
        }
        if (!retyped.isEmpty()) {
            Dataset<Row> converted = stored.select(upgraded.toArray(Column[]::new));
            // one file per partition, as this version writes them (older ones wrote several a day)
            DataFrameWriter<Row> rewrite = (partitionColumn == null
                            ? converted
                            : converted.repartition(col(partitionColumn)))
                    .write()
                    .format("delta")
                    .mode(SaveMode.Overwrite)
                    .option("overwriteSchema", "true")
                    // the whole table, whatever the session's default for overwrites
                    .option("partitionOverwriteMode", "static");
            if (partitionColumn != null) {
                rewrite = rewrite.partitionBy(partitionColumn);
            }
            rewrite.option(
                            "userMetadata",
                            "modelfleet upgrade: " + String.join(", ", retyped) + " from string to date ["
                                    + UUID.randomUUID() + "]")
                    .save(path);
        } else if (!recommented.isEmpty()) {
            spark.sql("ALTER TABLE " + quoted + " ALTER COLUMN " + String.join(", ", recommented));
        }
        Map<String, String> properties = Map.of(
                "delta.deletedFileRetentionDuration", SparkSessions.DELETED_FILE_RETENTION,
                "delta.logRetentionDuration", SparkSessions.LOG_RETENTION);
        Row detail = spark.sql("DESCRIBE DETAIL " + quoted).select("properties").first();
        Map<String, String> present = detail.getJavaMap(0);
        List<String> missing = properties.entrySet().stream()
                .filter(e -> !present.containsKey(e.getKey()))
                .map(e -> "'" + e.getKey() + "' = '" + e.getValue() + "'")
                .sorted()
                .toList();
        if (!missing.isEmpty()) {
            spark.sql("ALTER TABLE " + quoted + " SET TBLPROPERTIES (" + String.join(", ", missing) + ")");
        }
        UPGRADED.add(table.toString());
    }

    /** Tables this process has brought up to date, or found so. */
    private static final Set<String> UPGRADED = ConcurrentHashMap.newKeySet();

    private static String comment(StructField field) {
        return field.metadata().contains("comment") ? field.metadata().getString("comment") : null;
    }

    private static String sqlString(String text) {
        return text.replace("\\", "\\\\").replace("'", "\\'");
    }

    /**
     * Appends {@code rows} in one commit, creating the table on first write; a table an older
     * modelfleet wrote is {@linkplain #upgrade upgraded} first and gains new columns.
     */
    public static void append(Dataset<Row> rows, Location table) {
        if (exists(table)) {
            upgrade(rows.sparkSession(), rows.schema(), table, null);
        }
        rows.write()
                .format("delta")
                .mode(SaveMode.Append)
                .option("mergeSchema", "true")
                .save(table.toString());
    }

    /**
     * Runs {@code attempt} until it returns a value: empty, or a Delta conflict, means another
     * writer committed first, and the attempt reads again and retries after a pause. Gives up
     * after {@link #MAX_ATTEMPTS} with the exception {@code giveUp} builds.
     */
    public static <T> T retrying(Supplier<Optional<T>> attempt, Supplier<ModelfleetException> giveUp) {
        return retrying(MAX_ATTEMPTS, FIRST_PAUSE, attempt, giveUp);
    }

    static <T> T retrying(
            int maxAttempts, Duration firstPause, Supplier<Optional<T>> attempt, Supplier<ModelfleetException> giveUp) {
        RuntimeException last = null;
        for (int i = 0; i < maxAttempts; i++) {
            if (i > 0) {
                pause(firstPause, i);
            }
            try {
                Optional<T> done = attempt.get();
                if (done.isPresent()) {
                    return done.get();
                }
                last = null;
            } catch (RuntimeException e) {
                if (!isConflict(e)) {
                    throw e;
                }
                last = e;
            }
        }
        ModelfleetException error = giveUp.get();
        if (last != null) {
            error.addSuppressed(last);
        }
        throw error;
    }

    private static void pause(Duration firstPause, int attempt) {
        long cap = Math.min(MAX_PAUSE.toMillis(), firstPause.toMillis() << Math.min(attempt - 1, 10));
        long millis = cap / 2 + ThreadLocalRandom.current().nextLong(cap / 2 + 1);
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ModelfleetErrors.interrupted("waiting to write a table other runs were writing", e);
        }
    }

    /**
     * Whether the failure is another writer winning a race: one of Delta's optimistic-concurrency
     * conflicts (ConcurrentAppendException, ConcurrentDeleteReadException,
     * ConcurrentDeleteDeleteException, MetadataChangedException, ProtocolChangedException — the
     * race to create a table —, ConcurrentTransactionException; all of them
     * {@link ConcurrentModificationException}s), or a commit file another writer created first.
     */
    public static boolean isConflict(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            // java.nio's and Hadoop's FileAlreadyExistsException alike
            if (t instanceof ConcurrentModificationException
                    || t.getClass().getSimpleName().equals("FileAlreadyExistsException")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Moves the files of a never-committed table folder that are older than {@link
     * #ABANDONED_AFTER} to {@code <warehouse>/.abandoned/<table>-<time>/}, keeping their paths.
     * Younger files may belong to a first write still running and stay where they are (Delta
     * ignores them once a version is committed). Never deletes.
     */
    static void setAsideAbandoned(Location table) {
        Instant cutoff = Instant.now().minus(ABANDONED_AFTER);
        Location target = table.sibling(ABANDONED_FOLDER).resolve(table.name() + "-" + STAMP.format(Instant.now()));
        try {
            if (!StorageFiles.isFolder(table) || exists(table)) {
                return;
            }
            for (StorageFiles.Entry file : StorageFiles.files(table)) {
                if (file.modified().isBefore(cutoff) && !exists(table)) {
                    StorageFiles.move(table.resolve(file.name()), target.resolve(file.name()));
                }
            }
        } catch (FileNotFoundException e) {
            // another writer moved it first
        } catch (IOException e) {
            throw ModelfleetErrors.warehouseUnwritable(table, e);
        }
    }
}
