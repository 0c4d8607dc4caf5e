package io.modelfleet.launcher;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.modelfleet.core.ModelfleetErrors;
import io.modelfleet.registry.Model;
import io.modelfleet.registry.Registry;
import io.modelfleet.registry.RegistryLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The change finalization hands back to the registry, which stays the source of truth: the model's
 * entry with the candidate's serving block, written under {@code <changes>/<launch>/} in the
 * registry's own layout, and a note of what to commit (that file, and the removal of the launch
 * request). The workflow never edits the registry in place; a person reviews and commits.
 *
 * <p>The serving block is rewritten whole in the registry's usual layout; the rest of the entry,
 * comments included, is kept line for line. The written entry is read back through the model
 * schema before the launch may finish.
 */
final class RegistryChange {
    /** Where the change went, and the fields it changes (old and new values). */
    record Written(Path folder, ArrayNode fields) {}

    private RegistryChange() {}

    static Written write(Registry registry, Optional<Model> production, LaunchRecord launch, Path changes) {
        Path folder = changes.resolve(launch.id());
        if (production.isEmpty()) {
            throw ModelfleetErrors.registryChangeFailed(
                    folder, "model " + launch.model() + " is no longer in the registry");
        }
        Model model = production.get();
        Path source = registry.root().resolve(model.file());
        Path target = folder.resolve(model.file());
        try {
            List<String> lines = Files.readAllLines(source, StandardCharsets.UTF_8);
            String text = String.join("\n", withServing(lines, launch.candidate())) + "\n";
            Files.createDirectories(target.getParent());
            Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
            Files.writeString(temporary, text, StandardCharsets.UTF_8);
            RegistryLoader.loadModelFile(temporary);
            move(temporary, target);
            String note = "Launch " + launch.id() + " finished: " + launch.model() + " serves "
                    + launch.candidate().version() + ".\n\nTo record it in the registry, copy this folder over the"
                    + " registry's root and remove the launch request, then commit:\n\n  cp -r " + folder
                    + "/. <registry>/\n  git rm launches/" + launch.id() + ".yaml\n";
            Path readme = folder.resolve("CHANGE.txt");
            Path readmeTemporary = folder.resolve("CHANGE.txt.tmp");
            Files.writeString(readmeTemporary, note, StandardCharsets.UTF_8);
            move(readmeTemporary, readme);
        } catch (IOException e) {
            throw ModelfleetErrors.registryChangeFailed(target, e.getMessage());
        }
        return new Written(folder, fields(model, launch.candidate()));
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The entry's lines with its {@code serving:} block replaced by the candidate's. */
    static List<String> withServing(List<String> lines, LaunchRecord.CandidateServing candidate) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < lines.size() && !lines.get(i).startsWith("serving:")) {
            out.add(lines.get(i++));
        }
        out.addAll(serving(candidate));
        i++;
        while (i < lines.size()
                && (lines.get(i).isBlank()
                        || lines.get(i).startsWith(" ")
                        || lines.get(i).startsWith("\t"))) {
            i++;
        }
        while (i < lines.size()) {
            out.add(lines.get(i++));
        }
        return out;
    }

    private static List<String> serving(LaunchRecord.CandidateServing c) {
        List<String> out = new ArrayList<>();
        out.add("serving:");
        out.add("  version: " + c.version());
        out.add("  artifact: " + c.artifact());
        out.add("  replicas: " + c.replicas());
        out.add(String.format(
                Locale.ROOT,
                "  resources: {cpu: %s, memory_gb: %s, gpus: %d}",
                Launches.plain(c.resources().cpu()),
                Launches.plain(c.resources().memoryGb()),
                c.resources().gpus()));
        c.keepTop().ifPresent(k -> out.add("  keep_top: " + k));
        c.latencyP99Ms().ifPresent(l -> out.add("  latency_p99_ms: " + Launches.plain(l)));
        out.add("  scorer:");
        out.add("    kind: " + c.scorerKind());
        out.add("    input_width: " + c.inputWidth());
        if (!c.hidden().isEmpty()) {
            out.add("    hidden: " + c.hidden());
        }
        return out;
    }

    private static ArrayNode fields(Model model, LaunchRecord.CandidateServing c) {
        ArrayNode fields = LaunchStore.object().arrayNode();
        Model.Serving s = model.serving();
        change(fields, "serving.version", s.version(), c.version());
        change(fields, "serving.artifact", s.artifact(), c.artifact());
        change(fields, "serving.replicas", Long.toString(s.replicas()), Long.toString(c.replicas()));
        change(
                fields,
                "serving.resources.cpu",
                Launches.plain(s.resources().cpu()),
                Launches.plain(c.resources().cpu()));
        change(
                fields,
                "serving.resources.memory_gb",
                Launches.plain(s.resources().memoryGb()),
                Launches.plain(c.resources().memoryGb()));
        change(
                fields,
                "serving.resources.gpus",
                Long.toString(s.resources().gpus()),
                Long.toString(c.resources().gpus()));
        change(
                fields,
                "serving.scorer.hidden",
                s.scorer().hidden().toString(),
                c.hidden().toString());
        return fields;
    }

    private static void change(ArrayNode fields, String field, String from, String to) {
        if (!from.equals(to)) {
            fields.addObject().put("field", field).put("from", from).put("to", to);
        }
    }
}
