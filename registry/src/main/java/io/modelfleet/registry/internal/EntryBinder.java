package io.modelfleet.registry.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelfleet.core.Hour;
import io.modelfleet.core.ModelfleetException;
import io.modelfleet.core.slo.SloPolicy;
import io.modelfleet.registry.FunnelStage;
import io.modelfleet.registry.Launch;
import io.modelfleet.registry.Lifecycle;
import io.modelfleet.registry.Model;
import io.modelfleet.registry.Resources;
import io.modelfleet.registry.ScorerKind;
import io.modelfleet.registry.SourceDocument;
import io.modelfleet.registry.Team;
import io.modelfleet.registry.Tier;
import io.modelfleet.registry.TierPolicies;
import io.modelfleet.registry.TierPolicy;
import io.modelfleet.registry.TrafficProfile;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/** Binds schema-valid trees to the registry's records. Only called after schema validation passed. */
public final class EntryBinder {
    private EntryBinder() {}

    public static Model model(ObjectNode node, String file, SourceDocument document) {
        JsonNode owner = node.path("owner");
        JsonNode serving = node.path("serving");
        JsonNode scorer = serving.path("scorer");
        List<Integer> hidden = new ArrayList<>();
        scorer.path("hidden").forEach(h -> hidden.add(h.asInt()));
        return new Model(
                node.path("id").asText(),
                node.path("type").asText(),
                node.path("description").asText(),
                node.path("business_function").asText(),
                node.path("surface").asText(),
                FunnelStage.fromId(node.path("funnel_stage").asText()),
                Tier.valueOf(node.path("tier").asText()),
                new Model.Owner(
                        owner.path("team").asText(), optionalText(owner.path("oncall")), texts(owner.path("contacts"))),
                node.path("pool").asText(),
                Lifecycle.fromId(node.path("lifecycle").asText()),
                new Model.Serving(
                        serving.path("version").asText(),
                        serving.path("artifact").asText(),
                        texts(serving.path("artifact_shared_with")),
                        serving.path("replicas").asLong(),
                        resources(serving.path("resources")),
                        optionalLong(serving.path("keep_top")),
                        optionalDouble(serving.path("latency_p99_ms")),
                        new Model.Scorer(
                                // The schema checked the kind; only a deprecated entry may leave serving out.
                                ScorerKind.fromId(scorer.path("kind").asText(ScorerKind.DENSE.id())),
                                scorer.path("input_width").asInt(),
                                hidden)),
                sloOverride(node.path("slo")),
                file,
                document);
    }

    /** Binds the SLO block; an expiry that is not a real date is reported by the policy rules, not here. */
    private static Model.SloOverride sloOverride(JsonNode slo) {
        if (slo.isMissingNode()) {
            return Model.SloOverride.NONE;
        }
        JsonNode exception = slo.path("exception");
        Optional<Model.SloException> parsed = exception.isObject()
                ? Optional.of(new Model.SloException(
                        exception.path("reason").asText(),
                        exception.path("expires").asText(),
                        optionalText(exception.path("approved_by"))))
                : Optional.empty();
        return new Model.SloOverride(
                optionalDouble(slo.path("calibration_min")),
                optionalDouble(slo.path("calibration_max")),
                optionalDouble(slo.path("ne_regression_limit")),
                optionalLong(slo.path("min_events_per_hour")),
                optionalDouble(slo.path("objective")),
                optionalDouble(slo.path("label_delay_hours")),
                parsed);
    }

    public static Launch launch(ObjectNode node, String file) {
        JsonNode candidate = node.path("candidate");
        JsonNode scorer = candidate.path("scorer");
        List<Integer> hidden = new ArrayList<>();
        scorer.path("hidden").forEach(h -> hidden.add(h.asInt()));
        List<Launch.Step> plan = new ArrayList<>();
        node.path("traffic_plan").forEach(step -> plan.add(Launch.Step.of(step)));
        JsonNode gate = node.path("gate");
        JsonNode exemption = node.path("exemption");
        return new Launch(
                node.path("id").asText(),
                node.path("model").asText(),
                node.path("requested_by").asText(),
                node.path("reason").asText(),
                new Launch.Candidate(
                        candidate.path("version").asText(),
                        candidate.path("artifact").asText(),
                        optionalLong(candidate.path("replicas")),
                        candidate.has("resources")
                                ? Optional.of(resources(candidate.path("resources")))
                                : Optional.empty(),
                        optionalLong(candidate.path("keep_top")),
                        optionalDouble(candidate.path("latency_p99_ms")),
                        new Model.Scorer(
                                ScorerKind.fromId(scorer.path("kind").asText()),
                                scorer.path("input_width").asInt(),
                                hidden)),
                plan,
                exemption.isMissingNode()
                        ? Optional.empty()
                        : Optional.of(new Launch.Exemption(
                                exemption.path("kind").asText(),
                                exemption.path("reason").asText(),
                                exemption.path("approved_by").asText())),
                new Launch.GateOverride(
                        optionalDouble(gate.path("ne_margin")),
                        optionalDouble(gate.path("calibration_margin")),
                        optionalDouble(gate.path("alpha"))),
                file);
    }

    /**
     * What the schema cannot say about a traffic profile: its times must exist and its percentiles
     * must not decrease. Empty when the profile may be bound.
     */
    /** What is wrong in a schema-valid traffic profile, and where: a JSON pointer into it. */
    public record Problem(String pointer, String message) {}

    public static Optional<Problem> trafficProfileProblem(ObjectNode node) {
        // The schema checks the shape of a time; whether it exists (February 30, hour 24) is checked here.
        try {
            Instant.parse(node.path("profiled_at").asText());
        } catch (DateTimeParseException e) {
            return Optional.of(new Problem(
                    "/profiled_at", "profiled_at '" + node.path("profiled_at").asText() + "' is not a valid UTC time"));
        }
        Map<String, Hour> hours = new HashMap<>();
        for (String[] field : new String[][] {{"recorded", "from"}, {"recorded", "to"}, {"peak", "hour"}}) {
            String text = node.path(field[0]).path(field[1]).asText();
            try {
                hours.put(field[0] + "." + field[1], Hour.parse(text));
            } catch (ModelfleetException e) {
                return Optional.of(new Problem(
                        "/" + field[0] + "/" + field[1],
                        field[0] + "." + field[1] + " '" + text + "' is not a valid hour: " + e.getMessage()));
            }
        }
        Hour from = hours.get("recorded.from");
        Hour to = hours.get("recorded.to");
        Hour peak = hours.get("peak.hour");
        if (to.start().isBefore(from.start())) {
            return Optional.of(new Problem("/recorded/to", "recorded.to " + to + " is before recorded.from " + from));
        }
        if (peak.start().isBefore(from.start()) || peak.start().isAfter(to.start())) {
            return Optional.of(new Problem(
                    "/peak/hour", "peak.hour " + peak + " is outside the recorded hours " + from + " .. " + to));
        }
        long span = Duration.between(from.start(), to.start()).toHours() + 1;
        if (node.path("recorded").path("hours").asLong() > span) {
            return Optional.of(new Problem(
                    "/recorded/hours",
                    "recorded.hours is " + node.path("recorded").path("hours").asLong() + ", more than the " + span
                            + " hours from " + from + " to " + to));
        }
        long requests = node.path("recorded").path("requests").asLong();
        long sampled = node.path("sourced_candidates").path("sampled_requests").asLong();
        if (sampled > requests) {
            return Optional.of(new Problem(
                    "/sourced_candidates/sampled_requests",
                    "sourced_candidates.sampled_requests is " + sampled + ", more than the " + requests
                            + " recorded requests"));
        }
        JsonNode percentiles = node.path("sourced_candidates").path("percentiles");
        for (int i = 1; i < percentiles.size(); i++) {
            if (percentiles.get(i).asLong() < percentiles.get(i - 1).asLong()) {
                return Optional.of(new Problem(
                        "/sourced_candidates/percentiles/" + i,
                        "sourced_candidates.percentiles decrease at percentile " + i + " ("
                                + percentiles.get(i - 1).asLong() + " then "
                                + percentiles.get(i).asLong() + ")"));
            }
        }
        return Optional.empty();
    }

    /** Only for a schema-valid tree without a {@link #trafficProfileProblem}. */
    public static TrafficProfile trafficProfile(ObjectNode node, String file) {
        JsonNode recorded = node.path("recorded");
        JsonNode peak = node.path("peak");
        JsonNode sourced = node.path("sourced_candidates");
        JsonNode hardware = node.path("hardware");
        List<Integer> percentiles = new ArrayList<>();
        sourced.path("percentiles").forEach(p -> percentiles.add(p.asInt()));
        return new TrafficProfile(
                node.path("surface").asText(),
                Instant.parse(node.path("profiled_at").asText()),
                new TrafficProfile.Recorded(
                        Hour.parse(recorded.path("from").asText()),
                        Hour.parse(recorded.path("to").asText()),
                        recorded.path("hours").asInt(),
                        recorded.path("requests").asLong(),
                        recorded.path("traffic_seed").asLong(),
                        recorded.path("feature_width").asInt()),
                new TrafficProfile.Peak(
                        Hour.parse(peak.path("hour").asText()),
                        peak.path("production_rps").asDouble()),
                new TrafficProfile.SourcedCandidates(
                        sourced.path("sampled_requests").asLong(),
                        sourced.path("samples_per_hour").asInt(),
                        sourced.path("seed").asLong(),
                        percentiles),
                new TrafficProfile.Hardware(
                        hardware.path("name").asText(),
                        hardware.path("gflops_per_core").asDouble(),
                        hardware.path("candidate_overhead_ns").asDouble()),
                file);
    }

    public static Team team(ObjectNode node, String file) {
        String id = node.path("id").asText();
        List<Team.Pool> pools = new ArrayList<>();
        node.path("pools")
                .forEach(p -> pools.add(new Team.Pool(p.path("id").asText(), id, resources(p.path("quota")))));
        return new Team(
                id,
                node.path("name").asText(),
                node.path("oncall").asText(),
                optionalText(node.path("github_team")),
                texts(node.path("approvers")),
                texts(node.path("contacts")),
                pools,
                file);
    }

    public static TierPolicies tierPolicies(ObjectNode node) {
        Map<Tier, TierPolicy> tiers = new EnumMap<>(Tier.class);
        for (Tier tier : Tier.values()) {
            JsonNode policy = node.path("tiers").path(tier.name());
            tiers.put(
                    tier,
                    new TierPolicy(
                            tier,
                            new SloPolicy(
                                    policy.path("calibration_min").asDouble(),
                                    policy.path("calibration_max").asDouble(),
                                    policy.path("ne_regression_limit").asDouble(),
                                    policy.path("min_events_per_hour").asLong(),
                                    policy.path("objective").asDouble(),
                                    Model.hours(policy.path("label_delay_hours").asDouble(0))),
                            policy.path("requires_oncall").asBoolean(),
                            policy.path("headroom").asDouble(0.3),
                            new TierPolicy.Gate(
                                    policy.path("gate_ne_margin")
                                            .asDouble(policy.path("ne_regression_limit")
                                                    .asDouble()),
                                    policy.path("gate_calibration_margin")
                                            .asDouble(Math.max(
                                                    Math.log(policy.path("calibration_max")
                                                            .asDouble()),
                                                    -Math.log(policy.path("calibration_min")
                                                            .asDouble()))),
                                    policy.path("gate_alpha").asDouble(TierPolicy.Gate.DEFAULT_ALPHA))));
        }
        List<String> platformApprovers = new ArrayList<>();
        node.path("platform_approvers").forEach(approver -> platformApprovers.add(approver.asText()));
        return new TierPolicies(node.path("platform_team").asText(), platformApprovers, tiers);
    }

    private static Resources resources(JsonNode node) {
        return new Resources(
                node.path("cpu").asDouble(),
                node.path("memory_gb").asDouble(),
                node.path("gpus").asLong(0));
    }

    private static Optional<String> optionalText(JsonNode node) {
        return node.isTextual() ? Optional.of(node.asText()) : Optional.empty();
    }

    private static OptionalDouble optionalDouble(JsonNode node) {
        return node.isNumber() ? OptionalDouble.of(node.asDouble()) : OptionalDouble.empty();
    }

    private static OptionalLong optionalLong(JsonNode node) {
        return node.isIntegralNumber() ? OptionalLong.of(node.asLong()) : OptionalLong.empty();
    }

    private static List<String> texts(JsonNode node) {
        List<String> values = new ArrayList<>();
        node.forEach(v -> values.add(v.asText()));
        return values;
    }
}
