package io.modelfleet.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real Alertmanager for a test: started on a loopback port with a throw-away storage folder and
 * clustering off, ready when its {@code /-/ready} says so, stopped by {@link #close()} (use it in
 * try-with-resources, so a failing test stops it too). Its API v2 is what the test checks against.
 */
public final class AlertmanagerProcess implements AutoCloseable {
    private static final AtomicInteger STARTS = new AtomicInteger();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    private final Process process;
    private final URI url;
    private final Path log;

    private AlertmanagerProcess(Process process, URI url, Path log) {
        this.process = process;
        this.url = url;
        this.log = log;
    }

    /** A port nothing listens on now. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A configuration that sends every alert, one group per alert name, model and severity, to
     * {@code webhook} at once (group wait 0 s, interval 1 s), resolved ones too.
     */
    public static String webhookConfig(URI webhook) {
        return """
                route:
                  receiver: test-webhook
                  group_by: [alertname, model_id, severity]
                  group_wait: 0s
                  group_interval: 1s
                  repeat_interval: 1h
                receivers:
                  - name: test-webhook
                    webhook_configs:
                      - url: "%s"
                        send_resolved: true
                """.formatted(webhook);
    }

    /** Starts Alertmanager on {@code 127.0.0.1:port} with {@code config}, files under {@code dir}; waits until ready. */
    public static AlertmanagerProcess start(Path binary, Path dir, int port, String config) {
        try {
            int start = STARTS.incrementAndGet();
            Files.createDirectories(dir);
            Path configFile = Files.writeString(dir.resolve("alertmanager-" + start + ".yml"), config);
            Path log = dir.resolve("alertmanager-" + start + ".log");
            Process process = new ProcessBuilder(
                            binary.toString(),
                            "--config.file=" + configFile,
                            "--storage.path=" + dir.resolve("data-" + start),
                            "--web.listen-address=127.0.0.1:" + port,
                            // Empty: no gossip port, no cluster of one waiting for peers.
                            "--cluster.listen-address=",
                            "--log.level=info")
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            AlertmanagerProcess alertmanager =
                    new AlertmanagerProcess(process, URI.create("http://127.0.0.1:" + port), log);
            alertmanager.awaitReady();
            return alertmanager;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Alertmanager exited with " + process.exitValue() + ": " + log());
            }
            try {
                HttpResponse<Void> ready = HTTP.send(
                        HttpRequest.newBuilder(url.resolve("/-/ready"))
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            sleep(100);
        }
        close();
        throw new IllegalStateException("Alertmanager was not ready within 30 s: " + log());
    }

    public URI url() {
        return url;
    }

    /** {@code GET /api/v2/alerts}: the alerts Alertmanager holds as active (resolved ones are left out). */
    public JsonNode alerts() {
        try {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(url.resolve("/api/v2/alerts"))
                            .timeout(Duration.ofSeconds(5))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET /api/v2/alerts answered " + response.statusCode());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** What Alertmanager logged so far. */
    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Stops it (SIGTERM, then SIGKILL after 10 s) and waits until it is gone. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
