package io.modelfleet.launcher;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Where models serve: what the workflow asks of a fleet, so that a Kubernetes or in-house adapter
 * can replace the simulated one. Every call is made inside the transaction of the launch step that
 * makes it ({@code tx}); a fleet keeping its state in that database joins it, so the step and its
 * effect commit or vanish together. A fleet keeping its state elsewhere must make each call
 * idempotent (keyed by model and version), since a step cut short is redone whole.
 */
public interface ServingFleet {
    /** Deploys {@code version} of {@code model} with {@code replicas}, taking no traffic yet. */
    void deploy(Connection tx, String model, String version, long replicas, Instant now) throws SQLException;

    /**
     * Records that {@code version} serves all of the model's traffic with {@code replicas} (production
     * as the registry has it), unless the fleet knows it already.
     */
    void adopt(Connection tx, String model, String version, long replicas) throws SQLException;

    /** How far the deployment of {@code version} has come by {@code now}. */
    Readiness readiness(Connection tx, String model, String version, Instant now) throws SQLException;

    /** Splits the model's traffic: percent per version, summing to 100. */
    void setWeights(Connection tx, String model, Map<String, Double> percentByVersion) throws SQLException;

    /** Takes {@code version} out of service and frees its replicas. */
    void scaleDown(Connection tx, String model, String version, Instant now) throws SQLException;

    /**
     * The p99 time in system, in milliseconds, with which the launch's candidate serves {@code percent}
     * of its model's traffic now; empty when the fleet does not measure it (the latency gate then
     * says so and judges quality alone).
     */
    default OptionalDouble servedP99Ms(Connection tx, LaunchRecord launch, LatencyGate.Profile profile, double percent)
            throws SQLException {
        return OptionalDouble.empty();
    }

    /** The model's deployments as the fleet sees them. */
    List<Deployment> deployments(Connection tx, String model, Instant now) throws SQLException;

    /**
     * Readiness of one deployment.
     *
     * @param failed replica starts that failed and were replaced (or, past the retry limit, given up)
     * @param deadline when the deployment must be ready, or the launch fails
     */
    record Readiness(long wanted, long ready, long failed, Instant deadline) {
        public boolean complete() {
            return ready >= wanted;
        }
    }

    /** One deployment: a version of a model, its replicas and its share of traffic. */
    record Deployment(String model, String version, String status, long replicas, long ready, double percent) {}
}
