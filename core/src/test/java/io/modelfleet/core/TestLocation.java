package io.modelfleet.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TestLocation {
    private static final Path BASE = Path.of("/srv/fleet");

    @Test
    void aPathIsALocalFolderRelativeToTheBase() {
        Location relative = Location.parse("warehouse", BASE);
        assertThat(relative.isLocal()).isTrue();
        assertThat(relative.localPath()).contains(Path.of("/srv/fleet/warehouse"));
        assertThat(relative.resolve("slo_hourly").toString()).isEqualTo("/srv/fleet/warehouse/slo_hourly");
        assertThat(Location.parse("../logs", BASE).toString()).isEqualTo("/srv/logs");
        assertThat(Location.parse("/data/wh", BASE).toString()).isEqualTo("/data/wh");
        assertThat(Location.parse("file:///data/wh", BASE).localPath()).contains(Path.of("/data/wh"));
    }

    @Test
    void aUrlKeepsItsSchemeAndBucketAndLosesTrailingSlashes() {
        // java.nio would read s3a://bucket/wh as the relative path "s3a:/bucket/wh"
        Location warehouse = Location.parse("s3a://fleet-data/warehouse/", BASE);
        assertThat(warehouse.isLocal()).isFalse();
        assertThat(warehouse.localPath()).isEmpty();
        assertThat(warehouse.toString()).isEqualTo("s3a://fleet-data/warehouse");
        assertThat(warehouse.resolve("slo_hourly").toString()).isEqualTo("s3a://fleet-data/warehouse/slo_hourly");
        assertThat(warehouse.resolve("slo_hourly").name()).isEqualTo("slo_hourly");
        assertThat(warehouse.resolve("slo_hourly").parent()).isEqualTo(warehouse);
        assertThat(warehouse.sibling("traffic").toString()).isEqualTo("s3a://fleet-data/traffic");
        assertThat(Location.parse("hdfs://nn:8020/logs", BASE)
                        .resolve("ds=2026-11-24")
                        .toString())
                .isEqualTo("hdfs://nn:8020/logs/ds=2026-11-24");
    }

    @Test
    void aBucketRootIsItsOwnParent() {
        Location bucket = Location.parse("s3a://fleet-data", BASE);
        assertThat(bucket.parent()).isEqualTo(bucket);
        assertThat(bucket.name()).isEqualTo("fleet-data");
        assertThat(bucket.resolve("slo_hourly").toString()).isEqualTo("s3a://fleet-data/slo_hourly");
        assertThat(bucket.resolve("slo_hourly").parent()).isEqualTo(bucket);
    }

    @Test
    void aUrlWithoutABucketOrWithBadCharactersIsRefusedSayingWhy() {
        assertThatThrownBy(() -> Location.parse("s3a:///warehouse", BASE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'s3a:///warehouse' names no bucket or host after 's3a://' (write it as"
                        + " s3a://BUCKET/FOLDER)");
        assertThatThrownBy(() -> Location.parse("s3a://bucket/my warehouse", BASE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("'s3a://bucket/my warehouse' is not a valid URL: Illegal character in path");
    }
}
