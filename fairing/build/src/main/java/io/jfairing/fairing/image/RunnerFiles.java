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
 * The in-image classes, staged once per JVM in a folder: the runner ({@code io/jfairing/runtime/runner/*.class},
 * java.base only) and the model server ({@code io/jfairing/runtime/server/*.class}, java.base, java.net.http and
 * jdk.httpserver). They are the image's runner layer, and the compile class path of notebook code (for
 * {@code Trainer} and {@code Predictor}).
 */
public final class RunnerFiles {
    static final List<String> PACKAGE_PATHS = List.of("io/jfairing/runtime/runner/", "io/jfairing/runtime/server/");
    private static volatile Path staged;

    private RunnerFiles() {
    }

    /** A folder holding the runner's and the server's class files, the same bytes as this jar's. */
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
        long count = 0;
        for (String pkg : PACKAGE_PATHS) {
            if (Files.isDirectory(dir.resolve(pkg))) {
                try (Stream<Path> files = Files.list(dir.resolve(pkg))) {
                    count += files.count();
                }
            }
        }
        return count;
    }

    /** The class files by path ({@code io/jfairing/runtime/runner/Program.class}), from this class's folder or jar. */
    static Map<String, byte[]> read() throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        Path source;
        try {
            source = Path.of(NotebookRunner.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
        if (Files.isDirectory(source)) {
            for (String pkg : PACKAGE_PATHS) {
                try (Stream<Path> list = Files.list(source.resolve(pkg))) {
                    for (Path file : list.sorted().toList()) {
                        if (file.getFileName().toString().endsWith(".class")) {
                            files.put(pkg + file.getFileName(), Files.readAllBytes(file));
                        }
                    }
                }
            }
        } else {
            try (JarFile jar = new JarFile(source.toFile())) {
                Enumeration<JarEntry> entries = jar.entries();
                while (entries.hasMoreElements()) {
                    JarEntry entry = entries.nextElement();
                    String name = entry.getName();
                    int slash = name.lastIndexOf('/');
                    if (name.endsWith(".class") && PACKAGE_PATHS.contains(name.substring(0, slash + 1))) {
                        try (InputStream in = jar.getInputStream(entry)) {
                            files.put(name, in.readAllBytes());
                        }
                    }
                }
            }
        }
        if (files.isEmpty()) {
            throw new IOException("no runner classes found in " + source);
        }
        for (String pkg : PACKAGE_PATHS) {
            if (files.keySet().stream().noneMatch(name -> name.startsWith(pkg))) {
                throw new IOException("no classes of " + pkg + " found in " + source);
            }
        }
        return files;
    }
}
