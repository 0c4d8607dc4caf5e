package io.modelfleet.cli.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelfleet.cli.BaseCommand;
import io.modelfleet.cli.ExitCodes;
import io.modelfleet.cli.options.FormatOption;
import io.modelfleet.cli.options.Formats;
import io.modelfleet.cli.options.OutputFormat;
import io.modelfleet.cli.options.RegistryFolderOptions;
import io.modelfleet.registry.Model;
import io.modelfleet.registry.RegistryDiff;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "diff",
        mixinStandardHelpOptions = true,
        description = "Summarize what a change does to the registry, for a pull-request comment.",
        footer = {
            "",
            "Compares the registry folder as it is on disk with the same folder at --base.",
            "Lists models added, removed and changed field by field, and flags what needs a second look:",
            "tier changes, owner changes, pool changes, loosened SLOs, removed critical models.",
            "",
            "Examples:",
            "  modelfleet registry diff --base origin/main registry > registry-diff.md",
            "  modelfleet registry diff --base HEAD~1 --format json",
            "  modelfleet registry diff --base origin/main --fail-on-flags   # exit 1 on a flagged change"
        })
@Formats({OutputFormat.MARKDOWN, OutputFormat.JSON})
public final class DiffCommand extends BaseCommand {
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
        RegistryDiff.Result result = RegistryDiff.againstGitRef(registry, base);
        if (format.get() == OutputFormat.JSON) {
            out().println(json(result).toPrettyString());
        } else {
            out().print(result.toMarkdown(base, "working tree"));
        }
        out().flush();
        return failOnFlags && !result.secondLook().isEmpty() ? ExitCodes.FINDINGS : ExitCodes.OK;
    }

    private ObjectNode json(RegistryDiff.Result result) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("base", base);
        ArrayNode added = root.putArray("added");
        result.added().stream().map(Model::id).forEach(added::add);
        ArrayNode removed = root.putArray("removed");
        result.removed().stream().map(Model::id).forEach(removed::add);
        ArrayNode changed = root.putArray("changed");
        for (RegistryDiff.ModelChange change : result.changed()) {
            ObjectNode c = changed.addObject();
            c.put("id", change.id());
            c.put("file", change.file());
            ArrayNode fields = c.putArray("fields");
            for (RegistryDiff.FieldChange field : change.fields()) {
                ObjectNode f = fields.addObject();
                f.put("field", field.field());
                f.put("before", field.before().orElse(null));
                f.put("after", field.after().orElse(null));
            }
        }
        ArrayNode flags = root.putArray("second_look");
        for (RegistryDiff.Flag flag : result.secondLook()) {
            ObjectNode f = flags.addObject();
            f.put("subject", flag.subject());
            f.put("kind", flag.kind());
            f.put("reason", flag.reason());
        }
        return root;
    }
}
