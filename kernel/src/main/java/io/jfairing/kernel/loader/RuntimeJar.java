package io.jfairing.kernel.loader;

import io.jfairing.runtime.display.Display;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;

/**
 * The cell runtime's classes as a jar of their own, for the compiler of cells: in the kernel's jar they lie beside
 * the kernel's libraries, which cells must not compile against. The installer writes it beside the kernel jar; a
 * kernel started from a bare jar extracts it once into the temporary folder.
 */
public final class RuntimeJar {
    /** The file name beside the kernel jar. */
    public static final String FILE_NAME = "jfairing-runtime.jar";

    /** The packages of the cell runtime, as the kernel shows them to cells. */
    public static final String PACKAGE = "io.jfairing.runtime";

    private RuntimeJar() {}

    /** A jar or folder that holds the runtime's classes and nothing else of the kernel's. */
    public static Path locate() throws IOException {
        Path runtime = codeSource(Display.class);
        Path kernel = codeSource(RuntimeJar.class);
        if (!runtime.equals(kernel)) {
            return runtime; // a jar or class folder of its own (tests, the reactor)
        }
        Path beside = kernel.resolveSibling(FILE_NAME);
        if (Files.isRegularFile(beside)
                && Files.getLastModifiedTime(beside).compareTo(Files.getLastModifiedTime(kernel)) >= 0) {
            return beside;
        }
        Path cached = Path.of(System.getProperty("java.io.tmpdir"))
                .resolve("jfairing-runtime-"
                        + Integer.toHexString((kernel + ":" + Files.size(kernel) + ":"
                                        + Files.getLastModifiedTime(kernel).toMillis())
                                .hashCode())
                        + ".jar");
        if (!Files.isRegularFile(cached)) {
            extract(kernel, cached);
        }
        return cached;
    }

    /**
     * Writes the runtime's entries of {@code kernelJar} into {@code target} (atomically replaced), byte for byte the
     * same for the same kernel jar.
     */
    public static void extract(Path kernelJar, Path target) throws IOException {
        String folder = PACKAGE.replace('.', '/') + '/';
        Path partial = Files.createTempFile(target.toAbsolutePath().getParent(), "jfairing-runtime", ".part");
        try (JarFile jar = new JarFile(kernelJar.toFile());
                OutputStream file = Files.newOutputStream(partial);
                JarOutputStream out = new JarOutputStream(file)) {
            Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                if (entry.getName().startsWith(folder)) {
                    JarEntry copy = new JarEntry(entry.getName());
                    copy.setTime(entry.getTime()); // the same bytes for the same kernel jar: images stay reproducible
                    out.putNextEntry(copy);
                    try (InputStream in = jar.getInputStream(entry)) {
                        in.transferTo(out);
                    }
                    out.closeEntry();
                }
            }
        } catch (IOException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static Path codeSource(Class<?> type) throws IOException {
        try {
            return Path.of(type.getProtectionDomain()
                            .getCodeSource()
                            .getLocation()
                            .toURI())
                    .toAbsolutePath()
                    .normalize();
        } catch (URISyntaxException | NullPointerException e) {
            throw new IOException("cannot tell where " + type.getName() + " was loaded from", e);
        }
    }
}
