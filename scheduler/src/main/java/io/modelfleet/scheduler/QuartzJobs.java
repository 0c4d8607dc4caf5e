package io.modelfleet.scheduler;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.InterruptableJob;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.SchedulerException;

/**
 * The Quartz jobs. Each is marked {@link DisallowConcurrentExecution}: with the JDBC job store
 * Quartz holds that across every node of a cluster, which is what lets the work ledger treat a
 * RUNNING unit found at the start of a run as abandoned.
 */
final class QuartzJobs {
    static final String RUNTIME = "modelfleet.runtime";

    private QuartzJobs() {}

    static SchedulerRuntime runtime(JobExecutionContext context) throws JobExecutionException {
        try {
            return (SchedulerRuntime) context.getScheduler().getContext().get(RUNTIME);
        } catch (SchedulerException e) {
            throw new JobExecutionException(e);
        }
    }

    abstract static class Base implements InterruptableJob {
        @Override
        public final void execute(JobExecutionContext context) throws JobExecutionException {
            SchedulerRuntime runtime = runtime(context);
            try {
                work(runtime);
            } catch (Exception e) {
                // Recorded, not rethrown: Quartz would only log it, and the next firing retries. (Exception:
                // Spark's Scala code throws checked exceptions undeclared.)
                runtime.progress(context.getJobDetail().getKey().getName() + ": run failed: " + e.getMessage());
            }
        }

        abstract void work(SchedulerRuntime runtime);

        @Override
        public void interrupt() {
            // The unit in hand finishes; SchedulerRuntime.stopping() keeps the job from taking another.
        }
    }

    @DisallowConcurrentExecution
    public static final class SloHourly extends Base implements Job {
        @Override
        void work(SchedulerRuntime runtime) {
            SloHourlyWork.run(runtime);
        }
    }

    @DisallowConcurrentExecution
    public static final class SloDaily extends Base implements Job {
        @Override
        void work(SchedulerRuntime runtime) {
            UnitWork.daily(runtime);
        }
    }

    @DisallowConcurrentExecution
    public static final class LaunchController extends Base implements Job {
        @Override
        void work(SchedulerRuntime runtime) {
            LaunchControllerWork.run(runtime);
        }
    }

    @DisallowConcurrentExecution
    public static final class RegistrySnapshot extends Base implements Job {
        @Override
        void work(SchedulerRuntime runtime) {
            UnitWork.snapshot(runtime);
        }
    }
}
