package io.modelfleet.cli.registry;

import io.modelfleet.cli.BaseCommand;
import io.modelfleet.cli.ExitCodes;
import io.modelfleet.cli.options.RegistryFolderOptions;
import io.modelfleet.cli.render.Json;
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
        Stamp stamp = Json.read(RegistrySnapshot.compile(report.registry(), target), Stamp.class);
        out().println("wrote " + target + ": " + report.registry().models().size() + " models, "
                + report.registry().teams().size()
                + " teams, content hash " + stamp.contentHash().substring(0, 12) + ", git commit "
                + (stamp.gitCommit() == null
                        ? "(not a git checkout)"
                        : stamp.gitCommit().substring(0, 12) + (stamp.gitDirty() ? " + uncommitted changes" : "")));
        out().flush();
        return ExitCodes.OK;
    }

    /** What the summary line tells of the snapshot just written. */
    record Stamp(String contentHash, String gitCommit, boolean gitDirty) {}
}
