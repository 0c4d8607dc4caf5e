package io.modelfleet.cli.spark.launch;

import io.modelfleet.cli.BaseCommand;
import io.modelfleet.cli.ExitCodes;
import io.modelfleet.cli.options.FormatOption;
import io.modelfleet.cli.options.Formats;
import io.modelfleet.cli.options.OutputFormat;
import io.modelfleet.cli.render.Json;
import io.modelfleet.launcher.Launches;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "approve",
        mixinStandardHelpOptions = true,
        description = "Approve an estimated launch as one of its approvers. Once every part is approved the launch is"
                + " APPROVED, or FROZEN while its team's TIER0/TIER1 error budget is spent.",
        footer = {
            "",
            "Who approves, from the registry: one of the owning team's approvers; for a TIER0 model also",
            "one of tiers.yaml's platform_approvers; when the estimate says NEEDS_APPROVAL also an approver",
            "of the team owning the pool. Each part needs a different person; the requester approves none.",
            "Approvals lapse after scheduler.launches.approval_ttl_hours (default 72). A CANNOT_FIT",
            "estimate cannot be approved.",
            "Exit codes: 0 approved (or approved before by this person), 2 not allowed or wrong state,",
            "3 internal error.",
            "",
            "Examples:",
            "  modelfleet launch approve ig_feed_mtml_lsr_v4_wider --as feed-ranking-lead",
            "  modelfleet launch approve ig_feed_mtml_lsr_v4_wider --as ml-platform-lead --format json"
        })
@Formats({OutputFormat.TEXT, OutputFormat.JSON})
public final class LaunchApproveCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "ID", description = "The launch.")
    String id;

    @Option(
            names = "--as",
            required = true,
            paramLabel = "USER",
            description = "Who approves (a handle the registry lists).")
    String who;

    @Mixin
    FormatOption format;

    @Mixin
    LaunchPlatform.Options platform;

    record Approved(
            String launch, String approver, String role, String state, List<String> stillNeeds, String message) {}

    @Override
    public Integer call() {
        try (LaunchPlatform launches = LaunchPlatform.open(context(), platform)) {
            Launches.ApprovalOutcome outcome = launches.launches().approve(id, who);
            List<String> missing = outcome.missing().stream()
                    .map(r -> r.role().description() + ": " + String.join(" or ", r.approvers()))
                    .toList();
            if (format.get() == OutputFormat.JSON) {
                Json.print(
                        out(),
                        new Approved(
                                id,
                                who,
                                outcome.role().name(),
                                outcome.launch().state().name(),
                                missing,
                                outcome.message()));
            } else {
                out().println("launch " + id + ": " + outcome.message());
                out().println("state: " + outcome.launch().state());
            }
        }
        return ExitCodes.OK;
    }
}
