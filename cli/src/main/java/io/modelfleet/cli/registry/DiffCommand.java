package io.modelfleet.cli.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelfleet.cli.BaseCommand;
import io.modelfleet.cli.ExitCodes;
import io.modelfleet.cli.options.FormatOption;
import io.modelfleet.cli.options.Formats;
import io.modelfleet.cli.options.OutputFormat;
import io.modelfleet.cli.options.RegistryFolderOptions;
import io.modelfleet.cli.render.DiffMarkdown;
import io.modelfleet.cli.render.Json;
import io.modelfleet.cli.render.ScorerFlops;
import io.modelfleet.registry.Diagnostic;
import io.modelfleet.registry.Model;
import io.modelfleet.registry.PoolFit;
import io.modelfleet.registry.RegistryDiff;
import io.modelfleet.registry.RegistryPlan;
import io.modelfleet.registry.Resources;
import io.modelfleet.registry.TrafficProfile;
import io.modelfleet.registry.ValidationReport;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "diff",
        mixinStandardHelpOptions = true,
        description = "The plan of a registry change, for a pull-request comment: validation, models, capacity.",
        footer = {
            "",
            "Compares the registry folder as it is on disk with the same folder at --base, and shows:",
            "  - the head's validation (the checks of 'registry validate'): valid, or its errors with file:line;",
            "  - models added, removed and changed field by field;",
            "  - what needs a second look: tier changes, owner and pool changes, loosened SLOs, removed critical",
            "    models, deleted deprecated models (their id is no longer reserved), new or changed launches;",
            "  - capacity per pool: cores, memory and GPUs the pool's models hold before and after, against",
            "    its quota (teams/*.yaml), over-quota pools marked;",
            "  - for each new or changed launches/*.yaml: the capacity it asks for and its pool's free quota,",
            "    and the launch estimate's verdict (FITS / NEEDS_APPROVAL / CANNOT_FIT) and replicas per stage,",
            "    sized from the surface's traffic profile (traffic/<surface>.yaml, written by 'launch profile')",
            "    as 'launch estimate' sizes them; without a profile, how to write one. The full estimate replays",
            "    the traffic with Spark ('launch submit').",
            "The markdown starts with the line " + DiffMarkdown.MARKER + " so a CI job can find and edit",
            "its own comment. The exit code is 0 even when the head is invalid ('registry validate' fails",
            "the build); --fail-on-flags exits 1 when something needs a second look.",
            "",
            "Examples:",
            "  modelfleet registry diff --base origin/main registry > plan.md",
            "  modelfleet registry diff --base HEAD~1 --format json | jq '.pools[] | select(.over_quota)'",
            "  modelfleet registry diff --base origin/main --fail-on-flags   # exit 1 on a flagged change",
            "",
            "JSON: base, head, validation {valid, errors, warnings, files_checked, left_out[], findings[]},",
            "added[], removed[], changed[] {id, file, fields[] {field, before, after}},",
            "second_look[] {subject, kind, reason},",
            "pools[] {pool, team, before, after, change, quota_before, quota, over_quota, models[]},",
            "launches[] {id, file, change, model, pool, ..., *_flops_per_candidate, deployment, pool_free,",
            "deployment_fits, estimate {source, verdict, replicas, profile, stages[], pool, reason, unavailable,",
            "command, profile_command}}.",
            "Amounts are {cpu, memory_gb, gpus} numbers; a changed field's before and after are numbers where",
            "the YAML has a number, else text (a list is its JSON text); null where absent."
        })
@Formats({OutputFormat.MARKDOWN, OutputFormat.JSON})
public final class DiffCommand extends BaseCommand {
    /** What the markdown and JSON call the registry on disk. */
    static final String HEAD_LABEL = "working tree";

    @Mixin
    RegistryFolderOptions registryFolder;

    @Option(
            names = "--base",
            required = true,
            paramLabel = "GIT_REF",
            description = "Commit, branch or tag to compare against.")
    String base;

    @Mixin
    FormatOption format;

    @Option(names = "--fail-on-flags", description = "Exit 1 when a change needs a second look.")
    boolean failOnFlags;

    @Override
    public Integer call() {
        Path registry = registryFolder.resolve(context());
        RegistryPlan plan = RegistryPlan.againstGitRef(registry, base);
        if (format.get() == OutputFormat.JSON) {
            Json.print(out(), json(plan, registry));
        } else {
            out().print(DiffMarkdown.of(
                    plan, base, HEAD_LABEL, file -> RegistryDir.display(context(), registry, file)));
        }
        out().flush();
        return failOnFlags && !plan.diff().secondLook().isEmpty() ? ExitCodes.FINDINGS : ExitCodes.OK;
    }

    /** What --format json writes; field names are stable (README, "The pull-request plan"). */
    record Plan(
            String base,
            String head,
            Validation validation,
            List<String> added,
            List<String> removed,
            List<ChangedModel> changed,
            List<SecondLook> secondLook,
            List<Pool> pools,
            List<LaunchRequest> launches) {}

    /**
     * The head's validation, as 'registry validate --format json' reports it.
     *
     * @param leftOut files whose errors kept them out of the registry, so out of added, changed and pools
     */
    record Validation(
            boolean valid,
            long errors,
            long warnings,
            int filesChecked,
            List<String> leftOut,
            List<Finding> findings) {}

    record Finding(String file, int line, int column, String rule, String severity, String message, String hint) {}

    record ChangedModel(String id, String file, List<ChangedField> fields) {}

    /** {@code before} and {@code after}: a number, a string, or null where the field is absent. */
    record ChangedField(String field, Object before, Object after) {}

    record SecondLook(String subject, String kind, String reason) {}

    /** Cores, GiB and GPUs; a change may be negative. */
    record Amounts(double cpu, double memoryGb, long gpus) {
        static Amounts of(Resources r) {
            return new Amounts(r.cpu(), r.memoryGb(), r.gpus());
        }

        static Amounts change(Resources before, Resources after) {
            return new Amounts(
                    after.cpu() - before.cpu(), after.memoryGb() - before.memoryGb(), after.gpus() - before.gpus());
        }
    }

    /**
     * @param quotaBefore null when the pool did not exist at the base
     * @param quota the head's quota; null when the pool no longer exists
     */
    record Pool(
            String pool,
            String team,
            Amounts before,
            Amounts after,
            Amounts change,
            Amounts quotaBefore,
            Amounts quota,
            boolean overQuota,
            List<PoolModel> models) {}

    /** @param replicasBefore null when the model was not in the pool at the base (likewise after) */
    record PoolModel(
            String id, Long replicasBefore, Long replicasAfter, Amounts before, Amounts after, Amounts change) {}

    /**
     * @param replicas null when left to the launch estimate
     * @param deployment replicas × per_replica; null when the replicas are left to the estimate
     * @param deploymentFits whether the deployment fits in pool_free; null when either is unknown
     */
    record LaunchRequest(
            String id,
            String file,
            String change,
            String model,
            String pool,
            String productionVersion,
            String candidateVersion,
            Long productionReplicas,
            Amounts production,
            String productionScorer,
            Long productionFlopsPerCandidate,
            String candidateScorer,
            long candidateFlopsPerCandidate,
            Long replicas,
            Amounts perReplica,
            Amounts deployment,
            Amounts poolFree,
            Boolean deploymentFits,
            Estimate estimate) {}

    /**
     * The launch estimate from the surface's traffic profile ({@code source: traffic_profile}): the
     * verdict, the candidate's replicas at its stage, each stage's replicas and the pool's numbers.
     * Without a usable profile, verdict, replicas, profile, stages and pool are null and {@code
     * unavailable} says why; {@code profile_command} then writes a profile. {@code command} runs the
     * full estimate from the traffic.
     */
    record Estimate(
            String source,
            String verdict,
            Long replicas,
            EstimateProfile profile,
            List<EstimateStage> stages,
            EstimatePool pool,
            String reason,
            String unavailable,
            String command,
            String profileCommand) {
        /** No verdict: why not, the full estimate's command, and what writes a missing profile (or null). */
        static Estimate notSized(String unavailable, String command, String profileCommand) {
            return new Estimate(null, null, null, null, null, null, null, unavailable, command, profileCommand);
        }
    }

    /** The profile an estimate came from. */
    record EstimateProfile(String file, String profiledAt, String peakHour, double peakRps) {}

    /** One stage's replicas: production's and the candidate's, each sized for the peak with N+2. */
    record EstimateStage(
            String stage,
            String model,
            boolean changed,
            double objectiveMs,
            double sizedRps,
            long registryReplicas,
            int productionReplicas,
            int candidateReplicas,
            double candidateP99Ms) {}

    /** The increase against the pool's free quota (negative: a saving). */
    record EstimatePool(
            String pool,
            String team,
            double cpuIncrease,
            double memoryGbIncrease,
            long gpuIncrease,
            double cpuFree,
            double memoryGbFree,
            long gpusFree) {}

    private Plan json(RegistryPlan plan, Path registry) {
        RegistryDiff.Result result = plan.diff();
        List<ChangedModel> changed = result.changed().stream()
                .map(change -> new ChangedModel(
                        change.id(),
                        change.file(),
                        change.fields().stream()
                                .map(f -> new ChangedField(f.field(), typed(f.beforeValue()), typed(f.afterValue())))
                                .toList()))
                .toList();
        return new Plan(
                base,
                HEAD_LABEL,
                validation(plan, registry),
                result.added().stream().map(Model::id).toList(),
                result.removed().stream().map(Model::id).toList(),
                changed,
                result.secondLook().stream()
                        .map(flag -> new SecondLook(flag.subject(), flag.kind(), flag.reason()))
                        .toList(),
                plan.pools().stream().map(DiffCommand::pool).toList(),
                plan.launches().stream().map(l -> launch(plan, l, registry)).toList());
    }

    private Validation validation(RegistryPlan plan, Path registry) {
        ValidationReport report = plan.head();
        long errors = report.errorCount();
        return new Validation(
                report.isValid(),
                errors,
                report.diagnostics().size() - errors,
                report.filesChecked(),
                plan.leftOut().stream()
                        .map(file -> RegistryDir.display(context(), registry, file))
                        .toList(),
                report.diagnostics().stream()
                        .map(d -> new Finding(
                                RegistryDir.display(context(), registry, d.file()),
                                d.line(),
                                d.column(),
                                d.rule(),
                                d.severity() == Diagnostic.Severity.ERROR ? "error" : "warning",
                                d.message(),
                                d.hint()))
                        .toList());
    }

    private static Pool pool(RegistryPlan.PoolCapacity pool) {
        return new Pool(
                pool.pool(),
                pool.team().orElse(null),
                Amounts.of(pool.before()),
                Amounts.of(pool.after()),
                Amounts.change(pool.before(), pool.after()),
                pool.quotaBefore().map(Amounts::of).orElse(null),
                pool.quotaAfter().map(Amounts::of).orElse(null),
                pool.overQuota(),
                pool.models().stream()
                        .map(m -> new PoolModel(
                                m.id(),
                                boxed(m.replicasBefore()),
                                boxed(m.replicasAfter()),
                                Amounts.of(m.before()),
                                Amounts.of(m.after()),
                                Amounts.change(m.before(), m.after())))
                        .toList());
    }

    private LaunchRequest launch(RegistryPlan plan, RegistryPlan.LaunchRequest request, Path registry) {
        String file = RegistryDir.display(context(), registry, request.launch().file());
        Optional<Model> production = request.production();
        Optional<Resources> deployment = request.deployment();
        return new LaunchRequest(
                request.launch().id(),
                file,
                request.change().name().toLowerCase(Locale.ROOT),
                request.launch().model(),
                request.pool().orElse(null),
                production.map(m -> m.serving().version()).orElse(null),
                request.launch().candidate().version(),
                production.map(m -> m.serving().replicas()).orElse(null),
                production
                        .map(m -> Amounts.of(
                                m.serving().resources().times(m.serving().replicas())))
                        .orElse(null),
                production.map(m -> ScorerFlops.shape(m.serving().scorer())).orElse(null),
                production
                        .map(m -> ScorerFlops.perCandidate(m.serving().scorer()))
                        .orElse(null),
                ScorerFlops.shape(request.launch().candidate().scorer()),
                ScorerFlops.perCandidate(request.launch().candidate().scorer()),
                boxed(request.replicas()),
                request.perReplica().map(Amounts::of).orElse(null),
                deployment.map(Amounts::of).orElse(null),
                request.poolFree().map(Amounts::of).orElse(null),
                deployment.isPresent() && request.poolFree().isPresent()
                        ? deployment.get().fitsWithin(request.poolFree().get())
                        : null,
                estimate(plan, request, registry, file));
    }

    private Estimate estimate(RegistryPlan plan, RegistryPlan.LaunchRequest request, Path registry, String file) {
        String full = "modelfleet launch submit " + file;
        ProfileEstimator.Outcome outcome = ProfileEstimator.estimate(plan.head().registry(), request);
        if (outcome instanceof ProfileEstimator.Sized sized) {
            TrafficProfile profile = sized.profile();
            PoolFit pool = sized.pool();
            return new Estimate(
                    "traffic_profile",
                    pool.verdict().name(),
                    sized.replicas(),
                    new EstimateProfile(
                            RegistryDir.display(context(), registry, profile.file()),
                            profile.profiledAt().toString(),
                            profile.peak().hour().toString(),
                            profile.peak().productionRps()),
                    sized.stages().stream()
                            .map(s -> new EstimateStage(
                                    s.stage(),
                                    s.model(),
                                    s.changed(),
                                    s.objectiveMs(),
                                    s.sizedRps(),
                                    s.registryReplicas(),
                                    s.production().replicas(),
                                    s.candidate().replicas(),
                                    s.candidate().p99Ms()))
                            .toList(),
                    new EstimatePool(
                            pool.pool(),
                            pool.team(),
                            pool.cpuIncrease(),
                            pool.memoryGbIncrease(),
                            pool.gpuIncrease(),
                            pool.cpuFree(),
                            pool.memoryGbFree(),
                            pool.gpusFree()),
                    pool.reason(),
                    null,
                    full,
                    null);
        }
        if (outcome instanceof ProfileEstimator.NoProfile none) {
            String out = RegistryDir.display(context(), registry, "traffic/" + none.surface() + ".yaml");
            return Estimate.notSized(
                    DiffMarkdown.ESTIMATE_NEEDS + " No traffic profile of " + none.surface() + " (" + out + ").",
                    full,
                    "modelfleet launch profile --surface " + none.surface() + " --out " + out);
        }
        return Estimate.notSized(((ProfileEstimator.Unavailable) outcome).reason(), full, null);
    }

    private static Long boxed(OptionalLong value) {
        return value.isPresent() ? value.getAsLong() : null;
    }

    /** A value as the YAML had it: a number stays a number; text, lists and booleans are text; null if absent. */
    static Object typed(Optional<JsonNode> value) {
        if (value.isEmpty()) {
            return null;
        }
        JsonNode node = value.get();
        if (node.isNumber()) {
            return node.numberValue();
        }
        return node.isArray() ? node.toString() : node.isNull() ? "null" : node.asText();
    }
}
