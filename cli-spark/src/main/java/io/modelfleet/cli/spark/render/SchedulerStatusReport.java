package io.modelfleet.cli.spark.render;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.modelfleet.cli.render.Json;
import io.modelfleet.cli.render.TextTable;
import io.modelfleet.scheduler.JobName;
import io.modelfleet.scheduler.SchedulerStatus;
import io.modelfleet.scheduler.WorkLedger;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** A scheduler's {@link SchedulerStatus.Status} as text and as JSON: what {@code scheduler status} prints, and the demo too. */
public final class SchedulerStatusReport {
    /** How the scheduler's times show in text: UTC, to the second. */
    public static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private SchedulerStatusReport() {}

    /** The status for people: one row per job, then the nodes. */
    public static void text(PrintWriter out, SchedulerStatus.Status status) {
        out.println("scheduler database: " + status.database());
        TextTable jobs = new TextTable(List.of(
                "job",
                "cron",
                "next fire (UTC)",
                "last fire",
                "done",
                "pending",
                "retrying",
                "failed",
                "behind",
                "awaiting labels",
                "last run"));
        for (SchedulerStatus.JobStatus job : status.jobs()) {
            jobs.row(List.of(
                    job.job().id(),
                    job.cron(),
                    time(job.nextFire()),
                    time(job.previousFire()),
                    String.valueOf(job.done()),
                    String.valueOf(job.pending() + job.running()),
                    String.valueOf(job.failedRetrying()),
                    String.valueOf(job.failedForGood()),
                    job.job() == JobName.SLO_HOURLY ? job.behind() + " h" : "",
                    job.job() == JobName.SLO_HOURLY ? job.awaitingLabels() + " h" : "",
                    job.lastRun().map(SchedulerStatusReport::describe).orElse("never")));
        }
        jobs.print(out);
        if (status.nodes().isEmpty()) {
            out.println("nodes: none running");
        } else {
            out.print("nodes:");
            status.nodes()
                    .forEach(n -> out.print(" " + n.id() + " ("
                            + (n.alive() ? "alive" : "last seen " + TIME.format(n.lastCheckin())) + ")"));
            out.println();
        }
        out.flush();
    }

    private static String describe(WorkLedger.Unit unit) {
        String key = unit.unit().key();
        String name = key.length() > 24 ? key.substring(0, 23) + "…" : key;
        return name + " " + unit.status().name().toLowerCase(Locale.ROOT)
                + unit.error()
                        .map(e -> ": " + (e.length() > 80 ? e.substring(0, 80) + "..." : e))
                        .orElse("");
    }

    private static String time(Optional<Instant> instant) {
        return instant.map(TIME::format).orElse("-");
    }

    /** The status as one JSON document. */
    public static void json(PrintWriter out, SchedulerStatus.Status status) {
        Json.print(out, Status.of(status));
    }

    /** What --format json writes. */
    record Status(String database, List<Job> jobs, List<Node> nodes) {
        static Status of(SchedulerStatus.Status status) {
            return new Status(
                    status.database(),
                    status.jobs().stream().map(Job::of).toList(),
                    status.nodes().stream()
                            .map(n -> new Node(n.id(), n.lastCheckin().toString(), n.alive()))
                            .toList());
        }
    }

    /** One job; {@code last_run} is left out when it never ran. */
    record Job(
            String job,
            String cron,
            String nextFire,
            String previousFire,
            long done,
            long pending,
            long running,
            long failedRetrying,
            long failed,
            String latestDone,
            long hoursBehind,
            long hoursAwaitingLabels,
            @JsonInclude(JsonInclude.Include.NON_NULL) Run lastRun) {
        static Job of(SchedulerStatus.JobStatus job) {
            return new Job(
                    job.job().id(),
                    job.cron(),
                    job.nextFire().map(Instant::toString).orElse(null),
                    job.previousFire().map(Instant::toString).orElse(null),
                    job.done(),
                    job.pending(),
                    job.running(),
                    job.failedRetrying(),
                    job.failedForGood(),
                    job.latestDone().orElse(null),
                    job.behind(),
                    job.awaitingLabels(),
                    job.lastRun().map(Run::of).orElse(null));
        }
    }

    record Run(String unit, String status, int attempts, String finished, String error) {
        static Run of(WorkLedger.Unit u) {
            return new Run(
                    u.unit().key(),
                    u.status().name(),
                    u.attempts(),
                    u.finished().map(Instant::toString).orElse(null),
                    u.error().orElse(null));
        }
    }

    record Node(String id, String lastCheckin, boolean alive) {}
}
