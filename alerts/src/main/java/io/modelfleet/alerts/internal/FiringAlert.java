package io.modelfleet.alerts.internal;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An alert the rules say fires now. Its identity in Alertmanager is its label set, so labels hold
 * only what stays the same for as long as the condition lasts; the hour, the run and the numbers are
 * annotations.
 *
 * @param since when the condition began, in data time: the start of the first hour (or day) of the
 *     run of hours (or days) it has held
 * @param until the end of the latest hour (or day) it held; where a resolved alert ends
 */
public record FiringAlert(
        Map<String, String> labels,
        Map<String, String> annotations,
        Optional<URI> generatorUrl,
        Instant since,
        Instant until) {
    public FiringAlert {
        labels = Collections.unmodifiableMap(new TreeMap<>(labels));
        annotations = Collections.unmodifiableMap(new TreeMap<>(annotations));
        requireNonNull(generatorUrl, "generatorUrl is null");
        requireNonNull(since, "since is null");
        requireNonNull(until, "until is null");
        if (until.isBefore(since)) {
            throw new IllegalArgumentException("until " + until + " is before since " + since);
        }
    }
}
