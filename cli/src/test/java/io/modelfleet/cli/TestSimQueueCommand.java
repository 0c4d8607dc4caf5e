package io.modelfleet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestSimQueueCommand {
    @TempDir
    Path cwd;

    @Test
    void jsonHasSimulatedAndAnalyticThatAgree() throws IOException {
        CliRun run = CliRun.run(
                cwd,
                "sim",
                "queue",
                "--arrival-rate",
                "20.4",
                "--service-mean-ms",
                "1000",
                "--servers",
                "24",
                "--requests",
                "1000000",
                "--format",
                "json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(run.out());
        JsonNode simulated = json.path("simulated");
        JsonNode analytic = json.path("analytic");
        assertThat(analytic.path("method").asText()).isEqualTo("erlang-c");
        for (String key : new String[] {"p_wait", "mean_wait_ms", "p99_wait_ms", "p99_sojourn_ms"}) {
            assertThat(simulated.has(key)).as(key).isTrue();
            assertThat(analytic.has(key)).as(key).isTrue();
        }
        assertThat(simulated.path("p_wait").asDouble())
                .isCloseTo(
                        analytic.path("p_wait").asDouble(),
                        within(0.1 * analytic.path("p_wait").asDouble()));
    }

    @Test
    void traceServiceTimesAreResampled() throws IOException {
        Files.writeString(cwd.resolve("trace.txt"), "# ms\n5\n10\n15\n");
        CliRun run = CliRun.run(
                cwd,
                "sim",
                "queue",
                "--arrival-rate",
                "500",
                "--service-mean-ms",
                "10",
                "--servers",
                "8",
                "--service-dist",
                "trace:trace.txt",
                "--requests",
                "200000");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("allen-cunneen");
    }

    @Test
    void overloadedQueueIsAUsageErrorWithTheFloor() {
        CliRun run =
                CliRun.run(cwd, "sim", "queue", "--arrival-rate", "30", "--service-mean-ms", "1000", "--servers", "24");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err())
                .contains("utilization 1.250 >= 1")
                .contains("at least 31")
                .doesNotContain("\tat ");
    }
}
