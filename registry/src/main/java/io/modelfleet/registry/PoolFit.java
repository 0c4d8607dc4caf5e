package io.modelfleet.registry;

import static java.util.Objects.requireNonNull;

import io.modelfleet.core.ModelfleetErrors;
import java.util.List;
import java.util.Locale;

/**
 * Whether a launch's resource increase fits its pool: the verdict both the full launch estimate and
 * the plan of a pull request give, from the same rule.
 *
 * <p>FITS when the increase fits in the pool's unused quota (quota minus what its models hold);
 * NEEDS_APPROVAL when it does not, but the team's other pools have the shortfall free (a pool owner
 * must approve moving quota); CANNOT_FIT otherwise.
 *
 * @param cpuIncrease cores the launch adds to the pool (negative: it frees some)
 * @param approvers the team's approvers, who approve moving quota
 */
public record PoolFit(
        String pool,
        String team,
        double cpuIncrease,
        double memoryGbIncrease,
        long gpuIncrease,
        double cpuFree,
        double memoryGbFree,
        long gpusFree,
        Verdict verdict,
        String reason,
        List<String> approvers) {
    public PoolFit {
        requireNonNull(pool, "pool is null");
        requireNonNull(team, "team is null");
        requireNonNull(verdict, "verdict is null");
        requireNonNull(reason, "reason is null");
        approvers = List.copyOf(approvers);
    }

    /** The pool's answer. */
    public enum Verdict {
        /** The increase fits in the pool's unused guaranteed quota. */
        FITS,
        /** It does not, but the team's other pools have the room: a pool owner must approve moving quota. */
        NEEDS_APPROVAL,
        /** Not even the team's pools together have the room. */
        CANNOT_FIT
    }

    /**
     * Judges adding {@code cpu} cores, {@code memoryGb} GiB and {@code gpus} GPUs to {@code poolId}.
     *
     * @throws io.modelfleet.core.ModelfleetException (user error) if no team declares the pool
     */
    public static PoolFit check(
            Registry registry, String poolId, String owningTeam, double cpu, double memoryGb, long gpus) {
        Team.Pool pool = registry.pools().get(poolId);
        if (pool == null) {
            throw ModelfleetErrors.unknownPool(poolId, owningTeam);
        }
        Resources used = registry.poolUsage(poolId);
        double cpuFree = pool.quota().cpu() - used.cpu();
        double memoryFree = pool.quota().memoryGb() - used.memoryGb();
        long gpusFree = pool.quota().gpus() - used.gpus();
        Team team = registry.team(pool.team()).orElseThrow();
        List<String> approvers = team.approvers();
        Verdict verdict;
        String reason;
        if (cpu <= cpuFree + 1e-9 && memoryGb <= memoryFree + 1e-9 && gpus <= gpusFree) {
            verdict = Verdict.FITS;
            reason = String.format(
                    Locale.ROOT,
                    "the increase fits in %s's unused quota (%,.0f cores, %,.0f GiB, %,d GPU(s) free)",
                    poolId,
                    cpuFree,
                    memoryFree,
                    gpusFree);
        } else {
            double cpuShort = Math.max(0, cpu - cpuFree);
            double memoryShort = Math.max(0, memoryGb - memoryFree);
            long gpusShort = Math.max(0, gpus - gpusFree);
            double otherCpu = 0;
            double otherMemory = 0;
            long otherGpus = 0;
            for (Team.Pool other : team.pools()) {
                if (!other.id().equals(poolId)) {
                    Resources otherUsed = registry.poolUsage(other.id());
                    otherCpu += Math.max(0, other.quota().cpu() - otherUsed.cpu());
                    otherMemory += Math.max(0, other.quota().memoryGb() - otherUsed.memoryGb());
                    otherGpus += Math.max(0, other.quota().gpus() - otherUsed.gpus());
                }
            }
            String shortfall = String.format(
                    Locale.ROOT,
                    "%s is short by %,.0f cores, %,.0f GiB, %,d GPU(s)",
                    poolId,
                    cpuShort,
                    memoryShort,
                    gpusShort);
            if (cpuShort <= otherCpu + 1e-9 && memoryShort <= otherMemory + 1e-9 && gpusShort <= otherGpus) {
                verdict = Verdict.NEEDS_APPROVAL;
                reason = shortfall + "; " + team.id() + "'s other pools have the room: a pool owner ("
                        + String.join(", ", approvers) + ") must approve moving quota";
            } else {
                verdict = Verdict.CANNOT_FIT;
                reason = shortfall + ", more than all of " + team.id()
                        + "'s pools have free: ask the ML platform team for quota, or make the model cheaper";
            }
        }
        return new PoolFit(
                poolId, team.id(), cpu, memoryGb, gpus, cpuFree, memoryFree, gpusFree, verdict, reason, approvers);
    }
}
