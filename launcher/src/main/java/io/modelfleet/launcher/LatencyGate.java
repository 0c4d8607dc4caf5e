package io.modelfleet.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Optional;

/**
 * The latency gate: the candidate's served p99 at its step's share against its stage's objective.
 * What the candidate serves with comes from the launch's estimate (the service times it sized the
 * replicas from, the cores of those replicas, the peak request rate it sized them for); the fleet
 * reports the p99 those replicas serve at the share (see {@link ServingFleet#servedP99Ms}).
 */
public final class LatencyGate {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * How the candidate serves its stage, as the estimate measured and sized it.
     *
     * @param servers cores across the candidate's replicas: requests served at once
     * @param peakRps the stage's peak request rate at full traffic
     */
    public record Profile(double serviceMeanMs, double serviceCv, int servers, double peakRps, double objectiveMs) {}

    private LatencyGate() {}

    /** The candidate's profile from the estimate's evidence; empty when the estimate did not size its stage. */
    public static Optional<Profile> profile(LaunchRecord launch) {
        if (launch.estimate().isEmpty()) {
            return Optional.empty();
        }
        JsonNode evidence;
        try {
            evidence = JSON.readTree(launch.estimate().get().evidence());
        } catch (IOException e) {
            return Optional.empty();
        }
        String stage = evidence.path("stage").asText("");
        for (JsonNode s : evidence.path("stages")) {
            if (!s.path("stage").asText().equals(stage)) {
                continue;
            }
            JsonNode candidate = s.path("candidate");
            // The modelled times sized the replicas; evidence from before they existed has the measured ones only.
            String times = candidate.has("modelled_service_mean_ms") ? "modelled_service_" : "service_";
            double mean = candidate.path(times + "mean_ms").asDouble(Double.NaN);
            int cores = candidate.path("cores_per_replica").asInt(0);
            double objective = launch.candidate()
                    .latencyP99Ms()
                    .orElse(s.path("objective_p99_ms").asDouble(Double.NaN));
            double peak = s.path("peak_rps").asDouble(Double.NaN);
            if (!(mean > 0) || cores < 1 || !(objective > 0) || !(peak > 0)) {
                return Optional.empty();
            }
            long servers = cores * launch.candidate().replicas();
            return Optional.of(new Profile(
                    mean,
                    candidate.path(times + "cv").asDouble(1),
                    (int) Math.min(Integer.MAX_VALUE, servers),
                    peak,
                    objective));
        }
        return Optional.empty();
    }
}
