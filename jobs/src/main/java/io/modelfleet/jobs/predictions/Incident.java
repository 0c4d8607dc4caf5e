package io.modelfleet.jobs.predictions;

import static java.util.Objects.requireNonNull;

import io.modelfleet.core.Hour;
import io.modelfleet.core.ModelfleetErrors;
import java.util.Locale;

/**
 * Something wrong injected into generated logs, from an hour on.
 *
 * <pre>
 * miscalibrate:MODEL:FROM_HOUR:FACTOR     predictions multiplied by FACTOR
 * ne-degrade:MODEL:FROM_HOUR:NOISE        predictions blurred by NOISE (std. dev. in logit space)
 * traffic-drop:MODEL:FROM_HOUR:FRACTION   only FRACTION of the usual events
 * invalid-rows:MODEL:HOUR:COUNT           COUNT rows with NaN or out-of-range predictions and labels
 * unregistered:MODEL_ID:HOUR:COUNT        COUNT rows for an id the registry does not know
 * </pre>
 */
public record Incident(Kind kind, String modelId, Hour from, double value, int hours) {
    public enum Kind {
        MISCALIBRATE,
        NE_DEGRADE,
        TRAFFIC_DROP,
        INVALID_ROWS,
        UNREGISTERED;

        String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public Incident {
        requireNonNull(kind, "kind is null");
        requireNonNull(modelId, "modelId is null");
        requireNonNull(from, "from is null");
        if (hours < 0) {
            throw new IllegalArgumentException("hours must be 0 (no end) or more, got " + hours);
        }
    }

    /** An incident from {@code from} on, with no end. */
    public Incident(Kind kind, String modelId, Hour from, double value) {
        this(kind, modelId, from, value, 0);
    }

    /** The same incident for {@code count} hours only. */
    public Incident lasting(int count) {
        return new Incident(kind, modelId, from, value, count);
    }

    public static Incident parse(String spec) {
        String[] parts = spec.split(":", 3);
        String hint = "write KIND:MODEL:YYYY-MM-DDTHH:VALUE, e.g. miscalibrate:ig_feed_mtml_lsr_v3:2026-11-24T10:1.5;"
                + " kinds: miscalibrate, ne-degrade, traffic-drop, invalid-rows, unregistered";
        if (parts.length < 3) {
            throw ModelfleetErrors.unreadableIncident(spec, "");
        }
        int lastColon = parts[2].lastIndexOf(':');
        if (lastColon < 0) {
            throw ModelfleetErrors.unreadableIncident(spec, "no value");
        }
        Kind kind = null;
        for (Kind k : Kind.values()) {
            if (k.id().equals(parts[0])) {
                kind = k;
            }
        }
        if (kind == null) {
            throw ModelfleetErrors.unreadableIncident(spec, "unknown kind '" + parts[0] + "'");
        }
        double value;
        try {
            value = Double.parseDouble(parts[2].substring(lastColon + 1));
        } catch (NumberFormatException e) {
            throw ModelfleetErrors.unreadableIncident(spec, "value is not a number");
        }
        if (!(value > 0) || !Double.isFinite(value)) {
            throw ModelfleetErrors.unreadableIncident(spec, "value must be positive");
        }
        return new Incident(kind, parts[1], Hour.parse(parts[2].substring(0, lastColon)), value);
    }

    boolean affects(String model, Hour hour) {
        boolean sameModel = modelId.equals(model);
        return switch (kind) {
            case INVALID_ROWS, UNREGISTERED -> sameModel && hour.equals(from);
            default -> sameModel && hour.compareTo(from) >= 0 && (hours == 0 || hour.compareTo(from.plus(hours)) < 0);
        };
    }

    @Override
    public String toString() {
        String number = value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
        return kind.id() + ":" + modelId + ":" + from + ":" + number + (hours == 0 ? "" : " for " + hours + " h");
    }
}
