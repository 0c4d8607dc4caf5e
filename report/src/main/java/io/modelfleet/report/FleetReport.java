package io.modelfleet.report;

import io.modelfleet.core.Hour;
import java.time.Instant;
import java.util.List;

/**
 * Everything the report shows, already aggregated: the page is drawn from these values alone, so its
 * size follows the number of tiers, days and flagged models, never the number of rows behind them.
 *
 * @param from first hour of the period
 * @param to end of the period (exclusive)
 * @param generatedAt when the report was made
 * @param registryVersion the registry the facts come from
 * @param heatmap model-hours by tier and hour, for every tier and hour of the period that has any
 * @param budgets models whose error budget burns (page or ticket), most urgent first
 * @param trends stability per day by funnel stage, surface and tier
 * @param models the flagged models (and any asked for), most urgent first
 * @param flaggedNotShown flagged models beyond the report's section limit, listed by id only
 * @param launches the fleet's launches, open ones first
 * @param dataQuality what the logs say about the logging itself
 */
public record FleetReport(
        Hour from,
        Hour to,
        Instant generatedAt,
        String registryVersion,
        List<TierHour> heatmap,
        List<BudgetLine> budgets,
        List<TrendPoint> trends,
        List<ModelSection> models,
        List<String> flaggedNotShown,
        List<LaunchLine> launches,
        DataQuality dataQuality) {

    public FleetReport {
        heatmap = List.copyOf(heatmap);
        budgets = List.copyOf(budgets);
        trends = List.copyOf(trends);
        models = List.copyOf(models);
        flaggedNotShown = List.copyOf(flaggedNotShown);
        launches = List.copyOf(launches);
    }

    /**
     * How many of one tier's models were in each status in one hour, and how many of those were
     * provisional (judged before their labels were complete).
     */
    public record TierHour(
            String tier, Hour hour, long stable, long unstable, long insufficient, long noData, long provisional) {
        /** An hour whose model-hours are all final. */
        public TierHour(String tier, Hour hour, long stable, long unstable, long insufficient, long noData) {
            this(tier, hour, stable, unstable, insufficient, noData, 0);
        }

        public long models() {
            return stable + unstable + insufficient + noData;
        }
    }

    /** A model whose error budget burns, from the latest day of {@code slo_daily} in the period. */
    public record BudgetLine(
            String modelId,
            String tier,
            String team,
            String oncall,
            String alert,
            String ds,
            Double budgetRemaining,
            Double burnRate6h,
            Double burnRate24h) {}

    /** One day's stability of one funnel stage, surface or tier ({@code slo_daily_rollup}). */
    public record TrendPoint(
            String dimension,
            String value,
            String ds,
            long models,
            long evaluatedHours,
            long unstableHours,
            Double stability) {}

    /**
     * One model's page.
     *
     * @param flaggedBecause why it is flagged; null for a model drawn only because it was asked for
     */
    public record ModelSection(
            ModelFacts facts,
            String flaggedBecause,
            Thresholds thresholds,
            List<HourPoint> hours,
            List<LaunchLine> launches) {
        public ModelSection {
            hours = List.copyOf(hours);
            launches = List.copyOf(launches);
        }

        public boolean flagged() {
            return flaggedBecause != null;
        }
    }

    /** What the registry says about a model. */
    public record ModelFacts(
            String modelId,
            String tier,
            String type,
            String surface,
            String funnelStage,
            String team,
            String oncall,
            String pool,
            String servingVersion,
            String slo,
            String sloException) {}

    /** The latest thresholds a model was judged against. */
    public record Thresholds(double calibrationMin, double calibrationMax, double neRegressionLimit, long minEvents) {}

    /**
     * One judged hour of one model; metrics are null where undefined. {@code provisional}: judged
     * before its labels were complete.
     */
    public record HourPoint(
            Hour hour,
            String status,
            Double calibration,
            Double calibrationLo,
            Double calibrationHi,
            Double ne,
            Double neLo,
            Double neHi,
            Double neBaseline,
            long rows,
            long events,
            long invalidRows,
            long unlabeledRows,
            String reasons,
            boolean provisional) {}

    /** One launch of a model. */
    public record LaunchLine(
            String launch, String model, String state, String candidate, String step, String waitingFor) {}

    /** Model ids the registry does not know, serving models that logged nothing, and invalid-row rates. */
    public record DataQuality(List<Unregistered> unregistered, List<Orphan> orphans, List<InvalidRate> invalidRates) {
        public DataQuality {
            unregistered = List.copyOf(unregistered);
            orphans = List.copyOf(orphans);
            invalidRates = List.copyOf(invalidRates);
        }
    }

    public record Unregistered(String modelId, long rows, long hours, Hour lastSeen) {}

    public record Orphan(String modelId, String tier, String team, long hours) {}

    public record InvalidRate(String modelId, String tier, long rows, long invalidRows) {
        public double rate() {
            return rows == 0 ? 0 : (double) invalidRows / rows;
        }
    }
}
