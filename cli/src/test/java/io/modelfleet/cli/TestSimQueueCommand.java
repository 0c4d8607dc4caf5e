package io.modelfleet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    /** Probes that used to die with OutOfMemoryError, NegativeArraySizeException, a hang or a nonsense hint. */
    @Test
    void absurdNumbersAreRefusedWithTheLimitAndTheFlag() {
        String[][] probes = {
            {
                "--requests",
                "1000000000",
                "the number of requests must be in [100, 20000000], got 1000000000",
                "--requests N"
            },
            {
                "--requests",
                "9000000000000",
                "the number of requests must be in [100, 20000000], got 9000000000000",
                "--requests N"
            },
            {"--servers", "2000000000", "the number of servers must be in [1, 100000], got 2000000000", "--servers C"},
            {
                "--service-mean-ms",
                "Infinity",
                "the mean service time must be a positive finite number, got Infinity",
                "--service-mean-ms S"
            },
            {"--arrival-rate", "NaN", "the arrival rate must be a positive finite number, got NaN", "--arrival-rate L"}
        };
        for (String[] probe : probes) {
            Map<String, String> args = new LinkedHashMap<>(Map.of(
                    "--arrival-rate", "20.4", "--service-mean-ms", "1000", "--servers", "24", "--requests", "1000"));
            args.put(probe[0], probe[1]);
            List<String> line = new ArrayList<>(List.of("sim", "queue"));
            args.forEach((flag, value) -> {
                line.add(flag);
                line.add(value);
            });
            CliRun run = CliRun.run(cwd, line.toArray(String[]::new));
            assertThat(run.exitCode()).as(String.join(" ", probe)).isEqualTo(ExitCodes.USAGE);
            assertThat(run.err())
                    .as(String.join(" ", probe))
                    .contains("error: Cannot simulate: " + probe[2])
                    .contains("set with " + probe[3])
                    .doesNotContain("\tat ");
        }
    }
}
