package io.modelfleet.cli;

import static java.util.Objects.requireNonNull;

import io.modelfleet.core.Location;
import io.modelfleet.core.ModelfleetErrors;
import io.modelfleet.core.ModelfleetException.Input;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;

/** What every command shares: where it writes, where it runs, and the config it reads. */
public final class CliContext {
    private final PrintWriter out;
    private final PrintWriter err;
    private final Path cwd;
    private Optional<Path> configFile = Optional.empty();
    private Config config;

    CliContext(PrintWriter out, PrintWriter err, Path cwd) {
        this.out = requireNonNull(out, "out is null");
        this.err = requireNonNull(err, "err is null");
        this.cwd = requireNonNull(cwd, "cwd is null");
    }

    public PrintWriter out() {
        return out;
    }

    public PrintWriter err() {
        return err;
    }

    public Path cwd() {
        return cwd;
    }

    /** Resolves a path the user typed against the working folder. */
    public Path resolve(Path path) {
        return cwd.resolve(path).normalize();
    }

    /**
     * A folder or URL the user typed for the warehouse or the logs: a URL with a scheme ({@code
     * s3a://bucket/warehouse}), or a path relative to the working folder.
     */
    public Location location(String text, Input input) {
        try {
            return Location.parse(text, cwd);
        } catch (IllegalArgumentException e) {
            throw ModelfleetErrors.badLocation(input, e.getMessage());
        }
    }

    void configFile(Optional<Path> file) {
        this.configFile = file.map(this::resolve);
    }

    /**
     * The modelfleet.yaml a command that writes the config edits: the --config file if given, else
     * the one in the working folder (whether or not it exists yet). Does not read it.
     */
    public Path configTarget() {
        return configFile.orElse(cwd.resolve(Config.FILE_NAME));
    }

    /** The config, read on first use so that commands which need none start faster. */
    public Config config() {
        if (config == null) {
            config = Config.resolve(configFile, cwd);
        }
        return config;
    }
}
