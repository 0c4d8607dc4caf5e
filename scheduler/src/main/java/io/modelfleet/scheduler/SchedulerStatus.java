package io.modelfleet.scheduler;

import io.modelfleet.core.Hour;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** What {@code scheduler status} shows, read from the scheduler database without starting a node. */
public final class SchedulerStatus {
    /**
     * One job: its schedule, its units by state, its last run, and for slo-hourly how many complete
     * hours are not done and how many provisional hours await their label window's close for their
     * final pass ({@code awaitingLabels}, not counted as pending or behind).
     */
    public record JobStatus(
            JobName job,
            String cron,
            Optional<Instant> nextFire,
            Optional<Instant> previousFire,
            long done,
            long pending,
            long running,
            long failedRetrying,
            long failedForGood,
            Optional<WorkLedger.Unit> lastRun,
            Optional<String> latestDone,
            long behind,
            long awaitingLabels) {}

    /** A node that checked in: alive if it did within a few check-in intervals. */
    public record Node(String id, Instant lastCheckin, boolean alive) {}

    public record Status(String database, List<JobStatus> jobs, List<Node> nodes) {
        /** The status of one job. */
        public JobStatus job(JobName name) {
            return jobs.stream().filter(j -> j.job() == name).findFirst().orElseThrow();
        }
    }

    private SchedulerStatus() {}

    public static Status read(SchedulerSettings settings, Clock clock) {
        Database database = new Database(settings.database(), settings.user(), settings.password());
        try {
            database.createQuartzTables();
            WorkLedger ledger = new WorkLedger(database);
            ledger.createTable();
            List<JobStatus> jobs = new ArrayList<>();
            for (JobName name : JobName.values()) {
                JobSettings job = settings.job(name);
                List<WorkLedger.Unit> units = ledger.units(name);
                long done = count(units, u -> u.status() == WorkLedger.Status.DONE);
                Instant now = clock.now();
                Predicate<WorkLedger.Unit> waiting = u -> u.status() == WorkLedger.Status.PENDING
                        && u.nextAttempt().isPresent()
                        && u.nextAttempt().get().isAfter(now);
                long awaiting = count(units, waiting);
                long pending = count(units, u -> u.status() == WorkLedger.Status.PENDING) - awaiting;
                long running = count(units, u -> u.status() == WorkLedger.Status.RUNNING);
                long retrying =
                        count(units, u -> u.status() == WorkLedger.Status.FAILED && u.attempts() < job.maxAttempts());
                long failed =
                        count(units, u -> u.status() == WorkLedger.Status.FAILED && u.attempts() >= job.maxAttempts());
                Optional<WorkLedger.Unit> last = units.stream()
                        .filter(u -> u.finished().isPresent())
                        .max(Comparator.comparing(u -> u.finished().get()));
                Optional<String> latestDone = units.stream()
                        .filter(u -> u.status() == WorkLedger.Status.DONE)
                        .map(u -> u.unit().key())
                        .max(String::compareTo);
                long behind = 0;
                if (name == JobName.SLO_HOURLY) {
                    Hour lastComplete = Hour.of(now.minus(job.lateness())).plus(-1);
                    behind = pending + running + retrying;
                    Optional<Hour> latest = units.stream()
                            .map(u -> ((WorkUnit.HourUnit) u.unit()).hour())
                            .max(Comparator.naturalOrder());
                    if (latest.isPresent()) {
                        behind += Math.max(
                                0, lastComplete.epochHour() - latest.get().epochHour());
                    }
                }
                Optional<Instant>[] fires = fireTimes(database, name);
                jobs.add(new JobStatus(
                        name,
                        job.cron(),
                        fires[0],
                        fires[1],
                        done,
                        pending,
                        running,
                        retrying,
                        failed,
                        last,
                        latestDone,
                        behind,
                        awaiting));
            }
            return new Status(database.describe(), jobs, nodes(database));
        } finally {
            database.shutdown();
        }
    }

    /** True once slo-hourly has done (or given up on) every complete hour and runs none. */
    public static boolean caughtUp(SchedulerSettings settings, Clock clock) {
        JobStatus hourly = read(settings, clock).job(JobName.SLO_HOURLY);
        return hourly.behind() == 0 && hourly.running() == 0 && hourly.done() + hourly.failedForGood() > 0;
    }

    private static long count(List<WorkLedger.Unit> units, Predicate<WorkLedger.Unit> test) {
        return units.stream().filter(test).count();
    }

    @SuppressWarnings("unchecked")
    private static Optional<Instant>[] fireTimes(Database database, JobName job) {
        Optional<Instant>[] out = new Optional[] {Optional.empty(), Optional.empty()};
        try (Connection connection = database.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT NEXT_FIRE_TIME, PREV_FIRE_TIME FROM QRTZ_TRIGGERS WHERE TRIGGER_NAME = ? AND TRIGGER_GROUP = ?")) {
            statement.setString(1, job.id());
            statement.setString(2, ModelfleetScheduler.GROUP);
            try (ResultSet rows = statement.executeQuery()) {
                if (rows.next()) {
                    long next = rows.getLong(1);
                    long previous = rows.getLong(2);
                    out[0] = next > 0 ? Optional.of(Instant.ofEpochMilli(next)) : Optional.empty();
                    out[1] = previous > 0 ? Optional.of(Instant.ofEpochMilli(previous)) : Optional.empty();
                }
            }
        } catch (SQLException e) {
            throw database.unavailable(e);
        }
        return out;
    }

    private static List<Node> nodes(Database database) {
        List<Node> nodes = new ArrayList<>();
        try (Connection connection = database.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT INSTANCE_NAME, LAST_CHECKIN_TIME, CHECKIN_INTERVAL FROM QRTZ_SCHEDULER_STATE ORDER BY INSTANCE_NAME");
                ResultSet rows = statement.executeQuery()) {
            long now = System.currentTimeMillis();
            while (rows.next()) {
                long checkin = rows.getLong(2);
                nodes.add(new Node(
                        rows.getString(1),
                        Instant.ofEpochMilli(checkin),
                        now - checkin < 5 * Math.max(1000, rows.getLong(3))));
            }
        } catch (SQLException e) {
            throw database.unavailable(e);
        }
        return nodes;
    }
}
