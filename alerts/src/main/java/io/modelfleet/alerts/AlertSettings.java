package io.modelfleet.alerts;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelfleet.core.ModelfleetErrors;
import io.modelfleet.core.ModelfleetException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The {@code alerts:} block of {@code modelfleet.yaml}. Without it nothing is sent.
 *
 * <pre>
 * alerts:
 *   alertmanager: http://alertmanager:9093    # required: Alertmanager's address (API v2 under it)
 *   labels: {env: prod}                        # optional: added to every alert
 *   report_url: https://reports.example.com/modelfleet.html   # optional: alerts link &lt;report_url&gt;#model-&lt;id&gt;
 *   attempts: 3                                # tries per delivery
 *   backoff_seconds: 1                         # wait before the second try, doubled before each next one
 *   timeout_seconds: 10                        # per request
 *   resolve_timeout_minutes: 180               # a firing alert not sent again within this ends by itself
 * </pre>
 *
 * @param alertmanager Alertmanager's base address; alerts go to {@code <alertmanager>/api/v2/alerts}
 * @param labels extra labels on every alert (never one of the labels modelfleet sets)
 * @param reportUrl the report page; each alert links {@code <reportUrl>#model-<model_id>}
 * @param attempts tries per delivery, at least 1
 * @param backoff wait before the second try; doubled before each next one
 * @param timeout how long one request may take, connecting included
 * @param resolveTimeout how far ahead a firing alert's {@code endsAt} is set: every SLO run sends what
 *     still fires again, so an alert whose sender stopped ends by itself after this
 */
public record AlertSettings(
        URI alertmanager,
        Map<String, String> labels,
        Optional<URI> reportUrl,
        int attempts,
        Duration backoff,
        Duration timeout,
        Duration resolveTimeout) {
    /** The labels modelfleet sets itself; {@code alerts.labels} may not name them. */
    public static final Set<String> OWN_LABELS = Set.of("alertname", "model_id", "team", "tier", "severity");

    static final Set<String> KEYS = Set.of(
            "alertmanager",
            "labels",
            "report_url",
            "attempts",
            "backoff_seconds",
            "timeout_seconds",
            "resolve_timeout_minutes");
    /** Alertmanager's (Prometheus') rule for label names. */
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    public AlertSettings {
        requireNonNull(alertmanager, "alertmanager is null");
        labels = Map.copyOf(labels);
        requireNonNull(reportUrl, "reportUrl is null");
        requireNonNull(backoff, "backoff is null");
        requireNonNull(timeout, "timeout is null");
        requireNonNull(resolveTimeout, "resolveTimeout is null");
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1, got " + attempts);
        }
    }

    /** Settings with every optional key at its default. */
    public static AlertSettings defaults(URI alertmanager) {
        return new AlertSettings(
                alertmanager,
                Map.of(),
                Optional.empty(),
                3,
                Duration.ofSeconds(1),
                Duration.ofSeconds(10),
                Duration.ofMinutes(180));
    }

    /**
     * Reads the block; empty when {@code modelfleet.yaml} has none. Every mistake names {@code file}
     * and the key, and says what to write instead.
     */
    public static Optional<AlertSettings> from(JsonNode node, Path file) {
        requireNonNull(file, "file is null");
        if (node == null || node.isMissingNode()) {
            return Optional.empty();
        }
        if (!node.isObject()) {
            throw error(
                    file,
                    "'alerts' must be a mapping, got " + shown(node),
                    "write 'alerts:' then '  alertmanager: http://localhost:9093' indented under it, or leave"
                            + " 'alerts' out to send no alerts");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!KEYS.contains(name)) {
                throw error(
                        file,
                        "unknown key 'alerts." + name + "'",
                        "known keys: "
                                + String.join(", ", KEYS.stream().sorted().toList()));
            }
        }
        JsonNode address = node.get("alertmanager");
        if (address == null || address.isNull()) {
            throw error(
                    file,
                    "'alerts.alertmanager' is missing",
                    "write e.g. 'alertmanager: http://localhost:9093' under 'alerts', or leave 'alerts' out to send"
                            + " no alerts");
        }
        URI alertmanager = url(file, "alerts.alertmanager", address, "http://localhost:9093", false);
        Optional<URI> report = node.hasNonNull("report_url")
                ? Optional.of(url(
                        file,
                        "alerts.report_url",
                        node.get("report_url"),
                        "https://reports.example.com/fleet.html",
                        true))
                : Optional.empty();
        AlertSettings defaults = defaults(alertmanager);
        return Optional.of(new AlertSettings(
                alertmanager,
                labels(file, node.get("labels")),
                report,
                (int) number(file, node, "attempts", defaults.attempts(), 1, 10, true),
                seconds(number(file, node, "backoff_seconds", 1, 0, 60, false)),
                seconds(number(file, node, "timeout_seconds", 10, 0.001, 300, false)),
                Duration.ofMinutes((long) number(file, node, "resolve_timeout_minutes", 180, 1, 7 * 24 * 60, true))));
    }

    private static URI url(Path file, String key, JsonNode value, String example, boolean report) {
        String hint = "write e.g. '" + key.substring(key.indexOf('.') + 1) + ": " + example + "'";
        if (!value.isTextual() || value.asText().isBlank()) {
            throw error(file, "'" + key + "' must be an http or https URL, got " + shown(value), hint);
        }
        String text = value.asText().strip();
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw error(file, "'" + key + "' is not a URL: '" + text + "' (" + e.getReason() + ")", hint);
        }
        if (uri.getScheme() == null
                || !(uri.getScheme().equalsIgnoreCase("http") || uri.getScheme().equalsIgnoreCase("https"))
                || uri.getHost() == null) {
            throw error(file, "'" + key + "' must be an http or https URL with a host, got '" + text + "'", hint);
        }
        if (uri.getPort() > 65535) {
            // java.net.URI takes any number as a port; the HTTP client would refuse it at every delivery.
            throw error(file, "'" + key + "' has port " + uri.getPort() + ", above 65535, in '" + text + "'", hint);
        }
        if (uri.getRawFragment() != null) {
            throw error(
                    file,
                    "'" + key + "' must not have a '#' part, got '" + text + "'",
                    report ? "give the page; modelfleet adds #model-<model_id> for each alert" : hint);
        }
        if (!report && uri.getRawQuery() != null) {
            throw error(file, "'" + key + "' must not have a '?' part, got '" + text + "'", hint);
        }
        return uri;
    }

    private static Map<String, String> labels(Path file, JsonNode node) {
        Map<String, String> labels = new TreeMap<>();
        if (node == null || node.isNull()) {
            return labels;
        }
        if (!node.isObject()) {
            throw error(
                    file,
                    "'alerts.labels' must be a mapping of label names to values, got " + shown(node),
                    "write e.g. 'labels: {env: prod}'");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> label = it.next();
            String name = label.getKey();
            if (!LABEL_NAME.matcher(name).matches()) {
                throw error(
                        file,
                        "'alerts.labels." + name + "' is not a label name Alertmanager takes",
                        "label names are letters, digits and underscores, not starting with a digit, e.g. 'env'");
            }
            if (OWN_LABELS.contains(name)) {
                throw error(
                        file,
                        "'alerts.labels." + name + "' is a label modelfleet sets on every alert",
                        "choose another name; modelfleet sets "
                                + String.join(", ", OWN_LABELS.stream().sorted().toList()));
            }
            JsonNode value = label.getValue();
            if (!value.isValueNode() || value.isNull() || value.asText().isBlank()) {
                throw error(
                        file,
                        "'alerts.labels." + name + "' must be a text value, got " + shown(value),
                        "write e.g. '" + name + ": prod' (Alertmanager drops labels with empty values)");
            }
            labels.put(name, value.asText());
        }
        return labels;
    }

    private static double number(
            Path file, JsonNode node, String key, double fallback, double min, double max, boolean whole) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isNumber() || (whole && !value.canConvertToLong()) || (whole && !value.isIntegralNumber())) {
            throw error(
                    file,
                    "'alerts." + key + "' must be a " + (whole ? "whole number" : "number") + ", got " + shown(value),
                    "write e.g. '" + key + ": " + plain(fallback) + "'");
        }
        double number = value.asDouble();
        if (!(number >= min && number <= max)) {
            throw error(
                    file,
                    "'alerts." + key + "' must be between " + plain(min) + " and " + plain(max) + ", got "
                            + value.asText(),
                    "write e.g. '" + key + ": " + plain(fallback) + "'");
        }
        return number;
    }

    private static Duration seconds(double seconds) {
        return Duration.ofNanos(Math.round(seconds * 1e9));
    }

    private static String plain(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    private static String shown(JsonNode value) {
        return value.isTextual() ? "'" + value.asText() + "'" : value.toString();
    }

    private static ModelfleetException error(Path file, String problem, String hint) {
        return ModelfleetErrors.alertSettings(file, problem, hint);
    }
}
