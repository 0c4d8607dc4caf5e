package io.modelfleet.jobs.slo;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelfleet.core.slo.Alert;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TestDailyRollup {
    @Test
    void alertRulesFollowBothWindows() {
        assertThat(DailyRollupJob.alert(Optional.of(15.0), Optional.of(6.0), Optional.of(1.0)))
                .isEqualTo(Alert.PAGE);
        // a short spike alone does not page
        assertThat(DailyRollupJob.alert(Optional.of(30.0), Optional.of(5.9), Optional.of(5.0)))
                .isEqualTo(Alert.TICKET);
        assertThat(DailyRollupJob.alert(Optional.of(30.0), Optional.of(2.0), Optional.of(5.0)))
                .isEqualTo(Alert.NONE);
        assertThat(DailyRollupJob.alert(Optional.of(0.0), Optional.of(3.0), Optional.of(0.9)))
                .isEqualTo(Alert.NONE);
        assertThat(DailyRollupJob.alert(Optional.empty(), Optional.empty(), Optional.empty()))
                .isEqualTo(Alert.NONE);
    }
}
