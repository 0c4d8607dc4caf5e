package io.modelfleet.cli;

import io.modelfleet.core.ModelfleetErrors;
import io.modelfleet.sim.hardware.HardwareProfile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Edits {@code modelfleet.yaml} as text, so that everything a person wrote there — comments, key
 * order, quoting — stays as it was: only the one top-level block being written is replaced (or
 * appended when the file has none).
 */
public final class ConfigEdits {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]*");

    private ConfigEdits() {}

    /**
     * Writes {@code profile} as the file's {@code hardware:} block, creating the file if it does
     * not exist. The new text is read as a config before it replaces the file (atomically, where
     * the file system can): a file that would not load is left as it was, and the error says why.
     *
     * @param comments lines to write as comments at the top of the block (what measured it)
     */
    public static void writeHardware(Path file, HardwareProfile profile, List<String> comments) {
        String after = withHardware(file, profile, comments);
        try {
            Path folder = file.toAbsolutePath().getParent();
            Files.createDirectories(folder);
            Path staged = Files.createTempFile(folder, "." + file.getFileName(), ".tmp");
            try {
                Files.writeString(staged, after, StandardCharsets.UTF_8);
                try {
                    Files.move(staged, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(staged, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(staged);
            }
        } catch (IOException e) {
            throw ModelfleetErrors.cannotWrite(file, e);
        }
    }

    /**
     * Fails as {@link #writeHardware} would before it writes: the file is unreadable, or is not a
     * valid config apart from its {@code hardware:} block. Lets a command that takes a while to
     * find the profile refuse before it starts.
     */
    public static void checkHardwareWritable(Path file) {
        withHardware(file, HardwareProfile.DEFAULT, List.of());
    }

    /** The file's text with {@code profile} as its hardware: block, checked to load as a config. */
    private static String withHardware(Path file, HardwareProfile profile, List<String> comments) {
        String before;
        try {
            before = Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw ModelfleetErrors.configUnreadable(file, e);
        }
        String after = withTopLevelBlock(before, "hardware", hardwareBlock(profile, comments));
        Config.parse(file, after);
        return after;
    }

    /** The {@code hardware:} block for {@code profile}, one key a line, ending with a line break. */
    public static String hardwareBlock(HardwareProfile profile, List<String> comments) {
        StringBuilder block = new StringBuilder("hardware:\n");
        for (String comment : comments) {
            block.append("  # ").append(comment.replaceAll("[\\r\\n]+", " ")).append('\n');
        }
        block.append("  name: ").append(scalar(profile.name())).append('\n');
        block.append(String.format(Locale.ROOT, "  gflops_per_core: %.2f", profile.gflopsPerCore()))
                .append('\n');
        block.append(String.format(Locale.ROOT, "  candidate_overhead_ns: %.1f", profile.candidateOverheadNs()))
                .append('\n');
        profile.calibratedAt()
                .ifPresent(at -> block.append("  calibrated_at: ")
                        .append(at.truncatedTo(ChronoUnit.SECONDS))
                        .append('\n'));
        return block.toString();
    }

    /**
     * {@code text} with its top-level {@code key:} block replaced by {@code block}, or with {@code
     * block} appended if it has none. The block is the key's line and every indented line after it
     * up to the last one before the next line that starts in the first column (another key, a
     * comment about what follows, a document marker); blank lines and comments between blocks stay.
     * Line breaks follow the text's own ({@code \r\n} or {@code \n}).
     */
    static String withTopLevelBlock(String text, String key, String block) {
        String newline = text.contains("\r\n") ? "\r\n" : "\n";
        String replacement = block.replace("\n", newline);
        List<String> lines = new ArrayList<>(List.of(text.split("\r?\n", -1)));
        Pattern start = Pattern.compile(Pattern.quote(key) + "\\s*:(\\s.*)?");
        int first = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (start.matcher(lines.get(i)).matches()) {
                first = i;
                break;
            }
        }
        if (first < 0) {
            if (text.isEmpty()) {
                return replacement;
            }
            return text + (text.endsWith("\n") ? "" : newline) + replacement;
        }
        int last = first;
        for (int i = first + 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            if (line.startsWith(" ") || line.startsWith("\t")) {
                last = i;
            } else {
                break;
            }
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < first; i++) {
            out.append(lines.get(i)).append(newline);
        }
        out.append(replacement);
        for (int i = last + 1; i < lines.size(); i++) {
            out.append(lines.get(i));
            if (i < lines.size() - 1) {
                out.append(newline);
            }
        }
        return out.toString();
    }

    /** A YAML scalar for {@code value}: plain where that reads back as the same string, else double-quoted. */
    private static String scalar(String value) {
        if (PLAIN.matcher(value).matches() && !value.matches("(?i)true|false|yes|no|on|off|null|~|[-+0-9.eE]+")) {
            return value;
        }
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
