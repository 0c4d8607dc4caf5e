package io.modelfleet.jobs.slo;

import io.modelfleet.core.ModelfleetErrors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;

/**
 * How jobs write Delta tables, kept in one place.
 *
 * <p><b>A table exists from its first commit.</b> A folder whose {@code _delta_log} holds no
 * committed version (a first write killed between its data files and its commit leaves data files
 * and an empty {@code _delta_log/_staged_commits/}) is treated as absent: the next write commits
 * version 0 into it, and Delta ignores the files the dead write left, as it ignores those of any
 * failed write. Leftover files older than {@link #ABANDONED_AFTER} are moved aside first into
 * {@code <warehouse>/.abandoned/}; younger ones may belong to a first write still running, so they
 * stay. Nothing is ever deleted, and a folder with a committed version is never touched.
 */
public final class DeltaTables {
    private DeltaTables() {}

    /** Files of a never-committed table older than this belong to a dead write. */
    static final Duration ABANDONED_AFTER = Duration.ofHours(1);

    /** Where leftovers of dead first writes are moved, under the warehouse; hidden from readers. */
    static final String ABANDONED_FOLDER = ".abandoned";

    private static final String LOG = "_delta_log";
    private static final Pattern COMMITTED = Pattern.compile("\\d{20}\\.(json|checkpoint\\b.*)");

    private static final DateTimeFormatter UTC =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);

    /** A predicate on the {@code hour} column, both ends included; sessions run in UTC. */
    public static String hourRange(Instant first, Instant last) {
        return "hour >= TIMESTAMP '" + UTC.format(first) + "' AND hour <= TIMESTAMP '" + UTC.format(last) + "'";
    }

    /** Whether the folder is a Delta table: its log holds at least one committed version. */
    public static boolean exists(Path table) {
        Path log = table.resolve(LOG);
        if (!Files.isDirectory(log)) {
            return false;
        }
        try (Stream<Path> files = Files.list(log)) {
            return files.anyMatch(
                    f -> COMMITTED.matcher(f.getFileName().toString()).matches()
                            || f.getFileName().toString().equals("_last_checkpoint"));
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the folder holds a Delta log but no committed version: a first write died before its commit. */
    public static boolean halfMade(Path table) {
        return Files.isDirectory(table.resolve(LOG)) && !exists(table);
    }

    /**
     * Replaces the rows matching {@code predicate} with {@code rows}, in one commit: readers see
     * the old rows or the new ones, never a mix, and a failure midway leaves the table unchanged.
     * Creates the table, partitioned by {@code partitionColumn}, on first write — also in a folder
     * a killed first write left without a committed version.
     */
    public static void replace(Dataset<Row> rows, Path table, String predicate, String partitionColumn) {
        if (!exists(table)) {
            setAsideAbandoned(table);
            rows.write()
                    .format("delta")
                    .mode(SaveMode.Overwrite)
                    .partitionBy(partitionColumn)
                    .save(table.toString());
            return;
        }
        rows.write()
                .format("delta")
                .mode(SaveMode.Overwrite)
                .option("replaceWhere", predicate)
                .save(table.toString());
    }

    /**
     * Moves the files of a never-committed table folder that are older than {@link
     * #ABANDONED_AFTER} to {@code <warehouse>/.abandoned/<table>-<time>/}, keeping their paths.
     * Younger files may belong to a first write still running and stay where they are (Delta
     * ignores them once a version is committed). Never deletes.
     */
    static void setAsideAbandoned(Path table) {
        if (!Files.isDirectory(table) || exists(table)) {
            return;
        }
        Instant cutoff = Instant.now().minus(ABANDONED_AFTER);
        Path target =
                table.resolveSibling(ABANDONED_FOLDER).resolve(table.getFileName() + "-" + STAMP.format(Instant.now()));
        try (Stream<Path> walk = Files.walk(table)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                FileTime modified = Files.getLastModifiedTime(file);
                if (modified.toInstant().isBefore(cutoff) && !exists(table)) {
                    Path moved = target.resolve(table.relativize(file).toString());
                    Files.createDirectories(moved.getParent());
                    Files.move(file, moved);
                }
            }
        } catch (NoSuchFileException e) {
            // another writer moved it first
        } catch (IOException e) {
            throw ModelfleetErrors.warehouseUnwritable(table, e);
        }
    }
}
