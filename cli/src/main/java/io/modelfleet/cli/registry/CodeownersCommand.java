package io.modelfleet.cli.registry;

import io.modelfleet.cli.BaseCommand;
import io.modelfleet.cli.ExitCodes;
import io.modelfleet.cli.options.RegistryFolderOptions;
import io.modelfleet.core.ModelfleetException;
import io.modelfleet.registry.Codeowners;
import io.modelfleet.registry.Registry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
            "Examples:",
            "  modelfleet registry codeowners registry --out .github/CODEOWNERS",
            "  modelfleet registry codeowners registry --check .github/CODEOWNERS   # CI: exit 1 if stale"
        })
public final class CodeownersCommand extends BaseCommand {
    @Mixin
    RegistryFolderOptions registryFolder;

    @Option(names = "--prefix", paramLabel = "PATH", description = "Registry folder's path from the repository root.")
    String prefix;

    @Option(names = "--out", paramLabel = "FILE", description = "Write to FILE instead of standard output.")
    Path outFile;

    @Option(names = "--check", paramLabel = "FILE", description = "Compare with FILE; exit 1 if it is out of date.")
    Path checkFile;

    @Override
    public Integer call() {
        Path registryDir = registryFolder.resolve(context());
        Registry registry = LoadedRegistry.load(context(), registryDir);
        String text = String.join("\n", Codeowners.lines(registry, prefix == null ? detectPrefix(registryDir) : prefix))
                + "\n";
        if (checkFile != null) {
            Path file = context().resolve(checkFile);
            String current = read(file);
            if (current.equals(text)) {
                err().println(file + " is up to date");
                return ExitCodes.OK;
            }
            // A message for people, on stderr: stdout stays free for the CODEOWNERS text itself.
            err().println(file + " is out of date; regenerate it with: modelfleet registry codeowners --out "
                    + checkFile);
            return ExitCodes.FINDINGS;
        }
        if (outFile == null) {
            out().print(text);
            out().flush();
            return ExitCodes.OK;
        }
        Path file = context().resolve(outFile);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".codeowners-", ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw ModelfleetException.ioError(
                    "Cannot write " + file + ": " + e.getMessage(), "check the folder is writable", e);
        }
        out().println("wrote " + file + " (" + registry.teams().size() + " teams)");
        return ExitCodes.OK;
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw ModelfleetException.ioError("Cannot read " + file + ": " + e.getMessage(), "check permissions", e);
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
