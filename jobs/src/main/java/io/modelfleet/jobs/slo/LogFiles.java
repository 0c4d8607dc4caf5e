package io.modelfleet.jobs.slo;

import io.modelfleet.core.Hour;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * Finds an hour's prediction-log files and checks each one's footer before Spark reads them, so a
 * bad file fails its own hour with a message naming the file and the column, and the other hours
 * go on. Works through Hadoop's file system API: local folders, HDFS and object stores alike.
 */
final class LogFiles {
    /** What one hour's folder holds. */
    record HourFiles(Hour hour, Path dir, List<Path> files, Optional<String> problem) {
        boolean isEmpty() {
            return files.isEmpty();
        }
    }

    private final Path root;
    private final Configuration conf;

    LogFiles(String root, Configuration conf) {
        this.root = new Path(root);
        this.conf = conf;
    }

    HourFiles inspect(Hour hour) {
        Path dir = new Path(root, "ds=" + hour.ds() + "/hr=" + hour.hr());
        List<Path> files = new ArrayList<>();
        try {
            FileSystem fs = dir.getFileSystem(conf);
            if (!fs.exists(dir)) {
                return new HourFiles(hour, dir, files, Optional.empty());
            }
            for (FileStatus status : fs.listStatus(dir)) {
                String name = status.getPath().getName();
                if (status.isFile() && !name.startsWith(".") && !name.startsWith("_")) {
                    files.add(status.getPath());
                }
            }
        } catch (IOException e) {
            return new HourFiles(hour, dir, files, Optional.of("cannot list " + dir + ": " + e.getMessage()));
        }
        for (Path file : files) {
            Optional<String> problem = checkFooter(file);
            if (problem.isPresent()) {
                return new HourFiles(hour, dir, files, problem);
            }
        }
        return new HourFiles(hour, dir, files, Optional.empty());
    }

    private Optional<String> checkFooter(Path file) {
        MessageType schema;
        try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(file, conf))) {
            schema = reader.getFooter().getFileMetaData().getSchema();
        } catch (IOException | RuntimeException e) {
            return Optional.of(
                    "cannot read " + file + ": not a readable Parquet file (" + firstLine(e.getMessage()) + ")");
        }
        Optional<String> problem = column(file, schema, "model_id", PrimitiveType.PrimitiveTypeName.BINARY, true);
        if (problem.isEmpty()) {
            problem = column(file, schema, "prediction", PrimitiveType.PrimitiveTypeName.DOUBLE, true);
        }
        if (problem.isEmpty()) {
            problem = column(file, schema, "label", PrimitiveType.PrimitiveTypeName.INT32, true);
        }
        if (problem.isEmpty()) {
            problem = column(file, schema, "weight", PrimitiveType.PrimitiveTypeName.DOUBLE, false);
        }
        if (problem.isEmpty()) {
            problem = timestamp(file, schema, "event_time");
        }
        if (problem.isEmpty()) {
            problem = timestamp(file, schema, "label_time");
        }
        return problem;
    }

    /**
     * event_time (read to find misplaced rows) and label_time (when the label became known) are
     * optional; when present each must be a timestamp.
     */
    private static Optional<String> timestamp(Path file, MessageType schema, String column) {
        if (!schema.containsField(column)) {
            return Optional.empty();
        }
        Type field = schema.getType(column);
        if (field.isPrimitive()) {
            PrimitiveType primitive = field.asPrimitiveType();
            if (primitive.getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.INT96
                    || (primitive.getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.INT64
                            && primitive.getLogicalTypeAnnotation()
                                    instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation)) {
                return Optional.empty();
            }
        }
        String actual = field.isPrimitive()
                ? field.asPrimitiveType().getPrimitiveTypeName().name()
                        + (field.getLogicalTypeAnnotation() == null ? "" : " " + field.getLogicalTypeAnnotation())
                : "a group";
        return Optional.of(file + ": column '" + column + "' is " + actual + ", the contract says a timestamp");
    }

    private static Optional<String> column(
            Path file, MessageType schema, String name, PrimitiveType.PrimitiveTypeName type, boolean required) {
        if (!schema.containsField(name)) {
            return required
                    ? Optional.of(file + " has no column '" + name + "' (the prediction-log contract requires it)")
                    : Optional.empty();
        }
        Type field = schema.getType(name);
        if (!field.isPrimitive() || field.asPrimitiveType().getPrimitiveTypeName() != type) {
            String actual = field.isPrimitive()
                    ? field.asPrimitiveType().getPrimitiveTypeName().name()
                    : "a group";
            return Optional.of(file + ": column '" + name + "' is " + actual + ", the contract says " + type);
        }
        return Optional.empty();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no detail";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
