package io.jfairing.kernel.install;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What to install: the kernel's name, how Jupyter shows it, and how its JVM is started.
 *
 * @param java the java executable, or {@code null} for the one running the installer
 * @param classDataSharing whether to create a CDS archive of the kernel's start-up classes
 */
public record Kernelspec(String name, String displayName, List<String> jvmOptions, Map<String, String> env,
                         String cellTimeout, Path java, boolean classDataSharing) {
    public Kernelspec {
        if (!name.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("kernel name '" + name + "' may only contain letters, digits, '.', '_' and '-'");
        }
        jvmOptions = List.copyOf(jvmOptions);
        env = Map.copyOf(env);
    }
}
