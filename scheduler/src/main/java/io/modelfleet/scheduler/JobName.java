package io.modelfleet.scheduler;

import io.modelfleet.core.ModelfleetErrors;
import java.util.Arrays;
import java.util.Locale;

/** The scheduler's jobs, and the kind of unit each works in. */
public enum JobName {
    /** Every complete hour's SLOs: units are hours. */
    SLO_HOURLY,
    /** Rollups of complete days: units are days. */
    SLO_DAILY,
    /** A snapshot per registry version: units are registry versions. */
    REGISTRY_SNAPSHOT,
    /** Advances every open launch one step per firing; it has no units of work. */
    LAUNCH_CONTROLLER;

    /** The name in modelfleet.yaml, the ledger, {@code job_runs} and on the command line: {@code slo-hourly}, … */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Reads a unit of this job from its key in the ledger. */
    public WorkUnit unit(String key) {
        return switch (this) {
            case SLO_HOURLY -> WorkUnit.hour(key);
            case SLO_DAILY -> WorkUnit.day(key);
            case REGISTRY_SNAPSHOT -> new WorkUnit.RegistryVersion(key);
            case LAUNCH_CONTROLLER -> throw new IllegalArgumentException("launch-controller has no units of work");
        };
    }

    public static JobName fromId(String id) {
        for (JobName job : values()) {
            if (job.id().equals(id)) {
                return job;
            }
        }
        throw ModelfleetErrors.unknownJob(
                id, Arrays.stream(values()).map(JobName::id).toList());
    }

    @Override
    public String toString() {
        return id();
    }
}
