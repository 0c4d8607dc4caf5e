package io.modelfleet.cli.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelfleet.cli.BaseCommand;
import io.modelfleet.cli.ExitCodes;
import io.modelfleet.cli.options.RegistryFolderOptions;
import io.modelfleet.registry.Diagnostic;
import io.modelfleet.registry.RegistryLoader;
import io.modelfleet.registry.RegistrySnapshot;
import io.modelfleet.registry.ValidationReport;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "compile",
        mixinStandardHelpOptions = true,
        description =
                "Write the whole registry as one JSON snapshot (with git commit and content hash) for jobs to read.",
        footer = {
            "",
            "Only a valid registry compiles; the file is replaced atomically.",
            "",
            "Examples:",
            "  modelfleet registry compile --out build/registry.json",
            "  modelfleet registry compile examples/registry --out /tmp/snapshot.json"
        })
public final class CompileCommand extends BaseCommand {
    @Mixin
    RegistryFolderOptions registryFolder;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Snapshot file to write.")
    Path out;

    @Override
    public Integer call() {
        Path registry = registryFolder.resolve(context());
        ValidationReport report = RegistryLoader.load(registry);
        if (!report.isValid()) {
            for (Diagnostic d : report.diagnostics()) {
                err().println(RegistryDir.display(context(), registry, d.file()) + ":" + d.line() + ":" + d.column()
                        + ": [" + d.rule() + "] " + d.message());
            }
            err().println("not compiled: the registry has " + report.errorCount() + " error(s); nothing was written");
            return ExitCodes.FINDINGS;
        }
        Path target = context().resolve(out);
        ObjectNode json = RegistrySnapshot.compile(report.registry(), target);
        out().println("wrote " + target + ": " + report.registry().models().size() + " models, "
                + report.registry().teams().size()
                + " teams, content hash " + json.path("content_hash").asText().substring(0, 12) + ", git commit "
                + (json.path("git_commit").isNull()
                        ? "(not a git checkout)"
                        : json.path("git_commit").asText().substring(0, 12)
                                + (json.path("git_dirty").asBoolean() ? " + uncommitted changes" : "")));
        out().flush();
        return ExitCodes.OK;
    }
}
