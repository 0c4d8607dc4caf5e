package io.modelfleet.registry.internal;

import io.modelfleet.core.ModelfleetErrors;
import io.modelfleet.core.ModelfleetException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** The few git plumbing calls the registry needs, run as processes against the user's checkout. */
public final class Git {
    private final Path workDir;

    public Git(Path workDir) {
        this.workDir = workDir;
    }

    /** The commit checked out, if {@code workDir} is inside a git work tree. */
    public Optional<String> headCommit() {
        return tryRun("rev-parse", "HEAD");
    }

    /** True if files under {@code path} differ from HEAD (staged, unstaged or untracked). */
    public boolean isDirty(Path path) {
        return tryRun("status", "--porcelain", "--", path.toString())
                .map(s -> !s.isEmpty())
                .orElse(false);
    }

    /**
     * The files git tracks under the work folder, relative to it with forward slashes, if it is
     * inside a git work tree. Entries marked skip-worktree or assume-unchanged are left out:
     * {@code git status} does not compare them with the working tree, so they are not known clean.
     */
    public Optional<Set<String>> trackedFiles() {
        // -z: paths unquoted and NUL-separated; -v: a tag per entry, 'H' for an ordinary cached file
        return tryRun("ls-files", "-z", "-v", "--", ".")
                .map(out -> Arrays.stream(out.split("\0"))
                        .filter(entry -> entry.startsWith("H "))
                        .map(entry -> entry.substring(2))
                        .collect(Collectors.toUnmodifiableSet()));
    }

    public Optional<String> topLevel() {
        return tryRun("rev-parse", "--show-toplevel");
    }

    public String resolveCommit(String ref) {
        return run("rev-parse", "--verify", "--quiet", ref + "^{commit}");
    }

    /** Extracts {@code pathInRepo} (relative to the repository's top) as of {@code ref} into {@code target}. */
    public void export(String ref, String pathInRepo, Path target) {
        String treeish = pathInRepo.isEmpty() ? ref : ref + ":" + pathInRepo;
        ProcessBuilder archive = new ProcessBuilder("git", "-C", workDir.toString(), "archive", "--format=tar", treeish)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        ProcessBuilder untar =
                new ProcessBuilder("tar", "-x", "-C", target.toString()).redirectError(ProcessBuilder.Redirect.DISCARD);
        try {
            List<Process> pipeline = ProcessBuilder.startPipeline(List.of(archive, untar));
            List<Integer> codes = new ArrayList<>();
            for (Process process : pipeline) {
                codes.add(process.waitFor());
            }
            if (codes.get(0) != 0) {
                throw ModelfleetErrors.notInCommit(ref, pathInRepo);
            }
            if (codes.get(1) != 0) {
                throw ModelfleetErrors.untarFailed(ref, codes.get(1));
            }
        } catch (IOException e) {
            throw ModelfleetErrors.gitMissing(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ModelfleetErrors.interrupted("reading git", e);
        }
    }

    private Optional<String> tryRun(String... args) {
        try {
            return Optional.of(run(args));
        } catch (ModelfleetException e) {
            return Optional.empty();
        }
    }

    private String run(String... args) {
        List<String> command = new ArrayList<>(List.of("git", "-C", workDir.toString()));
        command.addAll(List.of(args));
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(false).start();
            process.getOutputStream().close();
            String out;
            try (InputStream in = process.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
            }
            String err;
            try (InputStream in = process.getErrorStream()) {
                err = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
            }
            int code = process.waitFor();
            if (code != 0) {
                throw ModelfleetErrors.gitFailed(List.of(args), err, code);
            }
            return out;
        } catch (IOException e) {
            throw ModelfleetErrors.gitMissing(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ModelfleetErrors.interrupted("running git", e);
        }
    }
}
