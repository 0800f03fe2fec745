package io.jfairing.kernel.install;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What to install: the kernel's name, how Jupyter shows it, and how its JVM is started.
 *
 * @param java the java executable (or JDK folder), or {@code null} for the newest JDK with {@code jdk.jshell}
 *     ({@link KernelJdks#newestForKernel()})
 * @param classDataSharing whether to record a start-up cache ({@link StartupCache}: an AOT cache on JDK 24 and
 *     newer, else a CDS archive)
 * @param extensions jars of kernel extensions (or folders of them), copied into the kernelspec and loaded by the
 *     kernel in a class loader of their own: cells see only the packages each names as its cell API
 * @param classpath jars, folders or {@code dir/*} wildcards that every session's cells start with, in place (an
 *     image's preinstalled libraries): cells compile against them and {@code KernelExtension}s among them load at
 *     start-up
 * @param extensionPaths jars, folders or {@code dir/*} of kernel extensions left in place (in an image), loaded
 *     like {@code extensions}
 * @param destdir when not null, files are written below this folder while {@code kernel.json} names them as if
 *     installed without it (like make's {@code DESTDIR}): for building images and packages
 */
public record Kernelspec(
        String name,
        String displayName,
        List<String> jvmOptions,
        Map<String, String> env,
        String cellTimeout,
        Path java,
        boolean classDataSharing,
        List<Path> extensions,
        List<String> classpath,
        List<String> extensionPaths,
        Path destdir) {
    public Kernelspec(
            String name,
            String displayName,
            List<String> jvmOptions,
            Map<String, String> env,
            String cellTimeout,
            Path java,
            boolean classDataSharing) {
        this(
                name,
                displayName,
                jvmOptions,
                env,
                cellTimeout,
                java,
                classDataSharing,
                List.of(),
                List.of(),
                List.of(),
                null);
    }

    public Kernelspec {
        if (!name.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException(
                    "kernel name '" + name + "' may only contain letters, digits, '.', '_' and '-'");
        }
        jvmOptions = List.copyOf(jvmOptions);
        env = Map.copyOf(env);
        extensions = List.copyOf(extensions);
        classpath = List.copyOf(classpath);
        extensionPaths = List.copyOf(extensionPaths);
        for (String entry :
                Stream.concat(classpath.stream(), extensionPaths.stream()).toList()) {
            if (entry.isBlank() || entry.contains(File.pathSeparator)) {
                throw new IllegalArgumentException(
                        "class path entry '" + entry + "' must be one jar, folder or dir/* (repeat --classpath)");
            }
        }
    }
}
