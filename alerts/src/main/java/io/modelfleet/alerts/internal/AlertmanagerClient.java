package io.modelfleet.alerts.internal;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelfleet.core.ModelfleetErrors;
import io.modelfleet.core.ModelfleetException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Posts alerts to Alertmanager's API v2 ({@code POST /api/v2/alerts}, a JSON array), retrying a
 * down or overloaded Alertmanager a few times with a doubling wait. Bounded on purpose: the SLO job
 * waits for it, and what is not delivered waits in the outbox for the next run rather than here.
 */
public final class AlertmanagerClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ANSWER = 300;

    /** One alert as API v2 takes it ({@code postableAlert}); times are RFC 3339. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PostableAlert(
            @JsonProperty("labels") Map<String, String> labels,
            @JsonProperty("annotations") Map<String, String> annotations,
            @JsonProperty("startsAt") String startsAt,
            @JsonProperty("endsAt") String endsAt,
            @JsonProperty("generatorURL") String generatorUrl) {}

    private final URI base;
    private final URI alerts;
    private final int attempts;
    private final Duration backoff;
    private final Duration timeout;
    private final HttpClient http;

    public AlertmanagerClient(URI alertmanager, int attempts, Duration backoff, Duration timeout) {
        this.base = requireNonNull(alertmanager, "alertmanager is null");
        String path = alertmanager.getRawPath() == null ? "" : alertmanager.getRawPath();
        // Alertmanager may serve under a route prefix (--web.route-prefix): keep the configured path.
        this.alerts = alertmanager.resolve((path.endsWith("/") ? path : path + "/") + "api/v2/alerts");
        this.attempts = attempts;
        this.backoff = requireNonNull(backoff, "backoff is null");
        this.timeout = requireNonNull(timeout, "timeout is null");
        // HTTP/1.1: Alertmanager speaks it, and the client would otherwise try an h2c upgrade on http URLs.
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .build();
    }

    /** Where alerts are posted. */
    public URI endpoint() {
        return alerts;
    }

    /**
     * Sends the alerts in one request; returns once Alertmanager took them. Connection failures,
     * time-outs, 5xx and 429 answers are tried again (up to the configured attempts, the wait doubling
     * each time); any other answer is final, since sending the same alerts again cannot change it.
     *
     * @throws ModelfleetException (an I/O error) when Alertmanager did not take them, saying why
     */
    public void post(List<PostableAlert> batch) {
        if (batch.isEmpty()) {
            return;
        }
        String body;
        try {
            body = JSON.writeValueAsString(batch);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("alerts of strings are always JSON", e);
        }
        HttpRequest request = HttpRequest.newBuilder(alerts)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        String problem = "";
        int tries = 0;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            if (attempt > 1 && !pause(backoff.multipliedBy(1L << Math.min(20, attempt - 2)))) {
                problem += "; interrupted while waiting to try again";
                break;
            }
            tries = attempt;
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status / 100 == 2) {
                    return;
                }
                String answer = shorten(response.body());
                if (status != 429 && status / 100 != 5) {
                    throw ModelfleetErrors.alertsRefused(base.toString(), batch.size(), status, answer);
                }
                problem = "HTTP " + status + (answer.isEmpty() ? "" : " " + answer);
            } catch (IOException e) {
                problem = describe(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                problem = "interrupted";
                break;
            }
        }
        throw ModelfleetErrors.alertsUndelivered(base.toString(), batch.size(), tries, problem);
    }

    private static String describe(IOException e) {
        if (e instanceof HttpConnectTimeoutException) {
            return "no connection within the time-out";
        }
        if (e instanceof HttpTimeoutException) {
            return "no answer within the time-out";
        }
        if (e instanceof ConnectException || e.getCause() instanceof ConnectException) {
            return "connection refused";
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    private static String shorten(String answer) {
        String flat = answer == null ? "" : answer.strip().replaceAll("\\s+", " ");
        return flat.length() > MAX_ANSWER ? flat.substring(0, MAX_ANSWER) + "..." : flat;
    }

    /** Waits; false if interrupted (the interrupt is kept for the caller). */
    private static boolean pause(Duration wait) {
        try {
            Thread.sleep(wait.toMillis(), wait.toNanosPart() % 1_000_000);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
