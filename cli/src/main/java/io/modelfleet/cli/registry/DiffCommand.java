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
import io.modelfleet.registry.Model;
import io.modelfleet.registry.RegistryDiff;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
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
            "  modelfleet registry diff --base origin/main --fail-on-flags   # exit 1 on a flagged change",
            "",
            "In JSON a changed field's before and after are numbers where the YAML has a number, else text",
            "(a list is its JSON text); null where the field is absent."
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
            Json.print(out(), json(result));
        } else {
            out().print(DiffMarkdown.of(result, base, "working tree"));
        }
        out().flush();
        return failOnFlags && !result.secondLook().isEmpty() ? ExitCodes.FINDINGS : ExitCodes.OK;
    }

    /** What --format json writes. */
    record Diff(
            String base,
            List<String> added,
            List<String> removed,
            List<ChangedModel> changed,
            List<SecondLook> secondLook) {}

    record ChangedModel(String id, String file, List<ChangedField> fields) {}

    /** {@code before} and {@code after}: a number, a string, or null where the field is absent. */
    record ChangedField(String field, Object before, Object after) {}

    record SecondLook(String subject, String kind, String reason) {}

    private Diff json(RegistryDiff.Result result) {
        List<ChangedModel> changed = result.changed().stream()
                .map(change -> new ChangedModel(
                        change.id(),
                        change.file(),
                        change.fields().stream()
                                .map(f -> new ChangedField(f.field(), typed(f.beforeValue()), typed(f.afterValue())))
                                .toList()))
                .toList();
        return new Diff(
                base,
                result.added().stream().map(Model::id).toList(),
                result.removed().stream().map(Model::id).toList(),
                changed,
                result.secondLook().stream()
                        .map(flag -> new SecondLook(flag.subject(), flag.kind(), flag.reason()))
                        .toList());
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
