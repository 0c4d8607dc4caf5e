package io.modelfleet.cli.render;

import io.modelfleet.cli.registry.ProfileEstimator;
import io.modelfleet.registry.Diagnostic;
import io.modelfleet.registry.Model;
import io.modelfleet.registry.PoolFit;
import io.modelfleet.registry.RegistryDiff;
import io.modelfleet.registry.RegistryPlan;
import io.modelfleet.registry.Resources;
import io.modelfleet.registry.TrafficProfile;
import io.modelfleet.registry.ValidationReport;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.UnaryOperator;

/**
 * {@code registry diff}'s default output: the plan a pull-request comment shows. Its first line is
 * {@link #MARKER}, by which the CI action finds its own comment to edit it in place.
 */
public final class DiffMarkdown {
    /** The comment's first line, hidden when rendered; the GitHub Action keys on it. Never change it. */
    public static final String MARKER = "<!-- modelfleet-plan -->";

    /** Findings listed in the comment; the rest are counted, and {@code registry validate} lists them all. */
    static final int FINDINGS_SHOWN = 5;

    /**
     * Why the plan shows no launch verdict without a traffic profile: what {@code launch estimate}
     * reads that a registry does not hold.
     */
    public static final String ESTIMATE_NEEDS = "The estimate sizes each stage for the peak hour of recorded traffic"
            + " (its request rate, and the candidates each request sources), replayed through the funnel with Spark;"
            + " a registry repository holds neither.";

    private DiffMarkdown() {}

    /**
     * The plan for a pull-request comment.
     *
     * @param path turns a registry-relative file into the path to show (e.g. from the repository's top)
     */
    public static String of(RegistryPlan plan, String baseLabel, String headLabel, UnaryOperator<String> path) {
        StringBuilder md = new StringBuilder();
        md.append(MARKER).append('\n');
        md.append("## Registry plan: `")
                .append(baseLabel)
                .append("` → `")
                .append(headLabel)
                .append("`\n\n");
        validation(md, plan, path);
        RegistryDiff.Result result = plan.diff();
        if (result.isEmpty() && plan.pools().isEmpty() && plan.launches().isEmpty()) {
            return md.append("No model changes.\n").toString();
        }
        md.append("**")
                .append(result.added().size())
                .append(" added, ")
                .append(result.removed().size())
                .append(" removed, ")
                .append(result.changed().size())
                .append(" changed**");
        if (!result.secondLook().isEmpty()) {
            int flags = result.secondLook().size();
            md.append(" · ⚠️ ")
                    .append(flags)
                    .append(flags == 1 ? " needs" : " need")
                    .append(" a second look");
        }
        long over = plan.pools().stream()
                .filter(RegistryPlan.PoolCapacity::overQuota)
                .count();
        if (over > 0) {
            md.append(" · ❌ ")
                    .append(over)
                    .append(over == 1 ? " pool" : " pools")
                    .append(" over quota");
        }
        md.append("\n\n");
        secondLook(md, result);
        capacity(md, plan);
        launches(md, plan, path);
        added(md, result);
        removed(md, result);
        changed(md, result, path);
        return md.toString();
    }

    private static void validation(StringBuilder md, RegistryPlan plan, UnaryOperator<String> path) {
        ValidationReport report = plan.head();
        long errors = report.errorCount();
        long warnings = report.diagnostics().size() - errors;
        if (errors == 0) {
            md.append("✅ **Valid**: ")
                    .append(report.registry().models().size())
                    .append(" models, ")
                    .append(report.registry().teams().size())
                    .append(" teams, ")
                    .append(count(warnings, "warning"))
                    .append(".\n\n");
        } else {
            md.append("❌ **")
                    .append(count(errors, "error"))
                    .append("**")
                    .append(warnings > 0 ? ", " + count(warnings, "warning") : "")
                    .append(leftOut(plan.leftOut(), path))
                    .append("\n\n");
        }
        List<Diagnostic> shown = report.diagnostics().stream()
                .sorted(Comparator.comparing(Diagnostic::severity).thenComparing(Comparator.naturalOrder()))
                .limit(FINDINGS_SHOWN)
                .toList();
        for (Diagnostic d : shown) {
            md.append("- ")
                    .append(d.severity() == Diagnostic.Severity.ERROR ? "error" : "warning")
                    .append(" `")
                    .append(path.apply(d.file()))
                    .append(':')
                    .append(d.line())
                    .append(':')
                    .append(d.column())
                    .append("` **[")
                    .append(d.rule())
                    .append("]** ")
                    .append(inline(d.message()))
                    .append('\n');
        }
        int more = report.diagnostics().size() - shown.size();
        if (more > 0) {
            md.append("- … and ")
                    .append(more)
                    .append(" more: `modelfleet registry validate` lists every finding with a hint\n");
        }
        if (!shown.isEmpty()) {
            md.append('\n');
        }
    }

    /** Which files the numbers below cannot see, or nothing when every file with an error still loaded. */
    private static String leftOut(List<String> files, UnaryOperator<String> path) {
        if (files.isEmpty()) {
            return ".";
        }
        return ": " + (files.size() == 1 ? "this file is" : "these files are") + " left out of the changes and"
                + " capacity below, as if deleted: "
                + String.join(
                        ", ", files.stream().map(f -> "`" + path.apply(f) + "`").toList()) + ".";
    }

    private static void secondLook(StringBuilder md, RegistryDiff.Result result) {
        if (result.secondLook().isEmpty()) {
            return;
        }
        md.append("### ⚠️ Needs a second look\n\n");
        for (RegistryDiff.Flag flag : result.secondLook()) {
            md.append("- **")
                    .append(flag.kind())
                    .append("** `")
                    .append(flag.subject())
                    .append("`: ")
                    .append(inline(flag.reason()))
                    .append('\n');
        }
        md.append('\n');
    }

    private static void capacity(StringBuilder md, RegistryPlan plan) {
        if (plan.pools().isEmpty()) {
            return;
        }
        md.append("### Capacity by pool\n\n")
                .append("Replicas × resources per replica of each pool's active and shadow models, before → after,")
                .append(" against the pool's quota (`teams/*.yaml`).\n\n")
                .append("| pool | team | cores | memory (GiB) | GPUs |\n|---|---|---|---|---|\n");
        for (RegistryPlan.PoolCapacity pool : plan.pools()) {
            md.append("| `")
                    .append(pool.pool())
                    .append("`")
                    .append(pool.overQuota() ? " ❌ over quota" : "")
                    .append(" | ")
                    .append(pool.team().orElse("_(no team)_"))
                    .append(" | ")
                    .append(usage(
                            pool.before().cpu(),
                            pool.after().cpu(),
                            pool.quotaBefore().map(Resources::cpu),
                            pool.quotaAfter().map(Resources::cpu)))
                    .append(" | ")
                    .append(usage(
                            pool.before().memoryGb(),
                            pool.after().memoryGb(),
                            pool.quotaBefore().map(Resources::memoryGb),
                            pool.quotaAfter().map(Resources::memoryGb)))
                    .append(" | ")
                    .append(usage(
                            pool.before().gpus(),
                            pool.after().gpus(),
                            pool.quotaBefore().map(q -> (double) q.gpus()),
                            pool.quotaAfter().map(q -> (double) q.gpus())))
                    .append(" |\n");
        }
        md.append('\n');
        for (RegistryPlan.PoolCapacity pool : plan.pools()) {
            for (RegistryPlan.ModelCapacity model : pool.models()) {
                md.append("- `")
                        .append(model.id())
                        .append("` in `")
                        .append(pool.pool())
                        .append("`: ")
                        .append(replicas(model.replicasBefore(), model.replicasAfter()))
                        .append(": ")
                        .append(change(model.before(), model.after()))
                        .append('\n');
            }
        }
        md.append('\n');
    }

    /** {@code 768 → 960 (+192) of 1,280 (75%)}; one number where nothing moved. */
    static String usage(double before, double after, Optional<Double> quotaBefore, Optional<Double> quotaAfter) {
        StringBuilder cell = new StringBuilder(number(before));
        if (before != after) {
            cell.append(" → ")
                    .append(number(after))
                    .append(" (")
                    .append(signed(after - before))
                    .append(')');
        }
        if (quotaAfter.isEmpty()) {
            return cell.append(" (no such pool at head)").toString();
        }
        cell.append(" of ");
        if (quotaBefore.isPresent() && !quotaBefore.equals(quotaAfter)) {
            cell.append(number(quotaBefore.get())).append(" → ");
        }
        cell.append(number(quotaAfter.get()));
        if (quotaAfter.get() > 0) {
            cell.append(String.format(Locale.ROOT, " (%.0f%%)", 100 * after / quotaAfter.get()));
        }
        if (after > quotaAfter.get() + 1e-9) {
            cell.append(" ❌");
        }
        return cell.toString();
    }

    private static String replicas(OptionalLong before, OptionalLong after) {
        if (before.isEmpty()) {
            return "now here, " + after.getAsLong() + " replicas";
        }
        if (after.isEmpty()) {
            return "no longer here (" + before.getAsLong() + " replicas)";
        }
        return before.getAsLong() == after.getAsLong()
                ? after.getAsLong() + " replicas"
                : "replicas " + before.getAsLong() + " → " + after.getAsLong();
    }

    /** {@code +192 cores, +768 GiB, +12 GPUs}, leaving out what did not move. */
    private static String change(Resources before, Resources after) {
        List<String> parts = new ArrayList<>();
        if (before.cpu() != after.cpu()) {
            parts.add(signed(after.cpu() - before.cpu()) + " cores");
        }
        if (before.memoryGb() != after.memoryGb()) {
            parts.add(signed(after.memoryGb() - before.memoryGb()) + " GiB");
        }
        if (before.gpus() != after.gpus()) {
            parts.add(signed(after.gpus() - before.gpus()) + " GPUs");
        }
        return parts.isEmpty() ? "no change" : String.join(", ", parts);
    }

    private static void launches(StringBuilder md, RegistryPlan plan, UnaryOperator<String> path) {
        if (plan.launches().isEmpty()) {
            return;
        }
        md.append("### Launch requests\n\n");
        for (RegistryPlan.LaunchRequest request : plan.launches()) {
            String file = path.apply(request.launch().file());
            md.append("#### `")
                    .append(request.launch().id())
                    .append("`: ")
                    .append(request.change() == RegistryPlan.LaunchChange.ADDED ? "new" : "changed")
                    .append(" (")
                    .append(file)
                    .append(")\n\n");
            md.append("`")
                    .append(request.launch().model())
                    .append("` ")
                    .append(request.production().map(m -> m.serving().version()).orElse("(not a registered model)"))
                    .append(" → ")
                    .append(request.launch().candidate().version())
                    .append(request.pool().map(p -> " in pool `" + p + "`").orElse(""))
                    .append("\n\n");
            request.production()
                    .ifPresent(m -> md.append("- **Production today**: ")
                            .append(m.serving().replicas())
                            .append(" replicas × ")
                            .append(resources(m.serving().resources()))
                            .append(" = ")
                            .append(resources(
                                    m.serving().resources().times(m.serving().replicas())))
                            .append('\n'));
            request.production().ifPresent(m -> {
                long now = ScorerFlops.perCandidate(m.serving().scorer());
                long next =
                        ScorerFlops.perCandidate(request.launch().candidate().scorer());
                md.append("- **Scorer**: ")
                        .append(ScorerFlops.shape(m.serving().scorer()))
                        .append(" → ")
                        .append(ScorerFlops.shape(request.launch().candidate().scorer()))
                        .append(", ")
                        .append(number(now))
                        .append(" → ")
                        .append(number(next))
                        .append(" FLOPs per candidate scored")
                        .append(now > 0 ? String.format(Locale.ROOT, " (×%.2f)", (double) next / now) : "")
                        .append('\n');
            });
            md.append("- **Candidate**: ");
            String perReplica =
                    request.perReplica().map(DiffMarkdown::resources).orElse("resources unknown");
            Optional<Resources> deployment = request.deployment();
            if (deployment.isPresent()) {
                md.append(request.replicas().getAsLong())
                        .append(" replicas × ")
                        .append(perReplica)
                        .append(" = ")
                        .append(resources(deployment.get()))
                        .append(", reserved in the pool while production keeps serving\n");
            } else {
                md.append(perReplica)
                        .append(" per replica; replicas left to the launch estimate, so the deployment's size is not")
                        .append(" known until it runs\n");
            }
            request.poolFree().ifPresent(free -> {
                md.append("- **Pool free at head**: ").append(resources(free));
                deployment.ifPresent(d -> md.append(
                        d.fitsWithin(free)
                                ? " (the candidate's deployment fits)"
                                : " ❌ (the candidate's deployment does not fit: preparation would wait for quota)"));
                md.append('\n');
            });
            estimate(md, ProfileEstimator.estimate(plan.head().registry(), request), file, path);
            md.append('\n');
        }
    }

    /** The launch estimate's verdict from the surface's traffic profile, or why there is none and how to get one. */
    private static void estimate(
            StringBuilder md, ProfileEstimator.Outcome outcome, String file, UnaryOperator<String> path) {
        String full = "`modelfleet launch submit " + file + "`";
        if (outcome instanceof ProfileEstimator.Sized sized) {
            TrafficProfile profile = sized.profile();
            PoolFit pool = sized.pool();
            md.append("- **Estimate from the traffic profile** (")
                    .append(path.apply(profile.file()))
                    .append(" of ")
                    .append(profile.profiledAt().atOffset(ZoneOffset.UTC).toLocalDate())
                    .append(", peak ")
                    .append(profile.peak().hour())
                    .append(" at ")
                    .append(number(Math.round(profile.peak().productionRps())))
                    .append(" requests/s): **")
                    .append(pool.verdict().name())
                    .append("**: ")
                    .append(inline(pool.reason()))
                    .append('\n');
            for (ProfileEstimator.StagePlan stage : sized.stages()) {
                md.append("  - ")
                        .append(stage.stage())
                        .append(" `")
                        .append(stage.model())
                        .append("`: ")
                        .append(stage.production().replicas())
                        .append(stage.changed() ? " → " + stage.candidate().replicas() : "")
                        .append(" replicas for p99 ≤ ")
                        .append(number(stage.objectiveMs()))
                        .append(" ms at ")
                        .append(number(Math.round(stage.sizedRps())))
                        .append(" requests/s (N+2; ")
                        .append(stage.registryReplicas())
                        .append(" in the registry today)\n");
            }
            md.append("  - Pool `")
                    .append(pool.pool())
                    .append("`: ")
                    .append(signed(pool.cpuIncrease()))
                    .append(" cores, ")
                    .append(signed(pool.memoryGbIncrease()))
                    .append(" GiB, ")
                    .append(signed(pool.gpuIncrease()))
                    .append(" GPUs against ")
                    .append(number(pool.cpuFree()))
                    .append(" cores, ")
                    .append(number(pool.memoryGbFree()))
                    .append(" GiB, ")
                    .append(number(pool.gpusFree()))
                    .append(" GPUs free\n");
            md.append("  - A profile-based estimate: the recorded traffic's peak rate and candidates per request as")
                    .append(" of the profile, the stages sized as `launch estimate` sizes them. The full estimate")
                    .append(" replays the traffic itself: ")
                    .append(full)
                    .append(" runs it and records the launch for its approvers.\n");
        } else if (outcome instanceof ProfileEstimator.NoProfile none) {
            md.append("- **Estimate** (FITS / NEEDS_APPROVAL / CANNOT_FIT, replicas per stage): not shown. ")
                    .append(ESTIMATE_NEEDS)
                    .append(" This registry has no traffic profile of `")
                    .append(none.surface())
                    .append("` (")
                    .append(path.apply("traffic/" + none.surface() + ".yaml"))
                    .append("): `modelfleet launch profile --surface ")
                    .append(none.surface())
                    .append(" --out ")
                    .append(path.apply("traffic/" + none.surface() + ".yaml"))
                    .append("`, where the traffic is, writes one, and the plan then shows the verdict. ")
                    .append(full)
                    .append(" estimates it from the traffic and records the launch for its approvers.\n");
        } else if (outcome instanceof ProfileEstimator.Unavailable unavailable) {
            md.append("- **Estimate**: not shown from the traffic profile: ")
                    .append(inline(unavailable.reason()))
                    .append(". ")
                    .append(full)
                    .append(" estimates it from the traffic and says what to fix.\n");
        }
    }

    private static void added(StringBuilder md, RegistryDiff.Result result) {
        if (result.added().isEmpty()) {
            return;
        }
        md.append("### Added\n\n| model | type | tier | team | pool | surface | stage | replicas |\n")
                .append("|---|---|---|---|---|---|---|---|\n");
        for (Model m : result.added()) {
            md.append("| `")
                    .append(m.id())
                    .append("` | ")
                    .append(m.type())
                    .append(" | ")
                    .append(m.tier())
                    .append(" | ")
                    .append(m.owner().team())
                    .append(" | ")
                    .append(m.pool())
                    .append(" | ")
                    .append(m.surface())
                    .append(" | ")
                    .append(m.funnelStage().id())
                    .append(" | ")
                    .append(m.serving().replicas())
                    .append(" |\n");
        }
        md.append('\n');
    }

    private static void removed(StringBuilder md, RegistryDiff.Result result) {
        if (result.removed().isEmpty()) {
            return;
        }
        md.append("### Removed\n\n| model | tier | team | lifecycle |\n|---|---|---|---|\n");
        for (Model m : result.removed()) {
            md.append("| `")
                    .append(m.id())
                    .append("` | ")
                    .append(m.tier())
                    .append(" | ")
                    .append(m.owner().team())
                    .append(" | ")
                    .append(m.lifecycle().id())
                    .append(" |\n");
        }
        md.append('\n');
    }

    private static void changed(StringBuilder md, RegistryDiff.Result result, UnaryOperator<String> path) {
        if (result.changed().isEmpty()) {
            return;
        }
        md.append("### Changed\n\n");
        for (RegistryDiff.ModelChange change : result.changed()) {
            md.append("#### `")
                    .append(change.id())
                    .append("` (")
                    .append(path.apply(change.file()))
                    .append(")\n\n")
                    .append("| field | before | after |\n|---|---|---|\n");
            for (RegistryDiff.FieldChange field : change.fields()) {
                md.append("| `")
                        .append(field.field())
                        .append("` | ")
                        .append(cell(field.before()))
                        .append(" | ")
                        .append(cell(field.after()))
                        .append(" |\n");
            }
            md.append('\n');
        }
    }

    /** {@code 16 cores, 64 GiB, 1 GPU}. */
    static String resources(Resources r) {
        return number(r.cpu()) + " cores, " + number(r.memoryGb()) + " GiB, " + r.gpus()
                + (r.gpus() == 1 ? " GPU" : " GPUs");
    }

    /** {@code 8,304} or {@code 0.5}: thousands grouped, at most three decimals, none when whole. */
    static String number(double value) {
        return new DecimalFormat("#,##0.###", DecimalFormatSymbols.getInstance(Locale.ROOT)).format(value);
    }

    private static String signed(double value) {
        return (value > 0 ? "+" : value < 0 ? "-" : "±") + number(Math.abs(value));
    }

    private static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /** Text safe on one markdown line: no line breaks. */
    private static String inline(String text) {
        return text.replace('\n', ' ');
    }

    private static String cell(Optional<String> value) {
        return value.map(v -> "`" + v.replace("|", "\\|").replace("`", "'") + "`")
                .orElse("_(none)_");
    }
}
