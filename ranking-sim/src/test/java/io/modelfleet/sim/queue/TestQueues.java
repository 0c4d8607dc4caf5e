package io.modelfleet.sim.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class TestQueues {
    @Test
    void erlangCByHand() {
        // c = 2, a = 1 (rho 0.5): C = (a^2/2! * 1/(1-rho)) / (1 + a + a^2/2! * 1/(1-rho)) = 1 / (2 + 1) = 1/3
        assertThat(ErlangC.probabilityOfWait(1.0, 1.0, 2)).isCloseTo(1.0 / 3, within(1e-12));
        // M/M/1: P(wait) = rho, mean wait = rho / (mu - lambda)
        QueueStats mm1 = ErlangC.mmc(0.8, 1.0, 1);
        assertThat(mm1.pWait()).isCloseTo(0.8, within(1e-12));
        assertThat(mm1.meanWaitMs()).isCloseTo(1000 * 0.8 / 0.2, within(1e-9));
        // M/M/1 sojourn is exponential with rate mu - lambda: p99 = ln(100) / 0.2
        assertThat(mm1.p99SojournMs()).isCloseTo(1000 * Math.log(100) / 0.2, within(1e-6));
    }

    @Test
    void simulationAgreesWithErlangC() {
        // The unit-suite size. At 0.95 the tail needs far more than 2 million requests to settle; that check
        // belongs to the 3-million-request benchmark the launch issue asks for (not written yet).
        for (double rho : new double[] {0.7, 0.85}) {
            int servers = 8;
            double lambda = rho * servers / 0.010;
            QueueStats exact = ErlangC.mmc(lambda, 0.010, servers);
            QueueStats simulated = QueueSimulation.run(lambda, ServiceTimes.exponential(0.010), servers, 2_000_000, 42);
            assertThat(simulated.pWait())
                    .as("P(wait) at rho %s", rho)
                    .isCloseTo(exact.pWait(), within(0.04 * exact.pWait()));
            assertThat(simulated.meanWaitMs())
                    .as("mean wait at rho %s", rho)
                    .isCloseTo(exact.meanWaitMs(), within(0.06 * exact.meanWaitMs()));
            assertThat(simulated.p99WaitMs())
                    .as("p99 wait at rho %s", rho)
                    .isCloseTo(exact.p99WaitMs(), within(0.06 * exact.p99WaitMs()));
        }
    }

    @Test
    void constantServiceWaitsAboutHalfAsLong() {
        double lambda = 0.85 * 4 / 0.010;
        QueueStats exact = ErlangC.mmc(lambda, 0.010, 4);
        QueueStats constant = QueueSimulation.run(lambda, ServiceTimes.constant(0.010), 4, 1_000_000, 7);
        QueueStats approx = ErlangC.allenCunneen(lambda, 0.010, 4, 0);
        assertThat(approx.meanWaitMs()).isCloseTo(exact.meanWaitMs() / 2, within(1e-9));
        assertThat(constant.meanWaitMs()).isCloseTo(approx.meanWaitMs(), within(0.15 * approx.meanWaitMs()));
    }

    @Test
    void unstableQueueIsRefusedWithTheFloor() {
        assertThatThrownBy(() -> ErlangC.mmc(30, 1.0, 24))
                .hasMessage(
                        "Cannot model a queue: utilization 1.250 >= 1, the queue grows without bound; add servers (at least 31)");
    }
}
