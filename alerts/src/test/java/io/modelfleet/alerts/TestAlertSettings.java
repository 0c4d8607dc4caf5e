package io.modelfleet.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.modelfleet.core.ModelfleetException;
import io.modelfleet.core.ModelfleetException.Category;
import io.modelfleet.core.ModelfleetException.Input;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The alerts: block of modelfleet.yaml: what it means, and that every mistake names the file and the key. */
class TestAlertSettings {
    static final Path FILE = Path.of("/deploy/modelfleet.yaml");

    static JsonNode alerts(String yaml) throws Exception {
        return new YAMLMapper().readTree(yaml).path("alerts");
    }

    @Test
    void noBlockMeansNoAlerts() throws Exception {
        assertThat(AlertSettings.from(alerts("registry: registry\n"), FILE)).isEmpty();
    }

    @Test
    void everyKey() throws Exception {
        AlertSettings settings = AlertSettings.from(alerts("""
                                alerts:
                                  alertmanager: http://am.internal:9093/prefix
                                  labels: {env: prod, region: eu}
                                  report_url: https://reports.example.com/fleet.html
                                  attempts: 5
                                  backoff_seconds: 0.25
                                  timeout_seconds: 3
                                  resolve_timeout_minutes: 90
                                """), FILE).orElseThrow();
        assertThat(settings.alertmanager()).isEqualTo(URI.create("http://am.internal:9093/prefix"));
        assertThat(settings.labels()).isEqualTo(Map.of("env", "prod", "region", "eu"));
        assertThat(settings.reportUrl()).contains(URI.create("https://reports.example.com/fleet.html"));
        assertThat(settings.attempts()).isEqualTo(5);
        assertThat(settings.backoff()).isEqualTo(Duration.ofMillis(250));
        assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(settings.resolveTimeout()).isEqualTo(Duration.ofMinutes(90));
    }

    @Test
    void onlyTheAddressIsRequired() throws Exception {
        AlertSettings settings = AlertSettings.from(alerts("alerts: {alertmanager: 'http://localhost:9093'}"), FILE)
                .orElseThrow();
        assertThat(settings.labels()).isEmpty();
        assertThat(settings.reportUrl()).isEqualTo(Optional.empty());
        assertThat(settings.attempts()).isEqualTo(3);
        assertThat(settings.backoff()).isEqualTo(Duration.ofSeconds(1));
        assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.resolveTimeout()).isEqualTo(Duration.ofHours(3));
    }

    @Test
    void aMalformedAddressNamesTheFileAndTheKey() throws Exception {
        assertThatThrownBy(() -> AlertSettings.from(alerts("alerts: {alertmanager: 'localhost:9093'}"), FILE))
                .isInstanceOfSatisfying(ModelfleetException.class, e -> {
                    assertThat(e.category()).isEqualTo(Category.USER_ERROR);
                    assertThat(e.input()).contains(Input.ALERTS);
                    assertThat(e.hint()).isEqualTo("write e.g. 'alertmanager: http://localhost:9093'");
                })
                .hasMessage("Cannot read config " + FILE
                        + ": 'alerts.alertmanager' must be an http or https URL with a host, got 'localhost:9093'");
        assertThatThrownBy(
                        () -> AlertSettings.from(alerts("alerts: {alertmanager: 'http://alert manager:9093'}"), FILE))
                .hasMessageStartingWith("Cannot read config " + FILE
                        + ": 'alerts.alertmanager' is not a URL: 'http://alert manager:9093' (Illegal character");
        assertThatThrownBy(() -> AlertSettings.from(alerts("alerts: {alertmanager: 'http://127.0.0.1:99999'}"), FILE))
                .hasMessage("Cannot read config " + FILE
                        + ": 'alerts.alertmanager' has port 99999, above 65535, in 'http://127.0.0.1:99999'");
        assertThatThrownBy(() -> AlertSettings.from(alerts("alerts: {alertmanager: 9093}"), FILE))
                .hasMessage("Cannot read config " + FILE
                        + ": 'alerts.alertmanager' must be an http or https URL, got 9093");
        assertThatThrownBy(() -> AlertSettings.from(alerts("alerts:\n  labels: {env: prod}\n"), FILE))
                .hasMessage("Cannot read config " + FILE + ": 'alerts.alertmanager' is missing");
    }

    @Test
    void theOtherMistakesNameTheirKeyToo() throws Exception {
        String base = "alerts:\n  alertmanager: http://localhost:9093\n";
        Map<String, String> expected = Map.of(
                "  alertmanger: http://x\n", "unknown key 'alerts.alertmanger'",
                "  labels: {severity: high}\n", "'alerts.labels.severity' is a label modelfleet sets on every alert",
                "  labels: {env-name: prod}\n", "'alerts.labels.env-name' is not a label name Alertmanager takes",
                "  labels: {env: ''}\n", "'alerts.labels.env' must be a text value, got ''",
                "  labels: [env]\n", "'alerts.labels' must be a mapping of label names to values, got [\"env\"]",
                "  report_url: https://r.example/fleet.html#top\n",
                        "'alerts.report_url' must not have a '#' part, got 'https://r.example/fleet.html#top'",
                "  attempts: 0\n", "'alerts.attempts' must be between 1 and 10, got 0",
                "  attempts: 2.5\n", "'alerts.attempts' must be a whole number, got 2.5",
                "  backoff_seconds: soon\n", "'alerts.backoff_seconds' must be a number, got 'soon'",
                "  timeout_seconds: 0\n", "'alerts.timeout_seconds' must be between 0.001 and 300, got 0");
        for (Map.Entry<String, String> mistake : expected.entrySet()) {
            assertThatThrownBy(() -> AlertSettings.from(alerts(base + mistake.getKey()), FILE))
                    .as(mistake.getKey())
                    .hasMessage("Cannot read config " + FILE + ": " + mistake.getValue());
        }
        assertThatThrownBy(() -> AlertSettings.from(alerts("alerts: http://localhost:9093\n"), FILE))
                .hasMessage("Cannot read config " + FILE + ": 'alerts' must be a mapping, got 'http://localhost:9093'");
    }
}
