package io.modelfleet.jobs.slo;

import io.modelfleet.core.ModelfleetErrors;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** Files the commands hand to other programs (the metrics export, the report), replaced whole. */
public final class OutputFiles {
    private static final Set<PosixFilePermission> WORLD_READABLE = PosixFilePermissions.fromString("rw-r--r--");

    private OutputFiles() {}

    /**
     * Replaces {@code file} with {@code text} atomically: written whole to a hidden temporary file
     * in the same folder, whose name ends in {@code .tmp} (node_exporter's textfile collector reads
     * only {@code .prom} files), forced to disk, given the permissions of the file it replaces
     * (or read access for everyone), then renamed over it. A reader at any moment sees the old file
     * or the new one, whole. Creates missing folders; {@code example} is the file name suggested
     * when {@code file} is a folder.
     */
    public static void replace(Path file, String text, String example) {
        Path target = file.toAbsolutePath();
        if (Files.isDirectory(target)) {
            throw ModelfleetErrors.outputIsAFolder(file, example);
        }
        Path tmp = null;
        try {
            Files.createDirectories(target.getParent());
            tmp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".tmp");
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            if (Files.getFileStore(tmp).supportsFileAttributeView(PosixFileAttributeView.class)) {
                Files.setPosixFilePermissions(
                        tmp, Files.exists(target) ? Files.getPosixFilePermissions(target) : WORLD_READABLE);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            tmp = null;
        } catch (IOException e) {
            throw ModelfleetErrors.cannotWrite(file, e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException e) {
                    // the write already failed; that error is the one to report
                }
            }
        }
    }
}
