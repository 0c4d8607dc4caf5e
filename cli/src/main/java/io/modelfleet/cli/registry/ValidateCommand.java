package io.modelfleet.cli.registry;

import io.modelfleet.cli.BaseCommand;
import io.modelfleet.cli.ExitCodes;
import io.modelfleet.cli.options.FormatOption;
import io.modelfleet.cli.options.Formats;
import io.modelfleet.cli.options.OutputFormat;
import io.modelfleet.cli.options.RegistryFolderOptions;
import io.modelfleet.cli.render.GithubAnnotations;
import io.modelfleet.cli.render.Json;
import io.modelfleet.registry.Diagnostic;
import io.modelfleet.registry.RegistryLoader;
import io.modelfleet.registry.ValidationReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "validate",
        mixinStandardHelpOptions = true,
        description = "Check every registry file against its JSON Schema and the fleet's policy rules.",
        footer = {
            "",
            "Every finding is 'file:line:col: [rule-id] message' followed by a hint.",
            "One run reports all of a file's findings: a misnamed file (.yml, wrong folder) is still",
            "checked, and YAML 1.1 booleans, leading zeros or duplicate keys do not stop its schema and",
            "policy checks. Only hostile input (bad encoding, too large or deep, alias bombs, broken",
            "syntax) stops a file at its first problem.",
            "Exit codes: 0 valid, 1 invalid, 2 usage or I/O error.",
            "",
            "Examples:",
            "  modelfleet registry validate examples/registry",
            "  modelfleet registry validate registry --format github   # annotations in a GitHub Actions run",
            "  modelfleet registry validate --format json | jq '.diagnostics[].rule'"
        })
@Formats({OutputFormat.TEXT, OutputFormat.JSON, OutputFormat.GITHUB})
public final class ValidateCommand extends BaseCommand {
    @Mixin
    RegistryFolderOptions registryFolder;

    @Mixin
    FormatOption format;

    @Option(
            names = "--today",
            paramLabel = "YYYY-MM-DD",
            hidden = true,
            description = "Date that decides whether SLO exceptions expired (default: today, UTC).")
    LocalDate today;

    @Override
    public Integer call() {
        Path registry = registryFolder.resolve(context());
        long start = System.nanoTime();
        ValidationReport report = today == null ? RegistryLoader.load(registry) : RegistryLoader.load(registry, today);
        double seconds = (System.nanoTime() - start) / 1e9;
        switch (format.get()) {
            case JSON -> printJson(registry, report);
            case GITHUB -> printGithub(registry, report, seconds);
            default -> printText(registry, report, seconds);
        }
        out().flush();
        return report.isValid() ? ExitCodes.OK : ExitCodes.FINDINGS;
    }

    private void printText(Path registry, ValidationReport report, double seconds) {
        PrintWriter out = out();
        for (Diagnostic d : report.diagnostics()) {
            out.println(RegistryDir.display(context(), registry, d.file()) + ":" + d.line() + ":" + d.column() + ": ["
                    + d.rule() + "] " + d.message());
            out.println("    hint: " + d.hint());
        }
        printSummary(report, seconds);
    }

    private void printSummary(ValidationReport report, double seconds) {
        PrintWriter out = out();
        long files =
                report.diagnostics().stream().map(Diagnostic::file).distinct().count();
        String timing = String.format(Locale.ROOT, "%d files checked in %.2f s", report.filesChecked(), seconds);
        if (report.isValid()) {
            out.println("registry valid: " + report.registry().models().size() + " models, "
                    + report.registry().teams().size() + " teams (" + timing + ")");
        } else {
            out.println("registry invalid: " + report.errorCount() + " error" + (report.errorCount() == 1 ? "" : "s")
                    + " in " + files + " file" + (files == 1 ? "" : "s") + " (" + timing + ")");
        }
    }

    private void printGithub(Path registry, ValidationReport report, double seconds) {
        PrintWriter out = out();
        for (Diagnostic d : report.diagnostics()) {
            out.println(GithubAnnotations.line(
                    d.severity() == Diagnostic.Severity.ERROR ? "error" : "warning",
                    RegistryDir.display(context(), registry, d.file()),
                    d.line(),
                    d.column(),
                    "[" + d.rule() + "]",
                    d.message() + "\nhint: " + d.hint()));
        }
        printSummary(report, seconds);
    }

    /** What --format json writes. */
    record Report(
            String registry,
            boolean valid,
            int filesChecked,
            long errors,
            int models,
            int teams,
            String contentHash,
            List<Finding> diagnostics) {}

    record Finding(String file, int line, int column, String rule, String severity, String message, String hint) {}

    private void printJson(Path registry, ValidationReport report) {
        List<Finding> findings = report.diagnostics().stream()
                .map(d -> new Finding(
                        RegistryDir.display(context(), registry, d.file()),
                        d.line(),
                        d.column(),
                        d.rule(),
                        d.severity().name().toLowerCase(Locale.ROOT),
                        d.message(),
                        d.hint()))
                .toList();
        Json.print(
                out(),
                new Report(
                        registry.toString(),
                        report.isValid(),
                        report.filesChecked(),
                        report.errorCount(),
                        report.registry().models().size(),
                        report.registry().teams().size(),
                        report.registry().contentHash(),
                        findings));
    }
}
