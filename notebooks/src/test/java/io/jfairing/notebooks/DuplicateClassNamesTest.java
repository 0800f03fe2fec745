package io.jfairing.notebooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * One name per class across the repository's main code: lists the simple names (file names and top-level types) that
 * more than one file under a {@code src/main/java} of any module defines, and fails on any that
 * {@code duplicate-class-names.txt} does not allow with a reason, naming the files. It also fails on an allowed name
 * that is no longer duplicated, so the list stays honest.
 */
class DuplicateClassNamesTest {
    private static final String ALLOW_LIST = "/duplicate-class-names.txt";
    /** A top-level type: declared at the start of a line (nested types are indented). */
    private static final Pattern TOP_LEVEL_TYPE = Pattern.compile(
            "^(?:(?:public|protected|private|abstract|final|static|sealed|non-sealed|strictfp)\\s+)*"
                    + "(?:class|interface|enum|record|@interface)\\s+([A-Za-z_$][\\w$]*)",
            Pattern.MULTILINE);

    private static final Set<String> NOT_SOURCES = Set.of("target", ".git", "node_modules");

    @Test
    void noSimpleClassNameIsDefinedTwiceInMainCodeUnlessAllowed() throws IOException {
        Path root = repositoryRoot();
        Map<String, Set<String>> definedIn = simpleNames(root);
        assertThat(definedIn).as("main classes found under %s", root).hasSizeGreaterThan(100);
        Map<String, Set<String>> duplicates = new TreeMap<>();
        definedIn.forEach((name, files) -> {
            if (files.size() > 1) {
                duplicates.put(name, files);
            }
        });
        Map<String, String> allowed = allowList();

        List<String> problems = new ArrayList<>();
        duplicates.forEach((name, files) -> {
            if (!allowed.containsKey(name)) {
                problems.add(name + " is defined " + files.size() + " times: " + String.join(", ", files)
                        + "\n    rename one (a name should say which one it is), or add \"" + name
                        + "  <reason>\" to notebooks/src/test/resources" + ALLOW_LIST);
            }
        });
        allowed.forEach((name, reason) -> {
            if (!duplicates.containsKey(name)) {
                problems.add(name + " is allowed as a duplicate (" + reason + ") but is defined "
                        + definedIn.getOrDefault(name, Set.of()).size() + " time(s) now"
                        + definedIn.getOrDefault(name, Set.of()).stream()
                                .map(f -> ": " + f)
                                .findFirst()
                                .orElse("")
                        + "\n    remove its line from notebooks/src/test/resources" + ALLOW_LIST);
            }
        });
        assertThat(problems)
                .as("simple class names in main code (%d duplicated: %s)", duplicates.size(), duplicates.keySet())
                .withFailMessage("%s", String.join("\n", problems))
                .isEmpty();
    }

    /** Every simple name defined under a src/main/java, with the files (relative to the root) that define it. */
    static Map<String, Set<String>> simpleNames(Path root) throws IOException {
        Map<String, Set<String>> names = new TreeMap<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                boolean output =
                        dir.getParent() != null && dir.getParent().equals(root) && name.equals("build"); // bin/demo's
                return !dir.equals(root) && (NOT_SOURCES.contains(name) || output)
                        ? FileVisitResult.SKIP_SUBTREE
                        : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                String relative = root.relativize(file).toString().replace('\\', '/');
                if (relative.endsWith(".java") && relative.matches("(.*/)?src/main/java/.*")) {
                    Set<String> defined = new LinkedHashSet<>();
                    String fileName = file.getFileName().toString();
                    defined.add(fileName.substring(0, fileName.length() - ".java".length()));
                    Matcher type = TOP_LEVEL_TYPE.matcher(Files.readString(file, StandardCharsets.UTF_8));
                    while (type.find()) {
                        defined.add(type.group(1));
                    }
                    for (String name : defined) {
                        names.computeIfAbsent(name, n -> new TreeSet<>()).add(relative);
                    }
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return names;
    }

    /** {@code Name  reason} lines; blank lines and {@code #} comments ignored; every name needs a reason. */
    static Map<String, String> allowList() throws IOException {
        Map<String, String> allowed = new TreeMap<>();
        try (InputStream in = DuplicateClassNamesTest.class.getResourceAsStream(ALLOW_LIST)) {
            assertThat(in).as(ALLOW_LIST + " on the test class path").isNotNull();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .toList()) {
                String l = line.strip();
                if (l.isEmpty() || l.startsWith("#")) {
                    continue;
                }
                String[] parts = l.split("\\s+", 2);
                assertThat(parts)
                        .as("%s: \"%s\" needs a reason after the name", ALLOW_LIST, l)
                        .hasSize(2);
                assertThat(allowed.put(parts[0], parts[1].strip()))
                        .as("%s lists %s twice", ALLOW_LIST, parts[0])
                        .isNull();
            }
        }
        return allowed;
    }

    /** The folder of the root pom.xml (the one that lists the notebooks module), walking up from the working directory. */
    static Path repositoryRoot() throws IOException {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path pom = dir.resolve("pom.xml");
            if (Files.isRegularFile(pom) && Files.readString(pom).contains("<module>notebooks</module>")) {
                return dir;
            }
        }
        throw new AssertionError("no root pom.xml (with <module>notebooks</module>) above "
                + Path.of("").toAbsolutePath());
    }
}
