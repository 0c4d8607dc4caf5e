package io.modelfleet.cli.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.modelfleet.cli.BaseCommand;
import io.modelfleet.cli.ExitCodes;
import io.modelfleet.cli.options.FormatOption;
import io.modelfleet.cli.options.Formats;
import io.modelfleet.cli.options.OutputFormat;
import io.modelfleet.cli.options.RegistryFolderOptions;
import io.modelfleet.cli.render.DiffMarkdown;
import io.modelfleet.cli.render.Json;
import io.modelfleet.registry.Model;
import io.modelfleet.registry.Registry;
import io.modelfleet.registry.RegistryDiff;
import io.modelfleet.registry.RegistryLoader;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
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
            Json.print(out(), json(result, registry));
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

    private Diff json(RegistryDiff.Result result, Path registry) {
        // The diff keeps field values as text; the working tree's entries say which of them are numbers.
        Registry head = result.changed().isEmpty()
                ? null
                : RegistryLoader.load(registry).registry();
        List<ChangedModel> changed = result.changed().stream()
                .map(change -> {
                    JsonNode entry =
                            head.model(change.id()).<JsonNode>map(Model::source).orElse(MissingNode.getInstance());
                    return new ChangedModel(
                            change.id(),
                            change.file(),
                            change.fields().stream()
                                    .map(f -> {
                                        JsonNode now = at(entry, f.field());
                                        return new ChangedField(
                                                f.field(), typed(f.before(), now), typed(f.after(), now));
                                    })
                                    .toList());
                })
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

    private static final Pattern INTEGER = Pattern.compile("-?(0|[1-9][0-9]*)");
    private static final Pattern NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

    /** The field at a dotted path ({@code serving.replicas}) of an entry; missing if there is none. */
    private static JsonNode at(JsonNode entry, String dotted) {
        JsonNode node = entry;
        for (String key : dotted.split("\\.", -1)) {
            node = node.path(key);
        }
        return node;
    }

    /**
     * A value as it was in the YAML: a number if it reads as one, unless the same field in the
     * working tree is text (a quoted "48" stays a string); text otherwise; null if absent.
     */
    static Object typed(Optional<String> value, JsonNode now) {
        if (value.isEmpty()) {
            return null;
        }
        String text = value.get();
        if (now.isTextual() || !NUMBER.matcher(text).matches()) {
            return text;
        }
        if (INTEGER.matcher(text).matches()) {
            BigInteger n = new BigInteger(text);
            return n.bitLength() < Long.SIZE ? (Object) n.longValue() : n;
        }
        return Double.parseDouble(text);
    }
}
