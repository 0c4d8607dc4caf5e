package io.modelfleet.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelfleet.jobs.ExternalTool;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The example routing in examples/alertmanager/alertmanager.yml, checked by the real amtool. */
class TestAlertmanagerExample {
    static final Path EXAMPLE = Path.of("..", "examples", "alertmanager", "alertmanager.yml")
            .toAbsolutePath()
            .normalize();

    record Result(int exitCode, String output) {}

    static Result amtool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(ExternalTool.require("amtool", "prometheus-alertmanager").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), output);
    }

    @Test
    void amtoolAcceptsTheExample() throws Exception {
        Result check = amtool("check-config", EXAMPLE.toString());
        assertThat(check.exitCode()).as(check.output()).isZero();
        assertThat(check.output()).contains("SUCCESS");
    }

    @Test
    void everyTier0AlertAndEveryPageGoesToThePagerTheRestBecomeTickets() throws Exception {
        for (String alertname : List.of("ModelfleetModelUnstable", "ModelfleetErrorBudgetBurn")) {
            for (String tier : List.of("TIER0", "TIER1", "TIER2", "TIER3", "TIER4")) {
                for (String severity : List.of("page", "ticket")) {
                    String expected =
                            tier.equals("TIER0") || severity.equals("page") ? "modelfleet-page" : "modelfleet-ticket";
                    Result route = amtool(
                            "config",
                            "routes",
                            "test",
                            "--config.file=" + EXAMPLE,
                            "--verify.receivers=" + expected,
                            "alertname=" + alertname,
                            "model_id=ig_feed_mtml_lsr_v3",
                            "team=feed_ranking",
                            "tier=" + tier,
                            "severity=" + severity);
                    assertThat(route.exitCode())
                            .as(alertname + " " + tier + " " + severity + ": " + route.output())
                            .isZero();
                }
            }
        }
    }
}
