package io.modelfleet.jobs;

import io.modelfleet.core.Location;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.SparkSession;
import scala.Option;

/**
 * The few file operations the jobs do beside Spark's reads and writes (is there a table here,
 * which tables are there, set a dead write's files aside), through Hadoop's file system API, so a
 * warehouse on a local disk, HDFS or an object store ({@code s3a://}) behaves the same. Settings
 * ({@code fs.s3a.*} and the like) come from the running Spark session, as Spark's own reads get
 * them.
 */
public final class StorageFiles {
    private StorageFiles() {}

    /** A folder's child: its name, whether it is a folder, and when it last changed. */
    public record Entry(String name, boolean folder, Instant modified) {}

    /** Whether {@code location} is a folder (an object store: a prefix with objects under it). */
    public static boolean isFolder(Location location) throws IOException {
        Path path = path(location);
        try {
            return fileSystem(path).getFileStatus(path).isDirectory();
        } catch (FileNotFoundException e) {
            return false;
        }
    }

    /** The folder's children, by name; empty when the folder does not exist. */
    public static List<Entry> list(Location folder) throws IOException {
        Path path = path(folder);
        FileStatus[] statuses;
        try {
            statuses = fileSystem(path).listStatus(path);
        } catch (FileNotFoundException e) {
            return List.of();
        }
        List<Entry> entries = new ArrayList<>(statuses.length);
        for (FileStatus status : statuses) {
            entries.add(entry(status.getPath().getName(), status));
        }
        entries.sort(Comparator.comparing(Entry::name));
        return entries;
    }

    /** Every file under the folder, named by its path relative to it; empty when it does not exist. */
    public static List<Entry> files(Location folder) throws IOException {
        Path root = path(folder);
        FileSystem fs = fileSystem(root);
        String prefix = fs.makeQualified(root).toUri().getPath().replaceAll("/+$", "");
        List<Entry> files = new ArrayList<>();
        try {
            RemoteIterator<LocatedFileStatus> all = fs.listFiles(root, true);
            while (all.hasNext()) {
                LocatedFileStatus status = all.next();
                String full = status.getPath().toUri().getPath();
                files.add(entry(full.substring(Math.min(full.length(), prefix.length() + 1)), status));
            }
        } catch (FileNotFoundException e) {
            return List.of();
        }
        return files;
    }

    /** Moves a file, making the folders it goes into. */
    public static void move(Location from, Location to) throws IOException {
        Path source = path(from);
        Path target = path(to);
        FileSystem fs = fileSystem(source);
        fs.mkdirs(target.getParent());
        if (!fs.rename(source, target)) {
            if (!fs.exists(source)) {
                throw new FileNotFoundException(from + " is gone");
            }
            throw new IOException("cannot move " + from + " to " + to);
        }
    }

    private static Entry entry(String name, FileStatus status) {
        return new Entry(name, status.isDirectory(), Instant.ofEpochMilli(status.getModificationTime()));
    }

    /** The same string Spark is given for the location, so both resolve it the same way. */
    private static Path path(Location location) {
        return new Path(location.toString());
    }

    private static FileSystem fileSystem(Path path) throws IOException {
        return path.getFileSystem(configuration());
    }

    private static Configuration configuration() {
        Option<SparkSession> session = SparkSession.getActiveSession();
        if (session.isEmpty()) {
            session = SparkSession.getDefaultSession();
        }
        return session.isDefined() ? session.get().sparkContext().hadoopConfiguration() : new Configuration();
    }
}
