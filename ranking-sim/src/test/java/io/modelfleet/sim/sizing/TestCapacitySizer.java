package io.modelfleet.sim.sizing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelfleet.sim.queue.QueueSimulation;
import io.modelfleet.sim.queue.ServiceTimes;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TestCapacitySizer {
    /** Lognormal service times, mean 5 ms, CV 0.5: what a ranking stage's scoring looks like. */
    private static double[] serviceSeconds() {
        ServiceTimes lognormal = ServiceTimes.lognormal(0.005, 0.5);
        SplittableRandom random = new SplittableRandom(3);
        double[] seconds = new double[4_000];
        for (int i = 0; i < seconds.length; i++) {
            seconds[i] = lognormal.next(random);
        }
        return seconds;
    }

    @Test
    void theSizingIsMinimalOneReplicaFewerMissesTheObjective() throws Exception {
        double[] service = serviceSeconds();
        double mean = Arrays.stream(service).average().orElseThrow();
        double objectiveMs = 25;
        CapacitySizer.Plan plan = CapacitySizer.size(3_000, service, 4, objectiveMs, 200_000, 9);

        // Replayed directly against the queue simulator: the minimum meets p99 <= 25 ms, one replica fewer does not.
        ServiceTimes empirical = ServiceTimes.empirical(service);
        double atMinimum = QueueSimulation.run(3_000, empirical, plan.minimumReplicas() * 4, 200_000, 9)
                .p99SojournMs();
        assertThat(atMinimum).isLessThanOrEqualTo(objectiveMs);
        int fewerServers = (plan.minimumReplicas() - 1) * 4;
        if (3_000 * mean < fewerServers) {
            assertThat(QueueSimulation.run(3_000, empirical, fewerServers, 200_000, 9)
                            .p99SojournMs())
                    .isGreaterThan(objectiveMs);
        }
        assertThat(plan.p99MsOneFewer()).isGreaterThan(objectiveMs);
        // Work alone needs 3000/s * ~5 ms = ~15 busy cores, so at least 4 replicas of 4 cores.
        assertThat(plan.minimumReplicas()).isGreaterThanOrEqualTo((int) Math.ceil(3_000 * mean / 4));
        assertThat(plan.replicas()).isEqualTo(plan.minimumReplicas() + 2);
    }

    @Test
    void aLooserObjectiveNeverNeedsMoreReplicas() throws Exception {
        double[] service = serviceSeconds();
        int tight = CapacitySizer.size(3_000, service, 4, 25, 100_000, 9).minimumReplicas();
        int loose = CapacitySizer.size(3_000, service, 4, 60, 100_000, 9).minimumReplicas();
        assertThat(loose).isLessThanOrEqualTo(tight);
    }

    @Test
    void anObjectiveBelowTheServiceTimeItselfIsOutOfReachAndSaysTheFloor() {
        double[] service = serviceSeconds();
        double[] sorted = service.clone();
        Arrays.sort(sorted);
        double p99Ms = 1000 * sorted[(int) Math.ceil(0.99 * sorted.length) - 1];
        assertThatThrownBy(() -> CapacitySizer.size(100, service, 8, p99Ms * 0.9, 50_000, 1))
                .isInstanceOfSatisfying(
                        CapacitySizer.ObjectiveOutOfReach.class,
                        e -> assertThat(e.floorMs()).isEqualTo(p99Ms));
    }
}
