package io.jfairing.images.spec;

import java.util.List;
import java.util.Map;

/**
 * How the jfairing kernel is installed in the image: the kernelspec's name and display name, the kernel JVM's
 * options and environment, and the kernel extensions to put on its class path.
 */
public record KernelSettings(
        String name, String displayName, List<String> jvmOptions, Map<String, String> env, List<Extension> extensions) {
    public KernelSettings {
        jvmOptions = List.copyOf(jvmOptions);
        env = Map.copyOf(env);
        extensions = List.copyOf(extensions);
    }
}
