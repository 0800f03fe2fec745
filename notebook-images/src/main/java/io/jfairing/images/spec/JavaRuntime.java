package io.jfairing.images.spec;

import java.util.List;

/**
 * Where the kernel's Java comes from: the base image ({@link Source#BASE}, at {@link #home()}), or a JDK linked
 * from this machine's with {@code jlink} and added as a layer at {@link #JLINK_HOME} ({@link Source#JLINK}).
 * Either way it must have {@code jdk.jshell}: the kernel compiles cells with it.
 */
public record JavaRuntime(Source source, String home, List<String> modules) {
    /** Where a jlinked runtime goes in the image. */
    public static final String JLINK_HOME = "/opt/jfairing/java";
    /** The modules linked when a spec names none: Java SE, JShell, and what common libraries need. */
    public static final List<String> DEFAULT_MODULES =
            List.of("java.se", "jdk.jshell", "jdk.unsupported", "jdk.zipfs", "jdk.crypto.ec", "jdk.localedata");

    /** The two places a runtime can come from. */
    public enum Source {
        BASE,
        JLINK
    }

    public JavaRuntime {
        modules = List.copyOf(modules);
    }

    /** The java executable in the image. */
    public String executable() {
        return home + "/bin/java";
    }
}
