package io.modelfleet.registry;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelfleet.core.slo.SloPolicy;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * One registered model, as its entry says. {@link #source()} gives the entry's full tree for
 * diffs and snapshots; the typed fields are what code reads.
 */
public record Model(
        String id,
        String type,
        String description,
        String businessFunction,
        String surface,
        FunnelStage funnelStage,
        Tier tier,
        Owner owner,
        String pool,
        Lifecycle lifecycle,
        Serving serving,
        SloOverride slo,
        String file,
        SourceDocument document) {
    public Model {
        requireNonNull(id, "id is null");
        requireNonNull(type, "type is null");
        requireNonNull(description, "description is null");
        requireNonNull(businessFunction, "businessFunction is null");
        requireNonNull(surface, "surface is null");
        requireNonNull(funnelStage, "funnelStage is null");
        requireNonNull(tier, "tier is null");
        requireNonNull(owner, "owner is null");
        requireNonNull(pool, "pool is null");
        requireNonNull(lifecycle, "lifecycle is null");
        requireNonNull(serving, "serving is null");
        requireNonNull(slo, "slo is null");
        requireNonNull(file, "file is null");
        requireNonNull(document, "document is null");
    }

    /** The entry exactly as written, as a tree: for diffs, snapshots and JSON output. */
    public ObjectNode source() {
        return document.tree();
    }

    /** Resources the production deployment holds: replicas times one replica's resources. */
    public Resources footprint() {
        return lifecycle == Lifecycle.DEPRECATED
                ? Resources.ZERO
                : serving.resources().times(serving.replicas());
    }

    public record Owner(String team, Optional<String> oncall, List<String> contacts) {
        public Owner {
            requireNonNull(team, "team is null");
            requireNonNull(oncall, "oncall is null");
            contacts = List.copyOf(contacts);
        }
    }

    /**
     * How the production version is served.
     *
     * @param artifactSharedWith ids of the other models that serve {@code artifact} on purpose; empty when
     *     the artifact is this model's alone
     */
    public record Serving(
            String version,
            String artifact,
            List<String> artifactSharedWith,
            long replicas,
            Resources resources,
            OptionalLong keepTop,
            OptionalDouble latencyP99Ms,
            Scorer scorer) {
        public Serving {
            requireNonNull(version, "version is null");
            requireNonNull(artifact, "artifact is null");
            artifactSharedWith = List.copyOf(artifactSharedWith);
            requireNonNull(resources, "resources is null");
            requireNonNull(keepTop, "keepTop is null");
            requireNonNull(latencyP99Ms, "latencyP99Ms is null");
            requireNonNull(scorer, "scorer is null");
        }
    }

    /** The scorer the ranking simulator runs: a logistic model or a dense network. */
    public record Scorer(ScorerKind kind, int inputWidth, List<Integer> hidden) {
        public Scorer {
            requireNonNull(kind, "kind is null");
            hidden = List.copyOf(hidden);
        }
    }

    /** A model's SLO overrides; empty fields inherit the tier's value. */
    public record SloOverride(
            OptionalDouble calibrationMin,
            OptionalDouble calibrationMax,
            OptionalDouble neRegressionLimit,
            OptionalLong minEventsPerHour,
            OptionalDouble objective,
            OptionalDouble labelDelayHours,
            Optional<SloException> exception) {
        public static final SloOverride NONE = new SloOverride(
                OptionalDouble.empty(),
                OptionalDouble.empty(),
                OptionalDouble.empty(),
                OptionalLong.empty(),
                OptionalDouble.empty(),
                OptionalDouble.empty(),
                Optional.empty());

        public SloOverride {
            requireNonNull(calibrationMin, "calibrationMin is null");
            requireNonNull(calibrationMax, "calibrationMax is null");
            requireNonNull(neRegressionLimit, "neRegressionLimit is null");
            requireNonNull(minEventsPerHour, "minEventsPerHour is null");
            requireNonNull(objective, "objective is null");
            requireNonNull(labelDelayHours, "labelDelayHours is null");
            requireNonNull(exception, "exception is null");
        }

        /** Applies these overrides to a tier's defaults. */
        public SloPolicy applyTo(SloPolicy defaults) {
            return new SloPolicy(
                    calibrationMin.orElse(defaults.calibrationMin()),
                    calibrationMax.orElse(defaults.calibrationMax()),
                    neRegressionLimit.orElse(defaults.neRegressionLimit()),
                    minEventsPerHour.orElse(defaults.minEventsPerHour()),
                    objective.orElse(defaults.objective()),
                    labelDelayHours.isPresent() ? hours(labelDelayHours.getAsDouble()) : defaults.labelDelay());
        }
    }

    /** A label delay written in hours (0.5 = 30 minutes), to the second. */
    public static Duration hours(double hours) {
        return Duration.ofSeconds(Math.round(hours * 3600));
    }

    /** Approval to loosen the tier's SLO. {@code expires} is kept as written; it may not be a real date. */
    public record SloException(String reason, String expires, Optional<String> approvedBy) {
        public SloException {
            requireNonNull(reason, "reason is null");
            requireNonNull(expires, "expires is null");
            requireNonNull(approvedBy, "approvedBy is null");
        }

        /** The last day the exception holds, if {@code expires} is a real YYYY-MM-DD date. */
        public Optional<LocalDate> expiryDate() {
            try {
                return Optional.of(LocalDate.parse(expires));
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
    }
}
