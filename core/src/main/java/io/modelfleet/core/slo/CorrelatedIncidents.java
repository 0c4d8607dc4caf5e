package io.modelfleet.core.slo;

import static java.util.Objects.requireNonNull;

import io.modelfleet.core.Hour;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One broken pipeline is not thirty broken models: the failing model-hours of one hour that share
 * a surface, a funnel stage or a team, more of them than independent breaches explain, grouped
 * into one incident.
 *
 * <p>A model-hour is failing when it is UNSTABLE or NO_DATA, or WATCH: past a limit, if not
 * conclusively on its own. A group is an incident in an hour when at least {@link
 * Settings#minModels()} of its models are failing, they are at least {@link
 * Settings#minFraction()} of the group's models that hour, and at least one of them is UNSTABLE or
 * NO_DATA. What one model's hour cannot show, several together do: a healthy model-hour is
 * UNSTABLE a few times in 100,000 and WATCH a few times in 100, so half of a group past its limits
 * at once is not chance — which is how an outage that hits small models (wide intervals, each
 * only WATCH) alongside big ones still reads as the one incident it is. An incident whose models are all in a bigger one (a
 * team owning the surface that broke) is left out: the bigger one explains them. Dimensions are
 * tried in the order surface, funnel stage, team, so on a tie the surface names the incident.
 */
public final class CorrelatedIncidents {
    /** The dimensions, in the order they are tried. */
    public static final List<String> DIMENSIONS = List.of("surface", "funnel_stage", "team");

    private CorrelatedIncidents() {}

    /** When a group's breaches are one incident. */
    public record Settings(int minModels, double minFraction) {
        public static final Settings DEFAULT = new Settings(3, 0.5);

        public Settings {
            if (minModels < 2) {
                throw new IllegalArgumentException("an incident needs at least 2 models, got " + minModels);
            }
            if (!(minFraction > 0 && minFraction <= 1)) {
                throw new IllegalArgumentException("the fraction must be in (0, 1], got " + minFraction);
            }
        }
    }

    /** A model's hour as grouping needs it: its value of each dimension, status and reasons. */
    public record ModelHour(String modelId, Map<String, String> dimensions, SloStatus status, String reasons) {
        public ModelHour {
            requireNonNull(modelId, "modelId is null");
            dimensions = Map.copyOf(dimensions);
            requireNonNull(status, "status is null");
            reasons = reasons == null ? "" : reasons;
        }

        boolean failing() {
            return conclusive() || status == SloStatus.WATCH;
        }

        boolean conclusive() {
            return status == SloStatus.UNSTABLE || status == SloStatus.NO_DATA;
        }
    }

    /**
     * One incident in one hour.
     *
     * @param models the failing models, sorted
     * @param groupModels the group's models judged that hour
     * @param cause what the failing models have in common, as a starting point for on-call
     */
    public record Incident(
            Hour hour, String dimension, String value, List<String> models, int groupModels, String cause) {
        public Incident {
            models = List.copyOf(models);
        }

        /** The key that identifies the same incident from one hour to the next. */
        public String key() {
            return dimension + "=" + value;
        }
    }

    /** The incidents of one hour, biggest first. */
    public static List<Incident> find(Hour hour, List<ModelHour> modelHours, Settings settings) {
        List<Incident> candidates = new ArrayList<>();
        for (String dimension : DIMENSIONS) {
            Map<String, List<ModelHour>> groups = new TreeMap<>();
            for (ModelHour m : modelHours) {
                String value = m.dimensions().get(dimension);
                if (value != null) {
                    groups.computeIfAbsent(value, k -> new ArrayList<>()).add(m);
                }
            }
            for (Map.Entry<String, List<ModelHour>> group : groups.entrySet()) {
                List<ModelHour> failing =
                        group.getValue().stream().filter(ModelHour::failing).toList();
                if (failing.size() >= settings.minModels()
                        && failing.size()
                                >= settings.minFraction() * group.getValue().size()
                        && failing.stream().anyMatch(ModelHour::conclusive)) {
                    candidates.add(new Incident(
                            hour,
                            dimension,
                            group.getKey(),
                            failing.stream().map(ModelHour::modelId).sorted().toList(),
                            group.getValue().size(),
                            cause(failing)));
                }
            }
        }
        candidates.sort(Comparator.comparingInt((Incident i) -> -i.models().size())
                .thenComparingInt(i -> DIMENSIONS.indexOf(i.dimension())));
        List<Incident> kept = new ArrayList<>();
        for (Incident candidate : candidates) {
            boolean explained = kept.stream().anyMatch(k -> new HashSet<>(k.models()).containsAll(candidate.models()));
            if (!explained) {
                kept.add(candidate);
            }
        }
        return kept;
    }

    /** What the failing models' statuses and reasons have in common. */
    static String cause(List<ModelHour> failing) {
        Set<String> kinds = new TreeSet<>();
        int noRows = 0;
        int calibration = 0;
        int ne = 0;
        for (ModelHour m : failing) {
            if (m.status() == SloStatus.NO_DATA) {
                noRows++;
                kinds.add("no rows");
                continue;
            }
            Set<String> own = new HashSet<>();
            for (String reason : m.reasons().split("; ")) {
                // a reason's later parts are its numbers ("3.3 standard errors, 4.1 needed")
                if (!reason.isEmpty() && !Character.isDigit(reason.charAt(0))) {
                    own.add(
                            reason.startsWith("calibration")
                                    ? "calibration"
                                    : reason.startsWith("NE") ? "NE" : "other");
                }
            }
            calibration += own.contains("calibration") ? 1 : 0;
            ne += own.contains("NE") ? 1 : 0;
            kinds.addAll(own);
        }
        int n = failing.size();
        if (noRows == n) {
            return String.format(
                    Locale.ROOT, "no rows from any of the %d models: a logging or serving outage upstream of them", n);
        }
        // a miscalibrated model's NE worsens too: calibration in every one is the common cause
        if (calibration == n) {
            return String.format(
                    Locale.ROOT,
                    "calibration moved in all %d models at once: a shared feature, label or logging change",
                    n);
        }
        if (ne == n) {
            return String.format(
                    Locale.ROOT, "NE degraded in all %d models at once: shared features or a shared upstream model", n);
        }
        return String.format(
                Locale.ROOT,
                "%d models failing at once (%s): look for a dependency they share",
                n,
                String.join(", ", kinds));
    }
}
