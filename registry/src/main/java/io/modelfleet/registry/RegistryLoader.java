package io.modelfleet.registry;

import static java.util.Objects.requireNonNull;

import io.modelfleet.core.ModelfleetErrors;
import io.modelfleet.core.ModelfleetException;
import io.modelfleet.registry.internal.FileValidator;
import io.modelfleet.registry.internal.LoadedFile;
import io.modelfleet.registry.internal.LoadedFile.FileKind;
import io.modelfleet.registry.internal.PolicyRules;
import io.modelfleet.registry.internal.PolicyRules.Located;
import io.modelfleet.registry.internal.RegistryPaths;
import io.modelfleet.registry.internal.schema.SchemaCatalog;
import io.modelfleet.registry.internal.yaml.Locations;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Loads and validates a registry folder: every file against its kind's schema (in parallel, since
 * parsing dominates), then the policy rules across files.
 *
 * <p>One run reports every finding it can, so an author fixes a file once rather than once per layer:
 * a file that is misnamed ({@code .yml}) or in the wrong folder is still read and checked as the kind
 * its folder holds; findings the YAML reader reads past (a YAML 1.1 boolean, a duplicate key) do not
 * stop the schema; and every entry that passes its schema takes part in the policy rules across files.
 * Only input that leaves nothing trustworthy to check stops a file early: unreadable, too large, badly
 * encoded, too deep, an alias bomb, broken syntax. The {@link Registry} a report carries holds only the
 * clean entries: those of files without errors of their own, where their kind lives, as always.
 *
 * <pre>
 * &lt;registry&gt;/tiers.yaml                 TierPolicies
 * &lt;registry&gt;/teams/&lt;team&gt;.yaml          Team
 * &lt;registry&gt;/models/&lt;team&gt;/&lt;id&gt;.yaml    Model
 * &lt;registry&gt;/launches/&lt;launch&gt;.yaml     Launch
 * &lt;registry&gt;/traffic/&lt;surface&gt;.yaml     TrafficProfile (checked; not in the registry's files or hash)
 * </pre>
 */
public final class RegistryLoader {
    private static volatile SchemaCatalog schemas;
    private static volatile CompletableFuture<SchemaCatalog> catalog;
    private static final int BATCH = 64;
    /** Daemon workers, one per core: parsing is CPU-bound. */
    private static final ExecutorService WORKERS =
            Executors.newFixedThreadPool(Math.max(1, Runtime.getRuntime().availableProcessors()), runnable -> {
                Thread thread = new Thread(runnable, "registry-validate");
                thread.setDaemon(true);
                return thread;
            });

    private RegistryLoader() {}

    /** Validates against today's date (UTC), which decides whether SLO exceptions have expired. */
    public static ValidationReport load(Path root) {
        return load(root, LocalDate.now(ZoneOffset.UTC));
    }

    /**
     * @throws ModelfleetException (user error) if {@code root} is not a readable folder; problems
     *     inside the registry are diagnostics, never exceptions
     */
    public static ValidationReport load(Path root, LocalDate today) {
        requireNonNull(root, "root is null");
        requireNonNull(today, "today is null");
        if (!Files.isDirectory(root)) {
            throw ModelfleetErrors.registryNotAFolder(root);
        }
        Path normalized = root.toAbsolutePath().normalize();
        PhaseTimer timer = new PhaseTimer();
        // Listing, schema compilation and file validation overlap: the walk hands batches of files
        // to the workers as it finds them.
        CompletableFuture<SchemaCatalog> catalog = catalogFuture();
        List<Diagnostic> diagnostics = new ArrayList<>();
        List<CompletableFuture<List<LoadedFile>>> batches = new ArrayList<>();
        List<Candidate> batch = new ArrayList<>();
        // Files checked although they are not where their kind lives, and the finding to report for one
        // whose entry does not bind (one that binds gets the policy rules' more precise path-mismatch).
        Set<String> offLayout = new HashSet<>();
        Map<String, Diagnostic> misplaced = new HashMap<>();
        discover(normalized, diagnostics, candidate -> {
            if (candidate.offLayout()) {
                String relative = RegistryPaths.relative(normalized, candidate.path());
                offLayout.add(relative);
                candidate.misplaced().ifPresent(d -> misplaced.put(relative, d));
            }
            batch.add(candidate);
            if (batch.size() == BATCH) {
                batches.add(validateAsync(normalized, catalog, List.copyOf(batch)));
                batch.clear();
            }
        });
        batches.add(validateAsync(normalized, catalog, List.copyOf(batch)));
        timer.mark("discover");
        List<LoadedFile> files = batches.stream()
                .flatMap(b -> b.join().stream())
                .sorted(Comparator.comparing(LoadedFile::path))
                .toList();
        timer.mark("files");

        // The policy rules see every entry that bound; the registry handed to commands only the clean ones.
        Optional<TierPolicies> checkedTiers = Optional.empty();
        Optional<TierPolicies> tiers = Optional.empty();
        List<Located<Team>> teams = new ArrayList<>();
        List<Located<Model>> models = new ArrayList<>();
        List<Located<Launch>> launches = new ArrayList<>();
        List<Team> cleanTeams = new ArrayList<>();
        List<Model> cleanModels = new ArrayList<>();
        List<Launch> cleanLaunches = new ArrayList<>();
        List<TrafficProfile> cleanProfiles = new ArrayList<>();
        boolean tiersFilePresent = false;
        for (LoadedFile file : files) {
            diagnostics.addAll(file.diagnostics());
            if (file.kind() == FileKind.TIERS) {
                // a tiers.yml has its own finding (file-extension), and its policies still serve the checks
                tiersFilePresent = true;
            }
            if (file.entry().isEmpty()) {
                Diagnostic notWhereItBelongs = misplaced.get(file.path());
                if (notWhereItBelongs != null) {
                    diagnostics.add(notWhereItBelongs);
                }
                continue;
            }
            boolean clean = file.clean() && !offLayout.contains(file.path());
            Object entry = file.entry().get();
            switch (file.kind()) {
                case TIERS -> {
                    if (clean) {
                        tiers = Optional.of((TierPolicies) entry);
                    }
                    if (clean || checkedTiers.isEmpty()) {
                        checkedTiers = Optional.of((TierPolicies) entry);
                    }
                }
                case TEAM -> {
                    teams.add(new Located<>((Team) entry, file.path(), locations(normalized, file)));
                    addIf(clean, cleanTeams, (Team) entry);
                }
                case MODEL -> {
                    models.add(new Located<>((Model) entry, file.path(), locations(normalized, file)));
                    addIf(clean, cleanModels, (Model) entry);
                }
                case LAUNCH -> {
                    launches.add(new Located<>((Launch) entry, file.path(), locations(normalized, file)));
                    addIf(clean, cleanLaunches, (Launch) entry);
                }
                case TRAFFIC_PROFILE -> {
                    TrafficProfile profile = (TrafficProfile) entry;
                    String expected = RegistryPaths.TRAFFIC_DIR + "/" + profile.surface() + ".yaml";
                    if (!RegistryPaths.withYamlExtension(file.path()).equals(expected)) {
                        diagnostics.add(Diagnostic.error(
                                file.path(),
                                1,
                                1,
                                "path-mismatch",
                                "traffic profile of surface '" + profile.surface() + "' is not at " + expected,
                                "move it to " + expected + " (one profile per surface)"));
                    } else {
                        addIf(clean, cleanProfiles, profile);
                    }
                }
                default -> {}
            }
        }
        if (!tiersFilePresent) {
            diagnostics.add(Diagnostic.error(
                    RegistryPaths.TIERS_FILE,
                    1,
                    1,
                    "tiers-missing",
                    "registry has no tiers.yaml",
                    "add tiers.yaml (kind: TierPolicies) at the registry root; see examples/registry/tiers.yaml"));
        }
        timer.mark("bind");
        diagnostics.addAll(new PolicyRules(checkedTiers, teams, models, launches, today).check());
        timer.mark("policy");
        // Files outside the layout are checked but are no part of the registry: not listed, not hashed.
        // Traffic profiles are checked too, but describe recorded traffic, not the fleet: not hashed either.
        List<LoadedFile> registryFiles = files.stream()
                .filter(f -> !offLayout.contains(f.path()) && f.kind() != FileKind.TRAFFIC_PROFILE)
                .toList();
        Registry registry = new Registry(
                normalized,
                tiers,
                cleanTeams,
                cleanModels,
                cleanLaunches,
                cleanProfiles,
                registryFiles.stream().map(LoadedFile::path).toList(),
                () -> contentHash(registryFiles));
        timer.mark("hash");
        timer.report();
        return new ValidationReport(registry, diagnostics, files.size());
    }

    /**
     * Loads what of a registry is valid, for work already under way that must not stop because a
     * file unrelated to it is broken (a running launch's rollback in an incident); {@code warn}
     * hears how many errors were set aside. New work (a launch submission) uses {@link #loadValid}.
     */
    public static Registry loadValidParts(Path root, Consumer<String> warn) {
        ValidationReport report = load(root);
        if (!report.isValid()) {
            warn.accept("the registry " + root + " has " + report.errorCount() + " error(s) (first: "
                    + report.diagnostics().get(0).formatLine() + "); going on with the entries that are valid");
        }
        return report.registry();
    }

    /** Loads a registry that must be valid, for commands that act on it. */
    public static Registry loadValid(Path root) {
        ValidationReport report = load(root);
        if (!report.isValid()) {
            Diagnostic first = report.diagnostics().get(0);
            throw ModelfleetErrors.registryInvalid(root, report.errorCount(), first.formatLine());
        }
        return report.registry();
    }

    /**
     * Reads one model entry that lives outside the registry, such as a launch candidate, checked
     * against the model schema (cross-file rules need the registry, so they are the caller's).
     */
    public static Model loadModelFile(Path file) {
        requireNonNull(file, "file is null");
        if (!Files.isRegularFile(file)) {
            throw ModelfleetErrors.modelEntryMissing(file);
        }
        Path absolute = file.toAbsolutePath().normalize();
        LoadedFile loaded = new FileValidator(() -> catalogFuture().join())
                .validate(absolute.getParent(), absolute, LoadedFile.FileKind.MODEL);
        List<Diagnostic> errors = loaded.diagnostics().stream()
                .filter(d -> d.severity() == Diagnostic.Severity.ERROR)
                .sorted()
                .toList();
        if (!errors.isEmpty() || loaded.entry().isEmpty()) {
            String first =
                    errors.isEmpty() ? "it holds no model entry" : errors.get(0).formatLine();
            throw ModelfleetErrors.modelEntryInvalid(
                    file,
                    Math.max(1, errors.size()),
                    first,
                    errors.isEmpty()
                            ? "write one Model entry (kind: Model)"
                            : errors.get(0).hint());
        }
        return (Model) loaded.entry().get();
    }

    private static CompletableFuture<List<LoadedFile>> validateAsync(
            Path root, CompletableFuture<SchemaCatalog> catalog, List<Candidate> candidates) {
        // Parsing does not need the schemas: workers parse first and wait for the catalog only to validate.
        return CompletableFuture.supplyAsync(
                () -> {
                    FileValidator validator = new FileValidator(catalog::join);
                    return candidates.stream()
                            .map(c -> validator.validate(root, c.path(), c.kind()))
                            .toList();
                },
                WORKERS);
    }

    private static <T> void addIf(boolean condition, List<T> list, T value) {
        if (condition) {
            list.add(value);
        }
    }

    private static Supplier<Locations> locations(Path root, LoadedFile file) {
        return () -> FileValidator.locationsOf(root.resolve(file.path()));
    }

    /**
     * Starts compiling the schemas in the background, if not yet done. A command-line tool calls
     * this first thing, so the compilation overlaps its own start-up; {@link #load} uses the result.
     */
    // Fire and forget: load() joins the same future and sees its failure, if any.
    @SuppressWarnings("FutureReturnValueIgnored")
    public static void warmUp() {
        catalogFuture();
    }

    private static CompletableFuture<SchemaCatalog> catalogFuture() {
        CompletableFuture<SchemaCatalog> current = catalog;
        if (current == null) {
            synchronized (RegistryLoader.class) {
                if (catalog == null) {
                    catalog = CompletableFuture.supplyAsync(RegistryLoader::schemas, WORKERS);
                }
                current = catalog;
            }
        }
        return current;
    }

    private static SchemaCatalog schemas() {
        SchemaCatalog catalog = schemas;
        if (catalog == null) {
            synchronized (RegistryLoader.class) {
                if (schemas == null) {
                    schemas = new SchemaCatalog();
                }
                catalog = schemas;
            }
        }
        return catalog;
    }

    /**
     * A file to check as {@code kind}. {@code offLayout}: not where that kind lives (a {@code .yml}, a
     * wrong folder), so checked but kept out of the registry; {@code misplaced}: the path-mismatch
     * finding to report if its entry does not bind.
     */
    private record Candidate(Path path, FileKind kind, boolean offLayout, Optional<Diagnostic> misplaced) {}

    /** Phase timings on standard error when MODELFLEET_TIMING is set; how the validate benchmark is read. */
    private static final class PhaseTimer {
        private final boolean enabled = System.getenv("MODELFLEET_TIMING") != null;
        private final StringBuilder line = new StringBuilder("registry load:");
        private long last = System.nanoTime();

        void mark(String phase) {
            if (enabled) {
                long now = System.nanoTime();
                line.append(String.format(Locale.ROOT, " %s %.0f ms", phase, (now - last) / 1e6));
                last = now;
            }
        }

        void report() {
            if (enabled) {
                System.err.println(line);
            }
        }
    }

    private static void discover(Path root, List<Diagnostic> diagnostics, Consumer<Candidate> candidates) {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (!dir.equals(root) && dir.getFileName().toString().startsWith(".")) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    classify(root, file, attrs, candidates, diagnostics);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    diagnostics.add(Diagnostic.error(
                            RegistryPaths.relative(root, file),
                            1,
                            1,
                            "file-unreadable",
                            "cannot read: " + e.getMessage(),
                            "check permissions"));
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw ModelfleetErrors.registryUnreadable(root, e);
        }
    }

    private static void classify(
            Path root,
            Path file,
            BasicFileAttributes attrs,
            Consumer<Candidate> candidates,
            List<Diagnostic> diagnostics) {
        String relative = RegistryPaths.relative(root, file);
        String[] parts = relative.split("/");
        String name = parts[parts.length - 1];
        if (name.startsWith(".")) {
            return;
        }
        boolean yaml = name.endsWith(".yaml");
        boolean yml = name.endsWith(".yml");
        String top = parts[0];
        boolean inRegistryFolder = parts.length > 1
                && (top.equals(RegistryPaths.TEAMS_DIR)
                        || top.equals(RegistryPaths.MODELS_DIR)
                        || top.equals(RegistryPaths.LAUNCHES_DIR)
                        || top.equals(RegistryPaths.TRAFFIC_DIR));
        if (!inRegistryFolder && !relative.equals(RegistryPaths.TIERS_FILE) && !relative.equals("tiers.yml")) {
            return;
        }
        if (!yaml && !yml) {
            return;
        }
        if (attrs.isSymbolicLink() || !attrs.isRegularFile()) {
            diagnostics.add(Diagnostic.error(
                    relative,
                    1,
                    1,
                    "file-symlink",
                    "registry entries must be regular files, not "
                            + (attrs.isSymbolicLink() ? "symbolic links" : "special files"),
                    "replace the link with the file's content"));
            return;
        }
        if (yml) {
            // Reported, and the file is still checked as the .yaml it should be, in the same run.
            diagnostics.add(Diagnostic.error(
                    relative,
                    1,
                    1,
                    "file-extension",
                    "registry files end in .yaml, not .yml",
                    "rename to " + name.substring(0, name.length() - 4) + ".yaml"));
        }
        if (relative.equals(RegistryPaths.TIERS_FILE) || relative.equals("tiers.yml")) {
            candidates.accept(new Candidate(file, FileKind.TIERS, yml, Optional.empty()));
        } else if (top.equals(RegistryPaths.TEAMS_DIR) && parts.length == 2) {
            candidates.accept(new Candidate(file, FileKind.TEAM, yml, Optional.empty()));
        } else if (top.equals(RegistryPaths.MODELS_DIR) && parts.length == 3) {
            candidates.accept(new Candidate(file, FileKind.MODEL, yml, Optional.empty()));
        } else if (top.equals(RegistryPaths.LAUNCHES_DIR) && parts.length == 2) {
            candidates.accept(new Candidate(file, FileKind.LAUNCH, yml, Optional.empty()));
        } else if (top.equals(RegistryPaths.TRAFFIC_DIR) && parts.length == 2) {
            candidates.accept(new Candidate(file, FileKind.TRAFFIC_PROFILE, yml, Optional.empty()));
        } else {
            // In the wrong folder: checked as the kind its top folder holds.
            FileKind kind = switch (top) {
                case RegistryPaths.TEAMS_DIR -> FileKind.TEAM;
                case RegistryPaths.MODELS_DIR -> FileKind.MODEL;
                case RegistryPaths.TRAFFIC_DIR -> FileKind.TRAFFIC_PROFILE;
                default -> FileKind.LAUNCH;
            };
            String expected = switch (kind) {
                case TEAM -> "teams/<team>.yaml";
                case MODEL -> "models/<team>/<id>.yaml";
                case TRAFFIC_PROFILE -> "traffic/<surface>.yaml";
                default -> "launches/<launch>.yaml";
            };
            candidates.accept(new Candidate(
                    file,
                    kind,
                    true,
                    Optional.of(Diagnostic.error(
                            relative,
                            1,
                            1,
                            "path-mismatch",
                            "file is not where its kind lives (" + expected + ")",
                            "move it to " + expected))));
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static String contentHash(List<LoadedFile> files) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            files.stream().sorted(Comparator.comparing(LoadedFile::path)).forEach(file -> {
                digest.update(file.path().getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(sha256(file.content()));
            });
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
