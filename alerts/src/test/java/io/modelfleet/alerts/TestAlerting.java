package io.modelfleet.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.modelfleet.alerts.SloState.ModelHour;
import io.modelfleet.core.Hour;
import io.modelfleet.core.slo.SloStatus;
import io.modelfleet.registry.Tier;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The alert step over a real H2 database and a fake Alertmanager (an HTTP server that records what
 * it is sent and answers as told): idempotent resends, resolves, retries with backoff, the outbox.
 * The real Alertmanager is driven by the scheduler's and the CLI's tests.
 */
class TestAlerting {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Hour T10 = Hour.parse("2026-11-24T10");

    /** What the fake answers, in turn; once used up, 200. */
    final List<Integer> answers = new CopyOnWriteArrayList<>();

    final List<JsonNode> posts = new CopyOnWriteArrayList<>();
    final List<Long> postedAtNanos = new CopyOnWriteArrayList<>();
    final AtomicInteger requests = new AtomicInteger();
    final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-30T12:00:00Z"));
    HttpServer fake;
    AlertDatabase database;

    @BeforeEach
    void start() throws IOException {
        fake = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        fake.createContext("/api/v2/alerts", exchange -> {
            requests.incrementAndGet();
            postedAtNanos.add(System.nanoTime());
            try (InputStream body = exchange.getRequestBody()) {
                byte[] bytes = body.readAllBytes();
                int status = answers.isEmpty() ? 200 : answers.remove(0);
                if (status == 200) {
                    posts.add(JSON.readTree(bytes));
                }
                byte[] answer = (status == 400 ? "\"invalid label set\"" : "").getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
                if (answer.length > 0) {
                    exchange.getResponseBody().write(answer);
                }
            }
            exchange.close();
        });
        fake.start();
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:alerts-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        database = h2::getConnection;
    }

    @AfterEach
    void stop() {
        fake.stop(0);
    }

    AlertSettings settings(int attempts, Duration backoff) {
        return new AlertSettings(
                URI.create("http://127.0.0.1:" + fake.getAddress().getPort()),
                Map.of(),
                Optional.empty(),
                attempts,
                backoff,
                Duration.ofSeconds(2),
                Duration.ofHours(3));
    }

    Alerting alerting(AlertSettings settings) {
        return new Alerting(settings, database, (InstantSource) () -> now.get());
    }

    /** feed_lsr (TIER0) UNSTABLE from T10 through {@code last}, then STABLE hours through {@code latest}. */
    static SloState unstableThrough(Hour last, Hour latest) {
        List<ModelHour> hours = new ArrayList<>();
        for (Hour h = T10; h.compareTo(latest) <= 0; h = h.plus(1)) {
            boolean unstable = h.compareTo(last) <= 0;
            hours.add(new ModelHour(
                    "feed_lsr",
                    "feed_ranking",
                    Tier.TIER0,
                    h,
                    unstable ? SloStatus.UNSTABLE : SloStatus.STABLE,
                    unstable ? "calibration 1.5 above 1.10" : "",
                    "run-" + h));
        }
        return new SloState(Optional.of(latest), hours, Optional.empty(), List.of());
    }

    @Test
    void firingIsSentAgainWithTheSameStartThenResolvedWhereItLastHeld() {
        Alerting alerting = alerting(settings(3, Duration.ofMillis(10)));

        AlertReport first = alerting.evaluate(unstableThrough(T10.plus(1), T10.plus(1)));
        assertThat(first.summary())
                .isEqualTo("alerts: 1 firing (1 new), 0 resolved; 1 sent to Alertmanager "
                        + settings(3, Duration.ZERO).alertmanager());
        JsonNode sent = posts.get(0).get(0);
        assertThat(sent.path("labels").path("alertname").asText()).isEqualTo("ModelfleetModelUnstable");
        assertThat(sent.path("startsAt").asText()).isEqualTo("2026-11-24T10:00:00Z");
        // Active for resolve_timeout after the delivery, so it lapses if the runs stop.
        assertThat(sent.path("endsAt").asText()).isEqualTo("2026-11-30T15:00:00Z");
        assertThat(sent.has("generatorURL")).isFalse();

        // The same hour again, a minute later: the same alert, the same start, a later end.
        now.set(Instant.parse("2026-11-30T12:01:00Z"));
        AlertReport again = alerting.evaluate(unstableThrough(T10.plus(1), T10.plus(1)));
        assertThat(again.started()).isZero();
        assertThat(again.firing()).isEqualTo(1);
        JsonNode resent = posts.get(1).get(0);
        assertThat(resent.path("labels")).isEqualTo(sent.path("labels"));
        assertThat(resent.path("startsAt").asText()).isEqualTo("2026-11-24T10:00:00Z");
        assertThat(resent.path("endsAt").asText()).isEqualTo("2026-11-30T15:01:00Z");

        // T12 is stable: resolved at the end of T11, the last hour it held.
        AlertReport cleared = alerting.evaluate(unstableThrough(T10.plus(1), T10.plus(2)));
        assertThat(cleared.resolved()).isEqualTo(1);
        assertThat(cleared.firing()).isZero();
        JsonNode resolved = posts.get(2).get(0);
        assertThat(resolved.path("labels")).isEqualTo(sent.path("labels"));
        assertThat(resolved.path("startsAt").asText()).isEqualTo("2026-11-24T10:00:00Z");
        assertThat(resolved.path("endsAt").asText()).isEqualTo("2026-11-24T12:00:00Z");

        // Delivered resolves are forgotten: nothing waits, and a quiet evaluation sends nothing.
        assertThat(alerting.deliverPending()).isEmpty();
        assertThat(alerting.evaluate(unstableThrough(T10.plus(1), T10.plus(3))).summary())
                .isEqualTo("alerts: 0 firing, 0 resolved; nothing to send");
        assertThat(posts).hasSize(3);
    }

    @Test
    void aDownAlertmanagerIsTriedWithGrowingWaitsAndTheAlertsWaitInTheOutbox() {
        Duration backoff = Duration.ofMillis(150);
        Alerting alerting = alerting(settings(3, backoff));
        answers.addAll(List.of(503, 503, 503));

        AlertReport failed = alerting.evaluate(unstableThrough(T10, T10));

        assertThat(requests.get()).isEqualTo(3);
        // Waits of at least 150 ms, then 300 ms, between the tries.
        assertThat(postedAtNanos.get(1) - postedAtNanos.get(0)).isGreaterThanOrEqualTo(backoff.toNanos());
        assertThat(postedAtNanos.get(2) - postedAtNanos.get(1))
                .isGreaterThanOrEqualTo(backoff.multipliedBy(2).toNanos());
        assertThat(failed.ok()).isFalse();
        assertThat(failed.pending()).isEqualTo(1);
        assertThat(failed.delivered()).isZero();
        assertThat(failed.problem().orElseThrow())
                .startsWith("Cannot deliver 1 alert(s) to Alertmanager http://127.0.0.1:")
                .contains("(3 tries): HTTP 503")
                .contains("they wait in the alert outbox");
        assertThat(failed.summary())
                .startsWith("alerts: 1 firing (1 new), 0 resolved; FAILED: Cannot deliver 1 alert(s)")
                .endsWith("[1 waiting]");

        // Back up: a later run delivers what waited, with its original start.
        AlertReport later = alerting.deliverPending().orElseThrow();
        assertThat(later.ok()).isTrue();
        assertThat(later.delivered()).isEqualTo(1);
        assertThat(posts.get(0).get(0).path("startsAt").asText()).isEqualTo("2026-11-24T10:00:00Z");
        assertThat(alerting.deliverPending()).isEmpty();
    }

    @Test
    void aRefusalIsNotTriedAgainInTheSameRun() {
        Alerting alerting = alerting(settings(4, Duration.ofMillis(10)));
        answers.add(400);

        AlertReport refused = alerting.evaluate(unstableThrough(T10, T10));

        assertThat(requests.get()).isEqualTo(1);
        assertThat(refused.problem().orElseThrow()).contains("it answered HTTP 400 \"invalid label set\"");
        assertThat(refused.pending()).isEqualTo(1);
    }

    @Test
    void aResolveNoticedWhileAlertmanagerIsDownIsDeliveredByALaterProcess() {
        answers.addAll(List.of(503, 503, 503, 503));
        // One process: fires (Alertmanager down, attempts 2), ...
        alerting(settings(2, Duration.ofMillis(10))).evaluate(unstableThrough(T10.plus(2), T10.plus(2)));
        // ... another notices the condition cleared (still down) and stops before delivering, ...
        AlertReport cleared =
                alerting(settings(2, Duration.ofMillis(10))).evaluate(unstableThrough(T10.plus(2), T10.plus(3)));
        assertThat(cleared.resolved()).isEqualTo(1);
        assertThat(cleared.pending()).isEqualTo(1);
        assertThat(posts).isEmpty();
        // ... and a third, with Alertmanager back, delivers the resolve from the database.
        AlertReport later =
                alerting(settings(2, Duration.ofMillis(10))).deliverPending().orElseThrow();
        assertThat(later.delivered()).isEqualTo(1);
        JsonNode resolved = posts.get(0).get(0);
        assertThat(resolved.path("startsAt").asText()).isEqualTo("2026-11-24T10:00:00Z");
        assertThat(resolved.path("endsAt").asText()).isEqualTo("2026-11-24T13:00:00Z");
    }

    @Test
    void aResolveNotYetDeliveredIsTakenBackWhenTheAlertFiresAgain() {
        Alerting alerting = alerting(settings(1, Duration.ZERO));
        alerting.evaluate(unstableThrough(T10, T10));
        answers.add(503);
        alerting.evaluate(unstableThrough(T10, T10.plus(1)));
        // Alertmanager never heard of the resolve: the alert goes on with its first start.
        AlertReport again = alerting.evaluate(unstableThrough(T10.plus(5), T10.plus(5)));
        assertThat(again.started()).isZero();
        JsonNode last = posts.get(posts.size() - 1).get(0);
        assertThat(last.path("startsAt").asText()).isEqualTo("2026-11-24T10:00:00Z");
        assertThat(Instant.parse(last.path("endsAt").asText())).isAfter(now.get());
    }

    @Test
    void aStartInTheFutureIsSentAsNow() {
        Alerting alerting = alerting(settings(1, Duration.ZERO));
        now.set(Instant.parse("2026-11-24T10:30:00Z"));
        alerting.evaluate(unstableThrough(T10.plus(3), T10.plus(3)));
        // Logs stamped ahead of the clock: Alertmanager would hold an alert starting later than it was sent.
        assertThat(posts.get(0).get(0).path("startsAt").asText()).isEqualTo("2026-11-24T10:00:00Z");
        now.set(Instant.parse("2026-11-24T09:00:00Z"));
        alerting(settings(1, Duration.ZERO))
                .evaluate(new SloState(
                        Optional.of(T10.plus(5)),
                        List.of(new ModelHour(
                                "reels_lsr", "reels", Tier.TIER1, T10.plus(5), SloStatus.UNSTABLE, "x", "run")),
                        Optional.empty(),
                        List.of()));
        JsonNode reels = posts.get(1).findParents("labels").stream()
                .filter(a -> a.path("labels").path("model_id").asText().equals("reels_lsr"))
                .findFirst()
                .orElseThrow();
        assertThat(reels.path("startsAt").asText()).isEqualTo("2026-11-24T09:00:00Z");
    }
}
