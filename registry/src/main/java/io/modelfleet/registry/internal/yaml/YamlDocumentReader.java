package io.modelfleet.registry.internal.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.common.Anchor;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.CollectionStartEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

/**
 * Turns the bytes of one registry file into a Jackson tree with the position of every node.
 *
 * <p>Works on the parser's event stream rather than a composed node graph, so that every limit
 * (size, depth, alias expansion) is enforced while reading: a hostile file is rejected in time
 * and memory proportional to its size, never to what it would expand to. Scalars resolve by the
 * YAML 1.2 core schema.
 *
 * <p>Two kinds of problem, told apart by whether the tree read so far can still be trusted:
 *
 * <ul>
 *   <li>A problem that leaves no trustworthy tree is thrown: bad encoding, a file too large, too deep
 *       or expanding too far (alias bombs), broken syntax, a second document, a top level that is not
 *       a mapping, undefined aliases, non-text keys and language tags. Reading stops there, so a
 *       hostile file costs no more than its first bad byte.
 *   <li>A value that YAML tools disagree on is a finding of the {@link YamlDocument}, and reading goes
 *       on with the value as this reader's YAML 1.2 core schema reads it, so schema and policy checks
 *       of the rest of the file still run: {@code yes}/{@code no}/{@code on}/{@code off}/{@code y}/
 *       {@code n} stay text ({@code yaml-ambiguous-boolean}); {@code 0755} is the decimal 755 and
 *       {@code 1:30} text ({@code yaml-ambiguous-number}); {@code .inf}, {@code .nan} and overflowing
 *       numbers stay text ({@code yaml-non-finite-number}: the registry holds finite numbers only, so
 *       the schema then says which field wanted one); a value that does not fit its explicit
 *       {@code !!int}/{@code !!float}/{@code !!bool} tag stays text ({@code yaml-bad-value}); of a
 *       duplicated key the last value wins, as in the YAML loaders that accept duplicates
 *       ({@code yaml-duplicate-key}).
 * </ul>
 */
public final class YamlDocumentReader {
    public static final int MAX_FILE_BYTES = 1 << 20;
    public static final int MAX_DEPTH = 32;
    public static final int MAX_NODES = 20_000;
    /** Findings read past in one file before the read stops; a hand-written entry has a few at most. */
    public static final int MAX_FINDINGS = 100;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int DEFAULT_BUFFER = 1024;
    private static final LoadSettings LOCATED = settings(true, DEFAULT_BUFFER);
    private static final LoadSettings UNLOCATED = settings(false, DEFAULT_BUFFER);

    private static final Set<String> YAML11_BOOLEANS =
            Set.of("y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF");
    private static final Set<String> NULLS = Set.of("", "~", "null", "Null", "NULL");
    private static final Set<String> TRUES = Set.of("true", "True", "TRUE");
    private static final Set<String> FALSES = Set.of("false", "False", "FALSE");
    private static final Pattern DECIMAL = Pattern.compile("[-+]?[0-9]+");
    private static final Pattern OCTAL = Pattern.compile("0o[0-7]+");
    private static final Pattern HEX = Pattern.compile("0x[0-9a-fA-F]+");
    private static final Pattern FLOAT = Pattern.compile("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");
    private static final Pattern SPECIAL_FLOAT = Pattern.compile("[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN)");
    private static final Pattern YAML11_SEXAGESIMAL = Pattern.compile("[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\\.[0-9_]*)?");

    private static final String TAG_PREFIX = "tag:yaml.org,2002:";

    private YamlDocumentReader() {}

    private static LoadSettings settings(boolean marks, int bufferSize) {
        return LoadSettings.builder()
                .setUseMarks(marks)
                .setBufferSize(bufferSize)
                .setAllowDuplicateKeys(true) // detected here, with both positions
                .setCodePointLimit(MAX_FILE_BYTES)
                .build();
    }

    /**
     * Reads without recording positions: the fast path for the common, valid file. A problem or
     * finding met here is reported by re-reading with {@link #readLocated}, which meets the same ones
     * with their positions.
     */
    public static YamlDocument read(byte[] bytes) throws YamlProblem {
        return read(bytes, false);
    }

    /** Reads and records the position of every node. */
    public static YamlDocument readLocated(byte[] bytes) throws YamlProblem {
        return read(bytes, true);
    }

    private static YamlDocument read(byte[] bytes, boolean locate) throws YamlProblem {
        if (bytes.length > MAX_FILE_BYTES) {
            throw new YamlProblem(
                    "yaml-too-large",
                    1,
                    1,
                    "file is " + bytes.length + " bytes; registry files may be at most " + MAX_FILE_BYTES + " bytes",
                    "split the content or remove what does not belong in a registry entry");
        }
        String text = decode(bytes);
        return parse(text, locate);
    }

    static String decode(byte[] bytes) throws YamlProblem {
        int start = 0;
        if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB && (bytes[2] & 0xff) == 0xBF) {
            start = 3;
        } else if (bytes.length >= 2
                && (((bytes[0] & 0xff) == 0xFE && (bytes[1] & 0xff) == 0xFF)
                        || ((bytes[0] & 0xff) == 0xFF && (bytes[1] & 0xff) == 0xFE))) {
            throw new YamlProblem(
                    "yaml-encoding",
                    1,
                    1,
                    "file is UTF-16 encoded; registry files must be UTF-8",
                    "re-save the file as UTF-8, e.g. iconv -f UTF-16 -t UTF-8");
        }
        if (isAscii(bytes, start)) {
            String ascii = new String(bytes, start, bytes.length - start, StandardCharsets.ISO_8859_1);
            if (ascii.indexOf('\0') >= 0) {
                int[] position = positionOfChar(ascii, ascii.indexOf('\0'));
                throw new YamlProblem(
                        "yaml-encoding",
                        position[0],
                        position[1],
                        "file contains a NUL character",
                        "registry files are text; remove the binary content");
            }
            return ascii;
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            int offset = in.position();
            int[] position = positionOfByte(bytes, start, offset);
            throw new YamlProblem(
                    "yaml-encoding",
                    position[0],
                    position[1],
                    String.format("invalid UTF-8 byte 0x%02X", bytes[offset] & 0xff),
                    "registry files must be UTF-8; re-save the file as UTF-8 and check for stray binary data");
        }
        try {
            decoder.flush(out);
        } catch (IllegalStateException e) {
            throw new IllegalStateException("Cannot flush UTF-8 decoder", e);
        }
        out.flip();
        String text = out.toString();
        if (text.indexOf('\0') >= 0) {
            int[] position = positionOfChar(text, text.indexOf('\0'));
            throw new YamlProblem(
                    "yaml-encoding",
                    position[0],
                    position[1],
                    "file contains a NUL character",
                    "registry files are text; remove the binary content");
        }
        return text;
    }

    private static boolean isAscii(byte[] bytes, int start) {
        for (int i = start; i < bytes.length; i++) {
            if (bytes[i] < 0) {
                return false;
            }
        }
        return true;
    }

    private static int[] positionOfByte(byte[] bytes, int start, int offset) {
        int line = 1;
        int lineStart = start;
        for (int i = start; i < offset; i++) {
            if (bytes[i] == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        int column = 1;
        for (int i = lineStart; i < offset; i++) {
            if ((bytes[i] & 0xC0) != 0x80) {
                column++;
            }
        }
        return new int[] {line, column};
    }

    private static int[] positionOfChar(String text, int index) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < index; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new int[] {line, index - lineStart + 1};
    }

    static YamlDocument parse(String text, boolean locate) throws YamlProblem {
        Builder builder = new Builder(locate);
        try {
            return parse(builder, text, locate);
        } catch (YamlProblem problem) {
            // what was read past before the read stopped is reported with it
            throw problem.after(builder.findings);
        }
    }

    private static YamlDocument parse(Builder builder, String text, boolean locate) throws YamlProblem {
        try {
            // snakeyaml-engine fails on a surrogate pair split across its read buffer
            // (networknt/json-schema-validator#1231): read a larger document in one piece.
            LoadSettings settings = text.length() < DEFAULT_BUFFER - 1
                    ? (locate ? LOCATED : UNLOCATED)
                    : settings(locate, text.length() + 2);
            return builder.build(new ParserImpl(settings, new StreamReader(settings, text)));
        } catch (MarkedYamlEngineException e) {
            Mark mark = e.getProblemMark().or(e::getContextMark).orElse(null);
            String problem = e.getProblem() == null ? firstLine(e.getMessage()) : e.getProblem();
            String context = e.getContext() == null ? "" : " (" + e.getContext() + ")";
            throw new YamlProblem(
                    "yaml-syntax",
                    mark == null ? 1 : mark.getLine() + 1,
                    mark == null ? 1 : mark.getColumn() + 1,
                    "YAML syntax error: " + problem + context,
                    syntaxHint(problem));
        } catch (YamlEngineException e) {
            throw new YamlProblem(
                    "yaml-syntax",
                    1,
                    1,
                    "YAML error: " + firstLine(e.getMessage()),
                    "fix the YAML so that a YAML 1.2 parser accepts it");
        } catch (RuntimeException e) {
            // A parser bug must not crash validation of the whole registry: report it on the file.
            throw new YamlProblem(
                    "yaml-syntax",
                    1,
                    1,
                    "the YAML parser failed on this file: " + e,
                    "simplify the file around unusual characters; please report it with the file attached");
        } catch (StackOverflowError e) {
            throw new YamlProblem(
                    "yaml-too-deep",
                    1,
                    1,
                    "document nests too deeply to read",
                    "registry entries nest at most " + MAX_DEPTH + " levels");
        }
    }

    private static String syntaxHint(String problem) {
        String lower = problem.toLowerCase(Locale.ROOT);
        if (lower.contains("tab")) {
            return "YAML does not allow tabs for indentation; indent with spaces";
        }
        if (lower.contains("special characters") || lower.contains("non-printable")) {
            return "remove control characters; registry files are plain UTF-8 text";
        }
        return "check indentation, quoting and colons around this position";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable document";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** Builds the tree from events; one instance per document. */
    private static final class Builder {
        private final boolean locate;
        private final Locations locations;
        private final Deque<Frame> stack = new ArrayDeque<>();
        private final Map<String, Anchored> anchors = new HashMap<>();
        private final List<YamlProblem> findings = new ArrayList<>();
        private int nodes;
        private JsonNode root;

        Builder(boolean locate) {
            this.locate = locate;
            this.locations = locate ? new Locations() : Locations.NONE;
        }

        /**
         * Reads on past a value YAML tools disagree on; see the class comment for what each becomes. A
         * file full of them (a generated or mangled file) stops at the first past {@link #MAX_FINDINGS}.
         */
        private void finding(YamlProblem problem) throws YamlProblem {
            if (findings.size() == MAX_FINDINGS) {
                throw new YamlProblem(
                        problem.rule(),
                        problem.line(),
                        problem.column(),
                        problem.getMessage(),
                        problem.hint() + " (the file has more than " + MAX_FINDINGS
                                + " such findings; its schema is checked once they are fixed)");
            }
            findings.add(problem);
        }

        YamlDocument build(ParserImpl parser) throws YamlProblem {
            int documents = 0;
            Mark documentMark = null;
            while (parser.hasNext()) {
                Event event = parser.next();
                switch (event.getEventId()) {
                    case DocumentStart -> {
                        documents++;
                        if (documents > 1) {
                            int[] p = position(event);
                            throw new YamlProblem(
                                    "yaml-multi-document",
                                    p[0],
                                    p[1],
                                    "file holds more than one YAML document",
                                    "keep one entry per file; remove the extra '---' and what follows, or move it to its own file");
                        }
                        documentMark = event.getStartMark().orElse(null);
                    }
                    case MappingStart, SequenceStart -> startCollection((CollectionStartEvent) event);
                    case MappingEnd, SequenceEnd -> endCollection();
                    case Scalar -> scalar((ScalarEvent) event);
                    case Alias -> alias((AliasEvent) event);
                    default -> {}
                }
            }
            if (root == null || root.isNull()) {
                throw new YamlProblem(
                        "yaml-empty",
                        1,
                        1,
                        "file holds no YAML content",
                        "write the entry (it starts with 'kind:'), or delete the file");
            }
            if (!root.isObject()) {
                int line = documentMark == null ? 1 : documentMark.getLine() + 1;
                throw new YamlProblem(
                        "yaml-not-mapping",
                        line,
                        1,
                        "top level of the file is a " + describe(root) + ", not a mapping",
                        "a registry entry is a mapping of 'key: value' lines starting with 'kind:'");
            }
            return new YamlDocument((ObjectNode) root, locations, findings);
        }

        private void startCollection(CollectionStartEvent event) throws YamlProblem {
            checkTag(event.getTag(), event, event.getEventId() == Event.ID.MappingStart ? "map" : "seq");
            String pointer = pointerForNewNode(event);
            if (stack.size() >= MAX_DEPTH) {
                int[] p = position(event);
                throw new YamlProblem(
                        "yaml-too-deep",
                        p[0],
                        p[1],
                        "nesting deeper than " + MAX_DEPTH + " levels",
                        "registry entries are shallow; flatten this structure");
            }
            ContainerNode<?> node =
                    event.getEventId() == Event.ID.MappingStart ? NODES.objectNode() : NODES.arrayNode();
            countNodes(1, event);
            int[] p = position(event);
            locations.putValue(pointer, p[0], p[1]);
            stack.push(new Frame(node, pointer, event.getAnchor(), nodes));
        }

        private void endCollection() throws YamlProblem {
            Frame frame = stack.pop();
            if (frame.anchor.isPresent()) {
                anchors.put(frame.anchor.get().getValue(), new Anchored(frame.node, nodes - frame.nodesBefore + 1));
            }
            attach(frame.node);
        }

        private void scalar(ScalarEvent event) throws YamlProblem {
            Frame parent = stack.peek();
            if (parent != null && parent.isMapping() && parent.pendingKey == null) {
                key(parent, event);
                return;
            }
            String pointer = pointerForNewNode(event);
            JsonNode value = resolve(event);
            countNodes(1, event);
            int[] p = position(event);
            locations.putValue(pointer, p[0], p[1]);
            event.getAnchor().ifPresent(anchor -> anchors.put(anchor.getValue(), new Anchored(value, 1)));
            attach(value);
        }

        private void key(Frame parent, ScalarEvent event) throws YamlProblem {
            int[] p = position(event);
            String key = event.getValue();
            if (event.isPlain() && key.isEmpty()) {
                throw new YamlProblem(
                        "yaml-non-string-key", p[0], p[1], "mapping key is empty", "write a key before the ':'");
            }
            ObjectNode object = (ObjectNode) parent.node;
            String pointer = locate ? parent.pointer + "/" + Locations.escape(key) : "";
            parent.pendingKey = key;
            if (object.has(key)) {
                // The key keeps its first position, which later repeats name; the value read next replaces the
                // earlier one.
                int[] first = locations.ofKey(pointer);
                finding(new YamlProblem(
                        "yaml-duplicate-key",
                        p[0],
                        p[1],
                        "duplicate key '" + key + "' (first defined at line " + first[0] + ", column " + first[1] + ")",
                        "remove one of the two; with duplicate keys, YAML tools disagree on which value wins"));
                return;
            }
            locations.putKey(pointer, p[0], p[1]);
        }

        private void alias(AliasEvent event) throws YamlProblem {
            Frame parent = stack.peek();
            int[] p = position(event);
            if (parent != null && parent.isMapping() && parent.pendingKey == null) {
                throw new YamlProblem(
                        "yaml-non-string-key",
                        p[0],
                        p[1],
                        "an alias is used as a mapping key",
                        "write keys as plain text");
            }
            String name = event.getAlias().getValue();
            Anchored anchored = anchors.get(name);
            if (anchored == null) {
                throw new YamlProblem(
                        "yaml-alias",
                        p[0],
                        p[1],
                        "alias '*" + name + "' refers to an anchor that is not defined before it (or to itself)",
                        "define '&" + name + "' earlier in the file, outside the node that uses it");
            }
            String pointer = pointerForNewNode(event);
            countNodes(anchored.size, event);
            locations.putValue(pointer, p[0], p[1]);
            attach(anchored.node);
        }

        private String pointerForNewNode(Event event) throws YamlProblem {
            Frame parent = stack.peek();
            if (parent == null) {
                if (root != null) {
                    int[] p = position(event);
                    throw new YamlProblem(
                            "yaml-multi-document",
                            p[0],
                            p[1],
                            "more than one top-level node",
                            "keep one entry per file");
                }
                return "";
            }
            if (parent.isMapping()) {
                if (parent.pendingKey == null) {
                    int[] p = position(event);
                    throw new YamlProblem(
                            "yaml-non-string-key",
                            p[0],
                            p[1],
                            "mapping key is a collection, not text",
                            "write keys as plain text");
                }
                return locate ? parent.pointer + "/" + Locations.escape(parent.pendingKey) : "";
            }
            return locate ? parent.pointer + "/" + ((ArrayNode) parent.node).size() : "";
        }

        private void attach(JsonNode node) {
            Frame parent = stack.peek();
            if (parent == null) {
                root = node;
            } else if (parent.isMapping()) {
                ((ObjectNode) parent.node).set(parent.pendingKey, node);
                parent.pendingKey = null;
            } else {
                ((ArrayNode) parent.node).add(node);
            }
        }

        private void countNodes(int count, Event event) throws YamlProblem {
            nodes += count;
            if (nodes > MAX_NODES) {
                int[] p = position(event);
                throw new YamlProblem(
                        "yaml-too-large",
                        p[0],
                        p[1],
                        "document expands to more than " + MAX_NODES + " nodes (aliases count once per use)",
                        "registry entries are small; remove repeated aliases ('*name') or split the file");
            }
        }

        private JsonNode resolve(ScalarEvent event) throws YamlProblem {
            String value = event.getValue();
            Optional<String> tag = event.getTag();
            if (tag.isPresent() && !tag.get().equals("!")) {
                checkTag(tag, event, null);
                return typed(tag.get().substring(TAG_PREFIX.length()), value, event);
            }
            if (!event.isPlain()) {
                return NODES.textNode(value);
            }
            if (YAML11_BOOLEANS.contains(value)) {
                int[] p = position(event);
                finding(new YamlProblem(
                        "yaml-ambiguous-boolean",
                        p[0],
                        p[1],
                        "'" + value + "' is text in YAML 1.2 but the boolean "
                                + (isYaml11True(value) ? "true" : "false") + " in YAML 1.1 tools",
                        "quote it ('" + value + "') if you mean the text; write true or false if you mean a boolean"));
                return NODES.textNode(value);
            }
            if (NULLS.contains(value)) {
                return NODES.nullNode();
            }
            if (TRUES.contains(value)) {
                return NODES.booleanNode(true);
            }
            if (FALSES.contains(value)) {
                return NODES.booleanNode(false);
            }
            if (!mayBeNumber(value)) {
                return NODES.textNode(value);
            }
            if (DECIMAL.matcher(value).matches()) {
                String digits = value.startsWith("-") || value.startsWith("+") ? value.substring(1) : value;
                if (digits.length() > 1 && digits.startsWith("0")) {
                    int[] p = position(event);
                    finding(new YamlProblem(
                            "yaml-ambiguous-number",
                            p[0],
                            p[1],
                            "'" + value + "' has a leading zero: YAML 1.1 tools read it as an octal number",
                            "drop the leading zero, or quote it ('" + value + "') if it is text"));
                }
                return integer(value, 10);
            }
            if (OCTAL.matcher(value).matches()) {
                return integer(value.substring(2), 8);
            }
            if (HEX.matcher(value).matches()) {
                return integer(value.substring(2), 16);
            }
            if (FLOAT.matcher(value).matches()) {
                double number = Double.parseDouble(value);
                if (Double.isInfinite(number)) {
                    int[] p = position(event);
                    finding(new YamlProblem(
                            "yaml-non-finite-number",
                            p[0],
                            p[1],
                            "'" + value + "' is too large to be a number",
                            "registry values are finite; write a smaller number"));
                    return NODES.textNode(value);
                }
                return NODES.numberNode(number);
            }
            if (SPECIAL_FLOAT.matcher(value).matches()) {
                int[] p = position(event);
                finding(new YamlProblem(
                        "yaml-non-finite-number",
                        p[0],
                        p[1],
                        "'" + value + "' is not a finite number",
                        "registry values are finite; quote it if it is text"));
                return NODES.textNode(value);
            }
            if (YAML11_SEXAGESIMAL.matcher(value).matches()) {
                int[] p = position(event);
                finding(new YamlProblem(
                        "yaml-ambiguous-number",
                        p[0],
                        p[1],
                        "'" + value + "' is a base-60 number in YAML 1.1 tools",
                        "quote it ('" + value + "') if it is text"));
            }
            return NODES.textNode(value);
        }

        /** Every number form starts with a digit, a sign or a dot; most text does not, and skips the patterns. */
        private static boolean mayBeNumber(String value) {
            char first = value.charAt(0);
            return (first >= '0' && first <= '9') || first == '-' || first == '+' || first == '.';
        }

        private static boolean isYaml11True(String value) {
            char first = Character.toLowerCase(value.charAt(0));
            return first == 'y' || value.equalsIgnoreCase("on");
        }

        private JsonNode typed(String type, String value, ScalarEvent event) throws YamlProblem {
            int[] p = position(event);
            try {
                switch (type) {
                    case "str":
                        return NODES.textNode(value);
                    case "int":
                        return integer(value, 10);
                    case "float":
                        double d = Double.parseDouble(value);
                        if (!Double.isFinite(d)) {
                            throw new NumberFormatException("not finite");
                        }
                        return NODES.numberNode(d);
                    case "bool":
                        if (TRUES.contains(value) || FALSES.contains(value)) {
                            return NODES.booleanNode(TRUES.contains(value));
                        }
                        throw new NumberFormatException("not a boolean");
                    case "null":
                        return NODES.nullNode();
                    default:
                        throw new YamlProblem(
                                "yaml-unsupported-tag",
                                p[0],
                                p[1],
                                "tag '!!" + type + "' is not supported on a value",
                                "remove the tag; registry files use plain values");
                }
            } catch (NumberFormatException e) {
                finding(new YamlProblem(
                        "yaml-bad-value",
                        p[0],
                        p[1],
                        "'" + value + "' is not a valid !!" + type,
                        "fix the value or remove the explicit tag"));
                return NODES.textNode(value);
            }
        }

        private JsonNode integer(String digits, int radix) {
            BigInteger big = new BigInteger(digits, radix);
            return big.bitLength() < 64 ? NODES.numberNode(big.longValue()) : NODES.numberNode(big);
        }

        private void checkTag(Optional<String> tag, Event event, String expected) throws YamlProblem {
            if (tag.isEmpty() || tag.get().equals("!")) {
                return;
            }
            String t = tag.get();
            boolean standard = t.startsWith(TAG_PREFIX)
                    && Set.of("str", "int", "float", "bool", "null", "map", "seq")
                            .contains(t.substring(TAG_PREFIX.length()));
            if (!standard || (expected != null && !t.equals(TAG_PREFIX + expected))) {
                int[] p = position(event);
                throw new YamlProblem(
                        "yaml-unsupported-tag",
                        p[0],
                        p[1],
                        "tag '" + t + "' is not allowed in registry files",
                        "remove the tag; registry files hold plain data, never language-specific objects");
            }
        }

        private static String describe(JsonNode node) {
            if (node.isArray()) {
                return "list";
            }
            return node.isTextual() ? "text value" : node.getNodeType().name().toLowerCase(Locale.ROOT) + " value";
        }

        private static int[] position(Event event) {
            return event.getStartMark()
                    .map(m -> new int[] {m.getLine() + 1, m.getColumn() + 1})
                    .orElse(new int[] {1, 1});
        }
    }

    private static final class Frame {
        final ContainerNode<?> node;
        final String pointer;
        final Optional<Anchor> anchor;
        final int nodesBefore;
        String pendingKey;

        Frame(ContainerNode<?> node, String pointer, Optional<Anchor> anchor, int nodesBefore) {
            this.node = node;
            this.pointer = pointer;
            this.anchor = anchor;
            this.nodesBefore = nodesBefore;
        }

        boolean isMapping() {
            return node.isObject();
        }
    }

    private record Anchored(JsonNode node, int size) {}
}
