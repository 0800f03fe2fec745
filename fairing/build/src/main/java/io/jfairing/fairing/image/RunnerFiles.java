package io.jfairing.fairing.image;

import io.jfairing.runtime.runner.NotebookRunner;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The in-image classes, staged once per JVM in a folder: the whole cell runtime ({@code io/jfairing/runtime/**}:
 * the runner, the display API, the cell model, the model server, and jackson-core relocated under
 * {@code io/jfairing/runtime/internal/}), JDK modules only. They are the image's runner layer, and the compile
 * class path of notebook code (for {@code Display}, {@code Trainer} and {@code Predictor}).
 *
 * <p>From the runtime's jar they are its entries as they are. From its classes folder (a reactor build that stops
 * before {@code package}, so nothing is relocated yet) the runtime's dependencies are staged beside them from their
 * own jars, unrelocated.
 */
public final class RunnerFiles {
    static final String ROOT = "io/jfairing/runtime/";
    static final List<String> PACKAGE_PATHS =
            List.of("io/jfairing/runtime/runner/", "io/jfairing/runtime/server/", "io/jfairing/runtime/display/");
    /** A class of each library the runtime relocates into its jar (to find their jars in a classes-folder build). */
    private static final List<String> RELOCATED_LIBRARIES = List.of("com.fasterxml.jackson.core.JsonFactory");

    private static volatile Path staged;

    private RunnerFiles() {}

    /** A folder holding the runtime's class files, the same bytes as its jar's. */
    public static Path classesDirectory() {
        Path dir = staged;
        if (dir == null) {
            synchronized (RunnerFiles.class) {
                dir = staged;
                if (dir == null) {
                    dir = stage();
                    staged = dir;
                }
            }
        }
        return dir;
    }

    private static Path stage() {
        try {
            Map<String, byte[]> files = read();
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            files.forEach((name, bytes) -> {
                sha.update(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                sha.update(bytes);
            });
            String id = HexFormat.of().formatHex(sha.digest()).substring(0, 16);
            Path dir = Path.of(System.getProperty("java.io.tmpdir"), "jfairing-runner-" + id);
            if (countFiles(dir) != files.size()) {
                Path temp = Files.createTempDirectory("jfairing-runner-");
                for (Map.Entry<String, byte[]> file : files.entrySet()) {
                    Path target = temp.resolve(file.getKey());
                    Files.createDirectories(target.getParent());
                    Files.write(target, file.getValue());
                }
                if (Files.exists(dir)) {
                    return temp;
                }
                try {
                    Files.move(temp, dir);
                } catch (IOException e) {
                    return temp;
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stage the runner's classes", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long countFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    /** The class files by path ({@code io/jfairing/runtime/runner/Program.class}), from the runtime's folder or jar. */
    static Map<String, byte[]> read() throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        Path source = codeSource(NotebookRunner.class);
        if (Files.isDirectory(source)) {
            Path root = source.resolve(ROOT);
            try (Stream<Path> list = Files.walk(root)) {
                for (Path file : list.filter(f -> f.getFileName().toString().endsWith(".class"))
                        .sorted()
                        .toList()) {
                    files.put(ROOT + root.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
                }
            }
            for (String library : RELOCATED_LIBRARIES) {
                try {
                    readJar(codeSource(Class.forName(library, false, RunnerFiles.class.getClassLoader())), "", files);
                } catch (ClassNotFoundException e) {
                    throw new IOException("the runtime's dependency " + library + " is not on the class path", e);
                }
            }
        } else {
            readJar(source, ROOT, files);
        }
        for (String pkg : PACKAGE_PATHS) {
            if (files.keySet().stream().noneMatch(name -> name.startsWith(pkg))) {
                throw new IOException("no classes of " + pkg + " found in " + source);
            }
        }
        return files;
    }

    /** The class files of a jar under {@code prefix}, leaving out module descriptors and multi-release versions. */
    private static void readJar(Path jarFile, String prefix, Map<String, byte[]> files) throws IOException {
        try (JarFile jar = new JarFile(jarFile.toFile())) {
            Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                String name = entry.getName();
                if (name.endsWith(".class")
                        && name.startsWith(prefix)
                        && !name.startsWith("META-INF/")
                        && !name.endsWith("module-info.class")) {
                    try (InputStream in = jar.getInputStream(entry)) {
                        files.put(name, in.readAllBytes());
                    }
                }
            }
        }
    }

    private static Path codeSource(Class<?> type) throws IOException {
        try {
            return Path.of(
                    type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
    }
}
