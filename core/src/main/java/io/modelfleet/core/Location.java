package io.modelfleet.core;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a warehouse or a prediction-log folder lives: a local folder, or a URL a Hadoop file system
 * serves ({@code s3a://bucket/warehouse}, {@code hdfs://nn/logs}, {@code abfss://…}). Spark and
 * Hadoop take either as the string {@link #toString()} gives; only code that must touch the local
 * disk asks for {@link #localPath()}.
 */
public final class Location {
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://.*");

    private final Path local;
    private final URI remote;

    private Location(Path local, URI remote) {
        this.local = local;
        this.remote = remote;
    }

    /** A local folder, made absolute. */
    public static Location of(Path folder) {
        return new Location(folder.toAbsolutePath().normalize(), null);
    }

    /**
     * {@code text} as a user wrote it: a URL with a scheme ({@code file://} is a local folder), or a
     * local path relative to {@code base}.
     *
     * @throws IllegalArgumentException when a URL is malformed or names no bucket or host; the
     *     message says what is wrong
     */
    public static Location parse(String text, Path base) {
        requireNonNull(text, "text is null");
        String trimmed = text.strip();
        if (!SCHEME.matcher(trimmed).matches()) {
            return of(base.resolve(trimmed));
        }
        URI uri;
        try {
            uri = new URI(trimmed);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + text + "' is not a valid URL: " + e.getReason(), e);
        }
        if ("file".equalsIgnoreCase(uri.getScheme())) {
            return of(Path.of(uri));
        }
        if (uri.getAuthority() == null || uri.getAuthority().isBlank()) {
            throw new IllegalArgumentException("'" + text + "' names no bucket or host after '" + uri.getScheme()
                    + "://' (write it as " + uri.getScheme() + "://BUCKET/FOLDER)");
        }
        String path = uri.getPath() == null ? "" : uri.getPath().replaceAll("/+$", "");
        return new Location(null, URI.create(uri.getScheme() + "://" + uri.getRawAuthority() + path));
    }

    public boolean isLocal() {
        return local != null;
    }

    /** The local folder; empty for a location on another file system. */
    public Optional<Path> localPath() {
        return Optional.ofNullable(local);
    }

    /** The location {@code name} inside this one. */
    public Location resolve(String name) {
        if (local != null) {
            return new Location(local.resolve(name), null);
        }
        return new Location(null, URI.create(remote + "/" + name));
    }

    /** The location next to this one, named {@code name}. */
    public Location sibling(String name) {
        return parent().resolve(name);
    }

    /** The folder this location is in (a bucket's root is its own). */
    public Location parent() {
        if (local != null) {
            Path parent = local.getParent();
            return parent == null ? this : new Location(parent, null);
        }
        String text = remote.toString();
        int slash = text.lastIndexOf('/');
        boolean atRoot = slash < remote.getScheme().length() + 3;
        return atRoot ? this : new Location(null, URI.create(text.substring(0, slash)));
    }

    /** The last part of the location: the folder's or the table's name. */
    public String name() {
        if (local != null) {
            Path fileName = local.getFileName();
            return fileName == null ? local.toString() : fileName.toString();
        }
        String path = remote.getPath();
        return path == null || path.isEmpty() ? remote.getAuthority() : path.substring(path.lastIndexOf('/') + 1);
    }

    /** The form Spark, Hadoop and people read: an absolute local path, or the URL. */
    @Override
    public String toString() {
        return local != null ? local.toString() : remote.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Location that && toString().equals(that.toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }
}
