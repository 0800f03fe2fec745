package io.jfairing.kernel.install;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Installs the prebuilt JupyterLab extensions that kernel extension jars carry under {@value #FOLDER}{@code <package
 * name>/} (a {@code package.json} and {@code static/}) into a Jupyter data folder's {@code labextensions/}, where
 * JupyterLab finds them on its next page load (as a Python package's {@code share/jupyter/labextensions} data files).
 */
public final class LabExtensionInstaller {
    /** Where a jar carries its JupyterLab extensions. */
    public static final String FOLDER = "META-INF/jupyter/labextensions/";

    private final List<Path> jars;

    /** @param jars the kernel extension jars (see {@link KernelspecInstaller#extensionJars}) */
    public LabExtensionInstaller(List<Path> jars) {
        this.jars = List.copyOf(jars);
    }

    /**
     * Writes each extension into {@code dataFolder/labextensions/<package name>/}, replacing an earlier install of the
     * same package; returns the package names installed (none when no jar carries an extension).
     */
    public List<String> install(Path dataFolder) throws IOException {
        return installInto(dataFolder.resolve("labextensions"));
    }

    /**
     * Writes each extension into {@code labextensions/<package name>/} (a folder JupyterLab reads prebuilt extensions
     * from, such as {@code /opt/conda/share/jupyter/labextensions}), replacing an earlier install of the same package;
     * returns the package names installed.
     */
    public List<String> installInto(Path folder) throws IOException {
        Path labextensions = folder.toAbsolutePath().normalize();
        List<String> installed = new ArrayList<>();
        for (Path jar : jars) {
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                Set<String> packages = packages(zip);
                for (String name : packages) {
                    deleteTree(labextensions.resolve(name));
                }
                for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements(); ) {
                    ZipEntry entry = entries.nextElement();
                    String relative = entry.getName()
                            .substring(Math.min(FOLDER.length(), entry.getName().length()));
                    if (entry.isDirectory()
                            || !entry.getName().startsWith(FOLDER)
                            || packages.stream().noneMatch(name -> relative.startsWith(name + "/"))) {
                        continue; // only the files of a package (a folder with a package.json)
                    }
                    Path to = labextensions.resolve(relative).normalize();
                    if (!to.startsWith(labextensions)) {
                        throw new IOException(jar + ": entry " + entry.getName() + " points outside labextensions/");
                    }
                    Files.createDirectories(to.getParent());
                    try (InputStream in = zip.getInputStream(entry)) {
                        Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
                installed.addAll(packages);
            }
        }
        return installed;
    }

    /** The package names ({@code name} or {@code @scope/name}) of the extensions in a jar: folders with a package.json. */
    private static Set<String> packages(ZipFile zip) throws IOException {
        Set<String> names = new LinkedHashSet<>();
        for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements(); ) {
            String entry = entries.nextElement().getName();
            if (!entry.startsWith(FOLDER) || !entry.endsWith("/package.json")) {
                continue;
            }
            String name = entry.substring(FOLDER.length(), entry.length() - "/package.json".length());
            if (name.matches("(@[\\w.-]+/)?[\\w.-]+") && !name.contains("..")) {
                names.add(name);
            }
        }
        return names;
    }

    private static void deleteTree(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
