package io.modelfleet.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A webhook receiver on a loopback port that keeps every notification it is sent, in order: what a
 * paging or ticketing system would get from Alertmanager, resolved notifications included.
 */
public final class WebhookReceiver implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer server;
    private final List<JsonNode> notifications = new CopyOnWriteArrayList<>();

    public WebhookReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                notifications.add(JSON.readTree(body));
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    }

    /** Every alert of every notification so far, each with its notification's status. */
    public List<JsonNode> alerts() {
        return notifications.stream()
                .flatMap(n -> {
                    List<JsonNode> alerts = new ArrayList<>();
                    n.path("alerts").forEach(alerts::add);
                    return alerts.stream();
                })
                .toList();
    }

    /** Waits up to {@code timeout} for an alert that matches; returns it. */
    public JsonNode await(String what, Predicate<JsonNode> alert, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonNode candidate : alerts()) {
                if (alert.test(candidate)) {
                    return candidate;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no notification of " + what + " within " + timeout + "; got " + notifications);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
