package io.modelfleet.alerts;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * What one alert step did: what fires after it, what it resolved, what Alertmanager took and what
 * still waits in the outbox, and why, if something went wrong. Never a failure of the SLO run it
 * follows: {@code slo run} prints it and the scheduler keeps it with the run in {@code job_runs}.
 *
 * @param alertmanager where the alerts go
 * @param evaluated whether the SLO tables were read and the firing alerts recorded (false for a
 *     delivery of pending alerts alone, or when the tables could not be read)
 * @param firing alerts firing after the evaluation
 * @param started of those, alerts that began firing with it
 * @param resolved alerts the evaluation found cleared
 * @param delivered alerts Alertmanager took in this step (firing ones sent again included)
 * @param pending alerts still waiting to be delivered
 * @param problem what went wrong and what to do, when something did
 */
public record AlertReport(
        String alertmanager,
        boolean evaluated,
        int firing,
        int started,
        int resolved,
        int delivered,
        int pending,
        Optional<String> problem) {
    public AlertReport {
        requireNonNull(alertmanager, "alertmanager is null");
        requireNonNull(problem, "problem is null");
    }

    /** Whether Alertmanager has everything: nothing failed and nothing waits. */
    public boolean ok() {
        return problem.isEmpty() && pending == 0;
    }

    /** One line for people and for {@code job_runs.note}, e.g. {@code alerts: 2 firing (1 new), 1 resolved; 3 sent to …}. */
    public String summary() {
        StringBuilder line = new StringBuilder("alerts: ");
        if (evaluated) {
            line.append(firing).append(" firing");
            if (started > 0) {
                line.append(" (").append(started).append(" new)");
            }
            line.append(", ").append(resolved).append(" resolved; ");
        }
        if (problem.isPresent()) {
            if (delivered > 0) {
                line.append(delivered)
                        .append(" sent to Alertmanager ")
                        .append(alertmanager)
                        .append("; ");
            }
            line.append("FAILED: ")
                    .append(problem.get())
                    .append(" [")
                    .append(pending)
                    .append(" waiting]");
        } else if (delivered > 0) {
            line.append(delivered).append(" sent to Alertmanager ").append(alertmanager);
        } else {
            line.append("nothing to send");
        }
        return line.toString();
    }
}
