package io.modelfleet.alerts;

import static java.util.Objects.requireNonNull;

import io.modelfleet.alerts.internal.AlertOutbox;
import io.modelfleet.alerts.internal.AlertRules;
import io.modelfleet.alerts.internal.AlertmanagerClient;
import io.modelfleet.alerts.internal.AlertmanagerClient.PostableAlert;
import io.modelfleet.core.ModelfleetException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;

/**
 * The SLO jobs' alert step: the rules turn the tables' latest hour and day into the alerts that
 * fire, the outbox records them (what began, what cleared) and Alertmanager is sent everything
 * pending. Delivery failures are reported, never thrown: an SLO hour does not fail because
 * Alertmanager is down, and what it did not take goes with a later step.
 *
 * <p>Times: a firing alert starts when its condition began in the data (the first UNSTABLE hour, the
 * first burning day) and is sent with an end {@code resolve_timeout} after the delivery, so it
 * stays active while SLO runs keep sending it; a resolved one ends where its condition last held.
 * Alertmanager judges active and resolved against its own clock, so these are wall-clock instants,
 * not the scheduler's (possibly simulated) clock.
 */
public final class Alerting {
    /** Alerts per request: Alertmanager takes any number, this keeps one request's size bounded. */
    static final int BATCH = 500;

    private static final String OUTBOX_UNREADABLE =
            "Cannot read the alert outbox in the scheduler database (check 'scheduler.database' in modelfleet.yaml): ";

    private final AlertSettings settings;
    private final AlertOutbox outbox;
    private final AlertmanagerClient client;
    private final InstantSource clock;
    private boolean tableReady;

    public Alerting(AlertSettings settings, AlertDatabase database) {
        this(settings, database, InstantSource.system());
    }

    public Alerting(AlertSettings settings, AlertDatabase database, InstantSource clock) {
        this.settings = requireNonNull(settings, "settings is null");
        this.outbox = new AlertOutbox(database);
        this.client = new AlertmanagerClient(
                settings.alertmanager(), settings.attempts(), settings.backoff(), settings.timeout());
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Records what fires in {@code state}, then delivers everything pending. */
    public AlertReport evaluate(SloState state) {
        AlertOutbox.Changes changes;
        try {
            ensureTable();
            changes = outbox.record(AlertRules.firing(state, settings), clock.instant());
        } catch (AlertOutbox.UncheckedSqlException e) {
            return notEvaluated("Cannot record the SLO alerts in the scheduler database (check 'scheduler.database' in"
                    + " modelfleet.yaml): " + e.getMessage());
        }
        Delivery delivery = deliver();
        return new AlertReport(
                settings.alertmanager().toString(),
                true,
                changes.firing(),
                changes.started(),
                changes.resolved(),
                delivery.delivered(),
                delivery.pending(),
                delivery.problem());
    }

    /**
     * The SLO tables could not be read ({@code problem} says why and what to do): nothing is
     * evaluated, what is pending is still delivered.
     */
    public AlertReport notEvaluated(String problem) {
        Delivery delivery = deliver();
        return new AlertReport(
                settings.alertmanager().toString(),
                false,
                0,
                0,
                0,
                delivery.delivered(),
                delivery.pending(),
                Optional.of(delivery.problem().map(p -> problem + "; " + p).orElse(problem)));
    }

    /** Delivers what earlier steps could not; empty when nothing waits. */
    public Optional<AlertReport> deliverPending() {
        try {
            ensureTable();
            if (outbox.pendingCount() == 0) {
                return Optional.empty();
            }
        } catch (AlertOutbox.UncheckedSqlException e) {
            return Optional.of(new AlertReport(
                    settings.alertmanager().toString(),
                    false,
                    0,
                    0,
                    0,
                    0,
                    0,
                    Optional.of(OUTBOX_UNREADABLE + e.getMessage())));
        }
        Delivery delivery = deliver();
        return Optional.of(new AlertReport(
                settings.alertmanager().toString(),
                false,
                0,
                0,
                0,
                delivery.delivered(),
                delivery.pending(),
                delivery.problem()));
    }

    private record Delivery(int delivered, int pending, Optional<String> problem) {}

    private Delivery deliver() {
        List<AlertOutbox.Entry> pending;
        try {
            ensureTable();
            pending = outbox.pending();
        } catch (AlertOutbox.UncheckedSqlException e) {
            return new Delivery(0, 0, Optional.of(OUTBOX_UNREADABLE + e.getMessage()));
        }
        int delivered = 0;
        for (int from = 0; from < pending.size(); from += BATCH) {
            List<AlertOutbox.Entry> batch = pending.subList(from, Math.min(pending.size(), from + BATCH));
            Instant sent = clock.instant();
            try {
                client.post(batch.stream().map(entry -> postable(entry, sent)).toList());
            } catch (ModelfleetException e) {
                String problem = e.getMessage() + " (" + e.hint() + ")";
                try {
                    outbox.failed(pending.subList(from, pending.size()), e.getMessage());
                } catch (AlertOutbox.UncheckedSqlException ignored) {
                    // The rows stay pending either way; only the recorded reason is lost.
                }
                return new Delivery(delivered, pending.size() - delivered, Optional.of(problem));
            }
            try {
                outbox.delivered(batch, clock.instant());
            } catch (AlertOutbox.UncheckedSqlException e) {
                // Alertmanager has them; they stay pending and are sent again, which it deduplicates.
                return new Delivery(
                        delivered + batch.size(),
                        pending.size() - delivered,
                        Optional.of("Alertmanager took them, but cannot mark them sent in the scheduler database"
                                + " (they go again with the next run, which Alertmanager deduplicates): "
                                + e.getMessage()));
            }
            delivered += batch.size();
        }
        return new Delivery(delivered, 0, Optional.empty());
    }

    /** Created on first use, so that building the step never touches the database (nor fails on it). */
    private synchronized void ensureTable() {
        if (!tableReady) {
            outbox.createTable();
            tableReady = true;
        }
    }

    private PostableAlert postable(AlertOutbox.Entry entry, Instant sent) {
        Instant ends = entry.endsAt().orElse(sent.plus(settings.resolveTimeout()));
        return new PostableAlert(
                entry.labels(),
                entry.annotations(),
                entry.startsAt().toString(),
                ends.toString(),
                entry.generatorUrl().orElse(null));
    }
}
