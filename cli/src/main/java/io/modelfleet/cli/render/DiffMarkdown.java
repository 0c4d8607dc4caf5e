package io.modelfleet.cli.render;

import io.modelfleet.registry.Model;
import io.modelfleet.registry.RegistryDiff;
import java.util.Optional;

/** {@code registry diff}'s default output: markdown for a pull-request comment. */
public final class DiffMarkdown {
    private DiffMarkdown() {}

    /** A summary of {@code result} for a pull-request comment. */
    public static String of(RegistryDiff.Result result, String baseLabel, String headLabel) {
        StringBuilder md = new StringBuilder();
        md.append("## Registry changes: `")
                .append(baseLabel)
                .append("` → `")
                .append(headLabel)
                .append("`\n\n");
        if (result.isEmpty()) {
            return md.append("No model changes.\n").toString();
        }
        md.append("**")
                .append(result.added().size())
                .append(" added, ")
                .append(result.removed().size())
                .append(" removed, ")
                .append(result.changed().size())
                .append(" changed**\n\n");
        if (!result.secondLook().isEmpty()) {
            md.append("### ⚠️ Needs a second look\n\n");
            for (RegistryDiff.Flag flag : result.secondLook()) {
                md.append("- **")
                        .append(flag.kind())
                        .append("** `")
                        .append(flag.subject())
                        .append("`: ")
                        .append(flag.reason())
                        .append('\n');
            }
            md.append('\n');
        }
        if (!result.added().isEmpty()) {
            md.append(
                    "### Added\n\n| model | type | tier | team | surface | stage | replicas |\n|---|---|---|---|---|---|---|\n");
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
                        .append(m.surface())
                        .append(" | ")
                        .append(m.funnelStage().id())
                        .append(" | ")
                        .append(m.serving().replicas())
                        .append(" |\n");
            }
            md.append('\n');
        }
        if (!result.removed().isEmpty()) {
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
        if (!result.changed().isEmpty()) {
            md.append("### Changed\n\n");
            for (RegistryDiff.ModelChange change : result.changed()) {
                md.append("#### `")
                        .append(change.id())
                        .append("` (")
                        .append(change.file())
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
        return md.toString();
    }

    private static String cell(Optional<String> value) {
        return value.map(v -> "`" + v.replace("|", "\\|").replace("`", "'") + "`")
                .orElse("_(none)_");
    }
}
