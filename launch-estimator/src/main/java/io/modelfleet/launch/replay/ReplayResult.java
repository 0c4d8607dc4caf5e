package io.modelfleet.launch.replay;

import io.modelfleet.core.Hour;
import io.modelfleet.core.slo.HourSums;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * What a replay measured.
 *
 * @param rates recorded requests and the production request rate, per hour
 * @param samples one per sampled request, stage and side
 * @param quality per hour, the sums of the production (index 0) and candidate (1) predictions on
 *     the logged impressions, at the candidate's stage
 */
public record ReplayResult(List<HourRate> rates, List<Sample> samples, Map<Hour, HourSums[]> quality) {
    public static final int PRODUCTION = 0;
    public static final int CANDIDATE = 1;

    /** @param productionRps requests per second in production: recorded requests over their sample rates */
    public record HourRate(Hour hour, long recorded, double productionRps) {}

    /** One stage of one sampled request on one side: CPU time, counted FLOPs, candidates scored. */
    public record Sample(long epochHour, int stage, int side, long cpuNanos, long flops, int candidates)
            implements Serializable {}
}
