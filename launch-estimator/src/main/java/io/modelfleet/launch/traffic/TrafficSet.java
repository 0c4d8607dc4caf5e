package io.modelfleet.launch.traffic;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelfleet.core.Hour;
import io.modelfleet.core.ModelfleetErrors;
import io.modelfleet.sim.funnel.FeatureSpace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** A folder of recorded traffic, as {@link TrafficGenerator} writes it. */
public final class TrafficSet {
    static final String MANIFEST = "traffic.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the traffic was generated with; the estimator needs the widths and the item count. */
    public record Manifest(
            long seed, int items, int userWidth, int itemWidth, String from, String to, long requestsPerDay) {}

    private final Path root;
    private final Manifest manifest;

    private TrafficSet(Path root, Manifest manifest) {
        this.root = root;
        this.manifest = manifest;
    }

    /** Opens a traffic folder, or says what is wrong with it. */
    public static TrafficSet open(Path root) {
        requireNonNull(root, "root is null");
        Path file = root.resolve(MANIFEST);
        if (!Files.isRegularFile(file)) {
            throw ModelfleetErrors.trafficMissing(root, MANIFEST);
        }
        Manifest manifest;
        try {
            manifest = JSON.readValue(file.toFile(), Manifest.class);
        } catch (IOException e) {
            throw ModelfleetErrors.trafficUnreadable(file, e);
        }
        if (manifest.userWidth() != FeatureSpace.USER_WIDTH || manifest.itemWidth() != FeatureSpace.ITEM_WIDTH) {
            throw ModelfleetErrors.trafficFeatureWidths(
                    root, manifest.userWidth(), manifest.itemWidth(), FeatureSpace.USER_WIDTH, FeatureSpace.ITEM_WIDTH);
        }
        return new TrafficSet(root, manifest);
    }

    static void writeManifest(Path root, Manifest manifest) {
        try {
            Files.createDirectories(root);
            JSON.writerWithDefaultPrettyPrinter()
                    .writeValue(root.resolve(MANIFEST).toFile(), manifest);
        } catch (IOException e) {
            throw ModelfleetErrors.trafficUnwritable(root.resolve(MANIFEST), e);
        }
    }

    public Path root() {
        return root;
    }

    public Manifest manifest() {
        return manifest;
    }

    /** Features per (user, item) pair the traffic carries. */
    public int pairWidth() {
        return manifest.userWidth() + manifest.itemWidth();
    }

    public Path requests() {
        return root.resolve("requests");
    }

    /** The hour folder of requests, which may not exist. */
    public Path requests(Hour hour) {
        return requests().resolve("ds=" + hour.ds()).resolve("hr=" + hour.hr());
    }

    /** Hours with at least one Parquet file of requests, oldest first. */
    public List<Hour> hours() {
        List<Hour> hours = new ArrayList<>();
        if (!Files.isDirectory(requests())) {
            return hours;
        }
        try (Stream<Path> days = Files.list(requests())) {
            for (Path day : days.sorted().toList()) {
                String ds = day.getFileName().toString();
                if (!ds.startsWith("ds=")) {
                    continue;
                }
                try (Stream<Path> hrs = Files.list(day)) {
                    for (Path hr : hrs.sorted().toList()) {
                        String name = hr.getFileName().toString();
                        if (name.startsWith("hr=") && hasParquet(hr)) {
                            hours.add(Hour.parse(ds.substring(3) + "T" + name.substring(3)));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw ModelfleetErrors.trafficUnlisted(requests(), e);
        }
        return hours;
    }

    /** Item features, {@link FeatureSpace#ITEM_WIDTH} floats per item id, read from the item table. */
    public float[] loadItems(SparkSession spark) {
        List<Row> rows = spark.read().parquet(root.resolve("items").toString()).collectAsList();
        float[] items = new float[manifest.items() * FeatureSpace.ITEM_WIDTH];
        for (Row row : rows) {
            int id = row.getInt(row.fieldIndex("item_id"));
            List<Float> features = row.getList(row.fieldIndex("features"));
            if (id < 0 || id >= manifest.items() || features.size() != FeatureSpace.ITEM_WIDTH) {
                throw ModelfleetErrors.trafficItemBroken(
                        root.resolve("items"), id, manifest.items(), FeatureSpace.ITEM_WIDTH, features.size());
            }
            for (int j = 0; j < features.size(); j++) {
                items[id * FeatureSpace.ITEM_WIDTH + j] = features.get(j);
            }
        }
        return items;
    }

    private static boolean hasParquet(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(f -> f.getFileName().toString().endsWith(".parquet"));
        }
    }
}
