import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Stages what the distribution archive's lib/ holds, from the class paths the build already wrote for
 * bin/modelfleet: cli/target/classpath.txt (the lean commands, no Spark) and demo/target/classpath.txt
 * (everything else). Each jar is copied once under its own file name; lean.classpath and full.classpath
 * list the file names in class-path order, so the unpacked launcher starts exactly what the checkout's
 * does. THIRD-PARTY.txt names every bundled jar with the license its POM (or a parent POM) declares.
 *
 * <p>Run by the dist module (exec-maven-plugin) as a single-file program:
 * {@code java Stage.java ROOT STAGE_DIR VERSION}.
 */
public final class Stage {
    private static final String OWN_GROUP_PATH = "/io/modelfleet/";

    private Stage() {}

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]).toAbsolutePath().normalize();
        Path stage = Path.of(args[1]);
        String version = args[2];
        Path lib = stage.resolve("lib");
        // A jar left from an earlier build (an upgraded library) must not ride along.
        if (Files.isDirectory(lib)) {
            try (var old = Files.list(lib)) {
                for (Path file : old.toList()) {
                    Files.delete(file);
                }
            }
        }
        Files.createDirectories(lib);

        // As in a checkout, the lists hold the libraries; the launcher puts modelfleet-cli.jar or
        // modelfleet-demo.jar in front.
        List<Path> lean = classPath(root.resolve("cli/target/classpath.txt"));
        List<Path> full = classPath(root.resolve("demo/target/classpath.txt"));
        List<Path> launched = List.of(
                root.resolve("cli/target/modelfleet-cli.jar"),
                root.resolve("demo/target/modelfleet-demo.jar"),
                root.resolve("assembly/target/modelfleet-jobs.jar"));

        Map<String, Path> jars = new LinkedHashMap<>();
        for (Path jar : concat(launched, lean, full)) {
            Path other = jars.putIfAbsent(jar.getFileName().toString(), jar);
            if (other != null && !other.equals(jar)) {
                throw new IllegalStateException("Cannot stage lib/: two jars named " + jar.getFileName() + ": "
                        + other + " and " + jar);
            }
        }
        for (Path jar : jars.values()) {
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException("Cannot stage lib/: " + jar + " is missing; run the package phase"
                        + " of the modules before dist (./mvnw package)");
            }
            Path staged = lib.resolve(jar.getFileName().toString());
            // A hard link where the local repository shares the file system: 300 MB not copied on every build.
            try {
                Files.createLink(staged, jar);
            } catch (IOException | UnsupportedOperationException e) {
                Files.copy(jar, staged, StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        Files.write(lib.resolve("lean.classpath"), fileNames(lean));
        Files.write(lib.resolve("full.classpath"), fileNames(full));
        // The commands that start on the lean class path, as the cli module lists them.
        Files.copy(root.resolve("cli/target/classes/modelfleet-lean-commands.txt"), lib.resolve("lean-commands.txt"),
                StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(lib.resolve("commit"), commit(root));

        Files.writeString(stage.resolve("THIRD-PARTY.txt"), thirdParty(version, jars.values()));
        System.out.printf("staged %d jars (lean class path %d, full %d) in %s%n", jars.size(), lean.size(),
                full.size(), lib);
    }

    /** The checkout's short commit, for `modelfleet --version`; empty outside a git checkout. */
    private static String commit(Path root) throws InterruptedException {
        try {
            Process git = new ProcessBuilder("git", "-C", root.toString(), "rev-parse", "--short", "HEAD")
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return git.waitFor() == 0 && !out.isEmpty() ? out + "\n" : "";
        } catch (IOException e) {
            return "";
        }
    }

    @SafeVarargs
    private static List<Path> concat(List<Path>... lists) {
        List<Path> all = new ArrayList<>();
        for (List<Path> list : lists) {
            all.addAll(list);
        }
        return all;
    }

    private static List<Path> classPath(Path file) throws IOException {
        List<Path> paths = new ArrayList<>();
        for (String entry : Files.readString(file).strip().split(java.io.File.pathSeparator)) {
            if (!entry.isBlank()) {
                paths.add(Path.of(entry).toAbsolutePath().normalize());
            }
        }
        return paths;
    }

    private static List<String> fileNames(List<Path> jars) {
        return jars.stream().map(jar -> jar.getFileName().toString()).toList();
    }

    /** One line per bundled library: file, Maven coordinates, declared license(s), license file in the jar. */
    private static String thirdParty(String version, Iterable<Path> jars) throws Exception {
        Map<String, String> lines = new TreeMap<>();
        for (Path jar : jars) {
            String name = jar.getFileName().toString();
            Optional<Path> pom = pomOf(jar);
            if (pom.isEmpty() || jar.toString().replace('\\', '/').contains(OWN_GROUP_PATH)) {
                continue; // modelfleet's own modules
            }
            Document doc = parse(pom.get());
            String coordinates = text(doc.getDocumentElement(), "groupId", parentText(doc, "groupId")) + ":"
                    + text(doc.getDocumentElement(), "artifactId", "") + ":"
                    + text(doc.getDocumentElement(), "version", parentText(doc, "version"));
            lines.put(name, String.format("%-60s %-75s %s%s", name, coordinates, licenses(pom.get()),
                    licenseFileIn(jar).map(f -> "  [text: " + f + " in the jar]").orElse("")));
        }
        StringBuilder out = new StringBuilder();
        out.append("modelfleet ").append(version).append(" bundles these libraries in lib/, each under its own license.\n")
                .append("License as declared in the library's Maven POM (or its parent's); where the jar carries\n")
                .append("the license text itself, its path inside the jar is given.\n\n");
        lines.values().forEach(line -> out.append(line.stripTrailing()).append('\n'));
        return out.toString();
    }

    /** The POM beside a jar in the local repository: artifactId-version[-classifier].jar -> artifactId-version.pom. */
    private static Optional<Path> pomOf(Path jar) throws IOException {
        Path dir = jar.getParent();
        if (dir == null || dir.getParent() == null) {
            return Optional.empty();
        }
        String version = dir.getFileName().toString();
        String artifactId = dir.getParent().getFileName().toString();
        Path pom = dir.resolve(artifactId + "-" + version + ".pom");
        return Files.isRegularFile(pom) ? Optional.of(pom) : Optional.empty();
    }

    private static String licenses(Path pom) throws Exception {
        Path current = pom;
        for (int depth = 0; depth < 8 && current != null; depth++) {
            Document doc = parse(current);
            NodeList names = doc.getElementsByTagName("license");
            List<String> found = new ArrayList<>();
            for (int i = 0; i < names.getLength(); i++) {
                found.add(text((Element) names.item(i), "name", "?").replaceAll("\\s+", " "));
            }
            if (!found.isEmpty()) {
                return String.join(" OR ", found);
            }
            current = parentPom(doc, current).orElse(null);
        }
        return "(no license declared in the POM)";
    }

    private static Optional<Path> parentPom(Document doc, Path pom) {
        NodeList parents = doc.getDocumentElement().getElementsByTagName("parent");
        if (parents.getLength() == 0) {
            return Optional.empty();
        }
        Element parent = (Element) parents.item(0);
        String group = text(parent, "groupId", "");
        String artifact = text(parent, "artifactId", "");
        String version = text(parent, "version", "");
        // The local repository root: four levels above .../group/path/artifact/version/x.pom less the group's depth.
        Path repository = pom.getParent().getParent().getParent();
        for (int i = 0; i < text(doc.getDocumentElement(), "groupId", group).split("\\.").length; i++) {
            repository = repository.getParent();
        }
        Path candidate = repository.resolve(group.replace('.', '/')).resolve(artifact).resolve(version)
                .resolve(artifact + "-" + version + ".pom");
        return Files.isRegularFile(candidate) ? Optional.of(candidate) : Optional.empty();
    }

    private static String parentText(Document doc, String tag) {
        NodeList parents = doc.getDocumentElement().getElementsByTagName("parent");
        return parents.getLength() == 0 ? "" : text((Element) parents.item(0), tag, "");
    }

    /** A direct child's text (not a nested one's: dependencies have groupIds too). */
    private static String text(Element element, String tag, String fallback) {
        for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element e && e.getTagName().equals(tag)) {
                return e.getTextContent().strip();
            }
        }
        return fallback;
    }

    private static Document parse(Path pom) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", false);
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        factory.setExpandEntityReferences(false);
        try (InputStream in = Files.newInputStream(pom)) {
            return factory.newDocumentBuilder().parse(in);
        }
    }

    private static Optional<String> licenseFileIn(Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile(), StandardCharsets.UTF_8)) {
            return zip.stream()
                    .map(ZipEntry::getName)
                    .filter(n -> n.matches("(?i)META-INF/(LICEN[CS]E|COPYING)([.-][^/]*)?"))
                    .sorted()
                    .findFirst();
        }
    }
}
