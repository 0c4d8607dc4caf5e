package io.modelfleet.scheduler;

import static java.util.Objects.requireNonNull;

import io.modelfleet.core.ModelfleetErrors;
import io.modelfleet.launcher.Launches;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TimeZone;
import java.util.UUID;
import java.util.function.Function;
import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
import org.quartz.ObjectAlreadyExistsException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.SchedulerRepository;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.utils.DBConnectionManager;

/**
 * One scheduler node: Quartz over the JDBC job store in the scheduler database (its tables created
 * from Quartz's own DDL on first start), clustered, so that several nodes on one shared database
 * split the firings and each job runs on one node at a time.
 */
public final class ModelfleetScheduler implements AutoCloseable {
    static final String GROUP = "modelfleet";
    /** Quartz's name for the cluster: every node's, and the SCHED_NAME of every row in its tables. */
    static final String SCHEDULER = "modelfleet";

    static final Map<JobName, Class<? extends Job>> JOBS = Map.of(
            JobName.SLO_HOURLY, QuartzJobs.SloHourly.class,
            JobName.SLO_DAILY, QuartzJobs.SloDaily.class,
            JobName.REGISTRY_SNAPSHOT, QuartzJobs.RegistrySnapshot.class,
            JobName.LAUNCH_CONTROLLER, QuartzJobs.LaunchController.class);

    private final Database database;
    private final SchedulerRuntime runtime;
    private final Scheduler quartz;
    private final String node;

    /**
     * @param node this node's id, unique in the cluster
     * @param runtimeFactory builds the runtime once the database (and so the ledger) is ready
     */
    public ModelfleetScheduler(
            SchedulerSettings settings, String node, Function<WorkLedger, SchedulerRuntime> runtimeFactory) {
        requireNonNull(settings, "settings is null");
        this.node = requireNonNull(node, "node is null");
        this.database = new Database(settings.database(), settings.user(), settings.password());
        database.createQuartzTables();
        WorkLedger ledger = new WorkLedger(database);
        ledger.createTable();
        Launches.createTables(database);
        this.runtime = runtimeFactory.apply(ledger);
        String dataSource = "modelfleet-" + UUID.randomUUID();
        DBConnectionManager.getInstance().addConnectionProvider(dataSource, database);
        Properties properties = new Properties();
        properties.setProperty("org.quartz.scheduler.instanceName", SCHEDULER);
        properties.setProperty("org.quartz.scheduler.instanceId", node);
        properties.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        properties.setProperty("org.quartz.threadPool.threadCount", "3");
        properties.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        properties.setProperty(
                "org.quartz.jobStore.driverDelegateClass",
                database.isH2()
                        ? "org.quartz.impl.jdbcjobstore.StdJDBCDelegate"
                        : "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
        properties.setProperty("org.quartz.jobStore.dataSource", dataSource);
        properties.setProperty("org.quartz.jobStore.isClustered", "true");
        properties.setProperty("org.quartz.jobStore.clusterCheckinInterval", "1000");
        properties.setProperty("org.quartz.jobStore.misfireThreshold", "5000");
        properties.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
        try {
            StdSchedulerFactory factory = new StdSchedulerFactory(properties);
            quartz = factory.getScheduler();
            // Nodes of one cluster share the scheduler name; Quartz's JVM-wide registry of schedulers by name
            // would refuse a second node in the same JVM (as in tests), and nothing here looks schedulers up in it.
            SchedulerRepository.getInstance().remove(quartz.getSchedulerName());
            quartz.getContext().put(QuartzJobs.RUNTIME, runtime);
            for (Map.Entry<JobName, Class<? extends Job>> job : JOBS.entrySet()) {
                schedule(job.getKey(), job.getValue(), settings.job(job.getKey()));
            }
        } catch (SchedulerException e) {
            database.shutdown();
            throw database.unavailable(e);
        }
    }

    private void schedule(JobName name, Class<? extends Job> type, JobSettings settings) throws SchedulerException {
        JobKey key = JobKey.jobKey(name.id(), GROUP);
        JobDetail detail = JobBuilder.newJob(type)
                .withIdentity(key)
                .storeDurably()
                .requestRecovery(true)
                .withDescription("modelfleet " + name)
                .build();
        TriggerKey triggerKey = TriggerKey.triggerKey(name.id(), GROUP);
        Trigger trigger = TriggerBuilder.newTrigger()
                .withIdentity(triggerKey)
                .forJob(key)
                .withSchedule(CronScheduleBuilder.cronSchedule(settings.cron())
                        .inTimeZone(TimeZone.getTimeZone("UTC"))
                        .withMisfireHandlingInstructionFireAndProceed())
                .build();
        Trigger existing = quartz.getTrigger(triggerKey);
        if (existing == null) {
            quartz.addJob(detail, true);
            try {
                quartz.scheduleJob(trigger);
                return;
            } catch (ObjectAlreadyExistsException e) {
                // Another node starting at the same moment scheduled it first: keep its trigger if it agrees.
                existing = quartz.getTrigger(triggerKey);
            }
        }
        if (!(existing instanceof CronTrigger cron) || !cron.getCronExpression().equals(settings.cron())) {
            quartz.addJob(detail, true);
            quartz.rescheduleJob(triggerKey, trigger);
        }
    }

    public void start() {
        try {
            quartz.start();
        } catch (SchedulerException e) {
            throw database.unavailable(e);
        }
    }

    public String node() {
        return node;
    }

    public SchedulerRuntime runtime() {
        return runtime;
    }

    /** Runs one job now on this node (the cluster still runs it on one node at a time). */
    public void triggerNow(JobName job) {
        try {
            quartz.triggerJob(JobKey.jobKey(job.id(), GROUP));
        } catch (SchedulerException e) {
            throw ModelfleetErrors.cannotTrigger(job.id(), e);
        }
    }

    /**
     * A node that stopped cleanly leaves the cluster: 'scheduler status' then shows only nodes that
     * run, or died. Quartz acquires a trigger ahead of its fire time and does not give it back when it
     * shuts down; a node that died is recovered by the others, which hand its triggers back, but one
     * that left would keep them, and their jobs would fire nowhere until a node of its id started
     * again. So its acquired triggers are handed back first, under Quartz's own lock on triggers. A
     * node with a job still executing (stopped at once) stays, for the others to recover.
     */
    private void forgetNode() {
        try (Connection connection = database.getConnection()) {
            connection.setAutoCommit(false);
            try {
                leaveCluster(connection);
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
            }
        } catch (SQLException e) {
            // Left as is, the row only makes the node show as "last seen" in status, until the others recover it.
        }
    }

    private void leaveCluster(Connection tx) throws SQLException {
        try (PreparedStatement lock = tx.prepareStatement(
                "SELECT LOCK_NAME FROM QRTZ_LOCKS WHERE SCHED_NAME = ? AND LOCK_NAME = 'TRIGGER_ACCESS' FOR UPDATE")) {
            lock.setString(1, SCHEDULER);
            lock.executeQuery().close();
        }
        try (PreparedStatement executing = tx.prepareStatement("SELECT COUNT(*) FROM QRTZ_FIRED_TRIGGERS"
                + " WHERE SCHED_NAME = ? AND INSTANCE_NAME = ? AND STATE <> 'ACQUIRED'")) {
            executing.setString(1, SCHEDULER);
            executing.setString(2, node);
            try (ResultSet rows = executing.executeQuery()) {
                rows.next();
                if (rows.getLong(1) > 0) {
                    return;
                }
            }
        }
        try (PreparedStatement release = tx.prepareStatement(
                        "UPDATE QRTZ_TRIGGERS SET TRIGGER_STATE = 'WAITING'"
                                + " WHERE SCHED_NAME = ? AND TRIGGER_STATE = 'ACQUIRED' AND EXISTS (SELECT 1 FROM QRTZ_FIRED_TRIGGERS F"
                                + " WHERE F.SCHED_NAME = QRTZ_TRIGGERS.SCHED_NAME AND F.TRIGGER_NAME = QRTZ_TRIGGERS.TRIGGER_NAME"
                                + " AND F.TRIGGER_GROUP = QRTZ_TRIGGERS.TRIGGER_GROUP AND F.INSTANCE_NAME = ? AND F.STATE = 'ACQUIRED')");
                PreparedStatement forget = tx.prepareStatement(
                        "DELETE FROM QRTZ_FIRED_TRIGGERS WHERE SCHED_NAME = ? AND INSTANCE_NAME = ?");
                PreparedStatement leave = tx.prepareStatement(
                        "DELETE FROM QRTZ_SCHEDULER_STATE WHERE SCHED_NAME = ? AND INSTANCE_NAME = ?")) {
            for (PreparedStatement statement : List.of(release, forget, leave)) {
                statement.setString(1, SCHEDULER);
                statement.setString(2, node);
                statement.executeUpdate();
            }
        }
    }

    /** Stops taking work; the unit in hand finishes, then the node stops. */
    @Override
    public void close() {
        runtime.stop();
        try {
            List<JobExecutionContext> running = quartz.getCurrentlyExecutingJobs();
            for (JobExecutionContext context : running) {
                quartz.interrupt(context.getFireInstanceId());
            }
            quartz.shutdown(true);
            forgetNode();
        } catch (SchedulerException e) {
            // Shutting down anyway: the ledger puts an interrupted unit back in the queue on the next run.
        } finally {
            database.shutdown();
        }
    }
}
