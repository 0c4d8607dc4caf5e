import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Writes FILE.sha256 beside each FILE in the format {@code sha256sum -c} reads ("HEX  NAME"), which is what the
 * GitHub Action and the README's install steps check. Run as {@code java Checksum.java FILE...}.
 */
public final class Checksum {
    private Checksum() {}

    public static void main(String[] args) throws Exception {
        for (String name : args) {
            write(Path.of(name));
        }
    }

    private static void write(Path file) throws Exception {
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha256.update(buffer, 0, n);
            }
        }
        String hex = HexFormat.of().formatHex(sha256.digest());
        Path out = file.resolveSibling(file.getFileName() + ".sha256");
        Files.writeString(out, hex + "  " + file.getFileName() + "\n");
        System.out.println(hex + "  " + file.getFileName() + " (" + Files.size(file) / (1024 * 1024) + " MiB)");
    }
}
