package io.jfairing.fairing.image;

import io.jfairing.fairing.runner.NotebookRunner;

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
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The runner's class files ({@code io/jfairing/fairing/runner/*.class}, java.base only), staged once per JVM in a
 * folder: the image's runner layer, and the compile class path of notebook code (for {@code Trainer}).
 */
public final class RunnerFiles {
    static final String PACKAGE_PATH = "io/jfairing/fairing/runner/";
    private static volatile Path staged;

    private RunnerFiles() {
    }

    /** A folder holding {@code io/jfairing/fairing/runner/*.class}, the same bytes as this jar's. */
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
            Path pkg = dir.resolve(PACKAGE_PATH);
            if (!Files.isDirectory(pkg) || countFiles(pkg) != files.size()) {
                Path temp = Files.createTempDirectory("jfairing-runner-");
                for (Map.Entry<String, byte[]> file : files.entrySet()) {
                    Path target = temp.resolve(PACKAGE_PATH + file.getKey());
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
        try (Stream<Path> files = Files.list(dir)) {
            return files.count();
        }
    }

    /** The runner's class files by file name, from the folder or jar this class came from. */
    static Map<String, byte[]> read() throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        Path source;
        try {
            source = Path.of(NotebookRunner.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
        if (Files.isDirectory(source)) {
            try (Stream<Path> list = Files.list(source.resolve(PACKAGE_PATH))) {
                for (Path file : list.sorted().toList()) {
                    if (file.getFileName().toString().endsWith(".class")) {
                        files.put(file.getFileName().toString(), Files.readAllBytes(file));
                    }
                }
            }
        } else {
            try (JarFile jar = new JarFile(source.toFile())) {
                Enumeration<JarEntry> entries = jar.entries();
                while (entries.hasMoreElements()) {
                    JarEntry entry = entries.nextElement();
                    String name = entry.getName();
                    if (name.startsWith(PACKAGE_PATH) && name.endsWith(".class") && name.indexOf('/', PACKAGE_PATH.length()) < 0) {
                        try (InputStream in = jar.getInputStream(entry)) {
                            files.put(name.substring(PACKAGE_PATH.length()), in.readAllBytes());
                        }
                    }
                }
            }
        }
        if (files.isEmpty()) {
            throw new IOException("no runner classes found in " + source);
        }
        return files;
    }
}
