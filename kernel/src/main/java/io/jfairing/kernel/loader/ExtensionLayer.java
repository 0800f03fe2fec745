package io.jfairing.kernel.loader;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The kernel extensions installed with the kernel, in a class loader of their own: they see the JDK and the kernel's
 * SPI, never the kernel's libraries, and their libraries are never seen by cells. A jar's manifest attribute
 * {@value #CELL_API} names the packages that cells may use ({@code io.jfairing.metadata, io.jfairing.extensions});
 * only those are shown to cells, and only the jars that hold them are on the cells' compiler class path.
 */
public final class ExtensionLayer {
    /** The manifest attribute that lists an extension's packages for cells, separated by commas or spaces. */
    public static final String CELL_API = "Jfairing-Cell-Api";

    /**
     * What the kernel shows its extensions: its own classes (the SPI, and helpers such as {@code
     * KernelOptions.parseDuration}), the Jupyter library's types that the SPI names, and the cell runtime; never the
     * kernel's other libraries.
     */
    public static final List<String> KERNEL_SPI =
            List.of("io.jfairing.kernel", "io.github.spencerpark.jupyter", RuntimeJar.PACKAGE);

    private final URLClassLoader loader;
    private final List<String> apiPackages;
    private final List<Path> apiJars;

    private ExtensionLayer(URLClassLoader loader, List<String> apiPackages, List<Path> apiJars) {
        this.loader = loader;
        this.apiPackages = List.copyOf(apiPackages);
        this.apiJars = List.copyOf(apiJars);
    }

    /** Opens {@code jars} in a loader that sees what {@code kernel} exports of {@link #KERNEL_SPI}. */
    public static ExtensionLayer open(List<Path> jars, ClassLoader kernel) throws IOException {
        Set<String> packages = new LinkedHashSet<>();
        List<Path> apiJars = new ArrayList<>();
        List<URL> urls = new ArrayList<>();
        for (Path jar : jars) {
            urls.add(jar.toUri().toURL());
            List<String> declared = cellApi(jar);
            if (!declared.isEmpty()) {
                packages.addAll(declared);
                apiJars.add(jar);
            }
        }
        for (Path jar : jars) {
            if (!apiJars.contains(jar) && holdsAny(jar, packages)) {
                apiJars.add(jar); // another jar of the same API, e.g. metadata-client beside the magics
            }
        }
        ClassLoader spi = new ExportingClassLoader("kernel-spi", List.of(new PackageExports(KERNEL_SPI, kernel)));
        URLClassLoader loader = new URLClassLoader("kernel-extensions", urls.toArray(URL[]::new), spi);
        return new ExtensionLayer(loader, List.copyOf(packages), apiJars);
    }

    /** The loader of the extensions and their libraries. */
    public ClassLoader loader() {
        return loader;
    }

    /** The packages that cells may use, from the extensions' loader. */
    public PackageExports cellApi() {
        return new PackageExports(apiPackages, loader);
    }

    /** The jars that hold {@link #cellApi()}'s packages: the cells' compiler needs them. */
    public List<Path> apiJars() {
        return apiJars;
    }

    private static List<String> cellApi(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            String value =
                    manifest == null ? null : manifest.getMainAttributes().getValue(new Attributes.Name(CELL_API));
            if (value == null || value.isBlank()) {
                return List.of();
            }
            List<String> packages = new ArrayList<>();
            for (String name : value.strip().split("[,\\s]+")) {
                packages.add(name);
            }
            new PackageExports(packages, ClassLoader.getPlatformClassLoader()); // checks the names
            return packages;
        } catch (IllegalArgumentException e) {
            throw new IOException(jar + ": manifest attribute " + CELL_API + ": " + e.getMessage(), e);
        }
    }

    private static boolean holdsAny(Path jar, Set<String> packages) throws IOException {
        if (packages.isEmpty()) {
            return false;
        }
        PackageExports exports = new PackageExports(List.copyOf(packages), ClassLoader.getPlatformClassLoader());
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.stream()
                    .anyMatch(entry -> entry.getName().endsWith(".class") && exports.exportsResource(entry.getName()));
        }
    }
}
