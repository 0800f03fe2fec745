package io.jfairing.kernel.install;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What to install: the kernel's name, how Jupyter shows it, and how its JVM is started.
 *
 * @param java the java executable, or {@code null} for the one running the installer
 * @param classDataSharing whether to create a CDS archive of the kernel's start-up classes
 * @param extensions jars of kernel extensions, copied into the kernelspec and put on the kernel's class path
 *                   (so that they load at start-up and cells can use their API)
 */
public record Kernelspec(String name, String displayName, List<String> jvmOptions, Map<String, String> env,
                         String cellTimeout, Path java, boolean classDataSharing, List<Path> extensions) {
    public Kernelspec {
        if (!name.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("kernel name '" + name + "' may only contain letters, digits, '.', '_' and '-'");
        }
        jvmOptions = List.copyOf(jvmOptions);
        env = Map.copyOf(env);
        extensions = List.copyOf(extensions);
    }

    public Kernelspec(String name, String displayName, List<String> jvmOptions, Map<String, String> env,
                      String cellTimeout, Path java, boolean classDataSharing) {
        this(name, displayName, jvmOptions, env, cellTimeout, java, classDataSharing, List.of());
    }
}
