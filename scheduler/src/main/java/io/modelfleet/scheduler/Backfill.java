package io.modelfleet.scheduler;

import io.modelfleet.core.ModelfleetErrors;
import java.util.List;
import java.util.function.Function;

/**
 * Queues units of a job to be redone whole. A live node picks them up at its next firing; with no
 * node alive, the caller may process them itself (nothing else can be running the job then).
 */
public final class Backfill {
    /** @param processedHere whether this process computed them; else how many a node will */
    public record Result(int queued, boolean processedHere, int succeeded, List<String> aliveNodes) {}

    private Backfill() {}

    public static Result run(
            SchedulerSettings settings,
            JobName job,
            List<? extends WorkUnit> units,
            Clock clock,
            Function<WorkLedger, SchedulerRuntime> runtimeFactory) {
        if (job == JobName.REGISTRY_SNAPSHOT || job == JobName.LAUNCH_CONTROLLER) {
            throw ModelfleetErrors.notBackfillable(job.id());
        }
        List<String> alive = SchedulerStatus.read(settings, clock).nodes().stream()
                .filter(SchedulerStatus.Node::alive)
                .map(SchedulerStatus.Node::id)
                .toList();
        Database database = new Database(settings.database(), settings.user(), settings.password());
        try {
            WorkLedger ledger = new WorkLedger(database);
            ledger.requeue(job, units);
            if (!alive.isEmpty()) {
                return new Result(units.size(), false, 0, alive);
            }
            SchedulerRuntime runtime = runtimeFactory.apply(ledger);
            int succeeded = job == JobName.SLO_HOURLY
                    ? SloHourlyWork.compute(
                            runtime,
                            ledger.due(job, clock.now(), settings.job(job).maxAttempts()).stream()
                                    .filter(units::contains)
                                    .toList())
                    : UnitWork.daily(runtime);
            return new Result(units.size(), true, succeeded, alive);
        } finally {
            database.shutdown();
        }
    }
}
