package io.modelfleet.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestSparkSmoke {
    @TempDir
    Path dir;

    @Test
    void deltaRoundTrip() {
        var spark = SharedSpark.get();
        spark.range(10).write().format("delta").save(dir.resolve("t").toString());
        assertThat(spark.read()
                        .format("delta")
                        .load(dir.resolve("t").toString())
                        .count())
                .isEqualTo(10);
    }
}
