package io.modelfleet.cli.registry;

import io.modelfleet.cli.BaseCommand;
import io.modelfleet.cli.ExitCodes;
import io.modelfleet.cli.options.FormatOption;
import io.modelfleet.cli.options.Formats;
import io.modelfleet.cli.options.OutputFormat;
import io.modelfleet.cli.options.RegistryFolderOptions;
import io.modelfleet.cli.render.Json;
import io.modelfleet.core.ModelfleetErrors;
import io.modelfleet.registry.Codeowners;
import io.modelfleet.registry.Registry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "codeowners",
        mixinStandardHelpOptions = true,
        description = "Write CODEOWNERS lines so only a model's owning team approves edits to its entries.",
        footer = {
            "",
            "Paths are written from the repository root: --prefix is the registry folder's path there",
            "(default: worked out with git; empty when the registry is the repository).",
            "",
            "With --format json: {\"file\", \"teams\", \"lines\": [...]} for what was written (file is null",
            "on standard output); with --check, {\"file\", \"up_to_date\": true|false} and the same exit code.",
            "",
            "Examples:",
            "  modelfleet registry codeowners registry --out .github/CODEOWNERS",
            "  modelfleet registry codeowners registry --check .github/CODEOWNERS   # CI: exit 1 if stale"
        })
@Formats({OutputFormat.TEXT, OutputFormat.JSON})
public final class CodeownersCommand extends BaseCommand {
    @Mixin
    RegistryFolderOptions registryFolder;

    @Option(names = "--prefix", paramLabel = "PATH", description = "Registry folder's path from the repository root.")
    String prefix;

    @Option(names = "--out", paramLabel = "FILE", description = "Write to FILE instead of standard output.")
    Path outFile;

    @Option(names = "--check", paramLabel = "FILE", description = "Compare with FILE; exit 1 if it is out of date.")
    Path checkFile;

    @Mixin
    FormatOption format;

    /** What --format json writes for --check. */
    record Checked(String file, boolean upToDate) {}

    /** What --format json writes otherwise: the lines, and the file they went to (null: standard output). */
    record Written(String file, int teams, List<String> lines) {}

    @Override
    public Integer call() {
        Path registryDir = registryFolder.resolve(context());
        Registry registry = LoadedRegistry.load(context(), registryDir);
        List<String> lines = Codeowners.lines(registry, prefix == null ? detectPrefix(registryDir) : prefix);
        String text = String.join("\n", lines) + "\n";
        boolean json = format.get() == OutputFormat.JSON;
        if (checkFile != null) {
            Path file = context().resolve(checkFile);
            boolean upToDate = read(file).equals(text);
            // A message for people, on stderr: stdout stays free for the CODEOWNERS text (or JSON) itself.
            err().println(
                            upToDate
                                    ? file + " is up to date"
                                    : file
                                            + " is out of date; regenerate it with: modelfleet registry codeowners --out "
                                            + checkFile);
            if (json) {
                Json.print(out(), new Checked(file.toString(), upToDate));
            }
            return upToDate ? ExitCodes.OK : ExitCodes.FINDINGS;
        }
        if (outFile == null) {
            if (json) {
                Json.print(out(), new Written(null, registry.teams().size(), lines));
            } else {
                out().print(text);
                out().flush();
            }
            return ExitCodes.OK;
        }
        Path file = context().resolve(outFile);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".codeowners-", ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw ModelfleetErrors.cannotWrite(file, e);
        }
        if (json) {
            Json.print(out(), new Written(file.toString(), registry.teams().size(), lines));
        } else {
            out().println("wrote " + file + " (" + registry.teams().size() + " teams)");
        }
        return ExitCodes.OK;
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw ModelfleetErrors.cannotRead(file, e);
        }
    }

    private static String detectPrefix(Path registryDir) {
        try {
            Process process = new ProcessBuilder("git", "-C", registryDir.toString(), "rev-parse", "--show-prefix")
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return process.waitFor() == 0 ? output.replaceAll("/+$", "") : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
