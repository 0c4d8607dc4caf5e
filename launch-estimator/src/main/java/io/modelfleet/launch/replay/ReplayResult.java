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
 * @param quality per hour, the sums of the production and candidate predictions on the logged
 *     impressions, at the candidate's stage
 */
public record ReplayResult(List<HourRate> rates, List<Sample> samples, Map<Hour, Quality> quality) {
    /** Both variants' sums over some impressions. */
    public record Quality(HourSums production, HourSums candidate) {
        public static final Quality EMPTY = new Quality(HourSums.EMPTY, HourSums.EMPTY);

        public HourSums of(Variant variant) {
            return variant == Variant.PRODUCTION ? production : candidate;
        }

        /** These sums with {@code sums} added to {@code variant}'s. */
        public Quality plus(Variant variant, HourSums sums) {
            return variant == Variant.PRODUCTION
                    ? new Quality(production.plus(sums), candidate)
                    : new Quality(production, candidate.plus(sums));
        }
    }

    /** @param productionRps requests per second in production: recorded requests over their sample rates */
    public record HourRate(Hour hour, long recorded, double productionRps) {}

    /** One stage of one sampled request on one variant: CPU time, counted FLOPs, candidates scored. */
    public record Sample(long epochHour, int stage, Variant variant, long cpuNanos, long flops, int candidates)
            implements Serializable {}
}
