package io.modelfleet.cli.spark.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelfleet.core.Hour;
import io.modelfleet.core.ModelfleetException;
import io.modelfleet.core.gate.CandidateQuality;
import io.modelfleet.jobs.predictions.CandidateTraffic;
import org.junit.jupiter.api.Test;

class TestCandidateSpec {
    @Test
    void aQualityWithItsOwnColonIsReadBetweenTheVersionAndThePercent() {
        CandidateTraffic c = GeneratePredictionsCommand.candidate("ig_feed_mtml_lsr_v3:v4:miscalibrated:1.15:25");
        assertThat(c.modelId()).isEqualTo("ig_feed_mtml_lsr_v3");
        assertThat(c.version()).isEqualTo("v4");
        assertThat(c.quality().factor()).isEqualTo(1.15);
        assertThat(c.share(Hour.parse("2026-11-24T10"))).isEqualTo(0.25);
        assertThat(GeneratePredictionsCommand.candidate("m:v2:good:5").quality())
                .isEqualTo(CandidateQuality.GOOD);
    }

    @Test
    void aSpecWithoutPercentOrWithAShareAbove100IsRefusedWithTheForm() {
        for (String bad : new String[] {"m:v2:good", "m:v2:good:150", "m:v2:good:x", "m"}) {
            assertThatThrownBy(() -> GeneratePredictionsCommand.candidate(bad))
                    .as(bad)
                    .isInstanceOf(ModelfleetException.class)
                    .hasMessage("Cannot read candidate '" + bad + "'");
        }
    }
}
