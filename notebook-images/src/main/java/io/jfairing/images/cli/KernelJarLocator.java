package io.jfairing.images.cli;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the shaded kernel jar to install in images: {@code --kernel-jar}, then {@code $JFAIRING_KERNEL_JAR}, then
 * {@code jfairing-kernel.jar} beside this tool's jar, then {@code kernel/target/jfairing-kernel.jar} of a checkout.
 */
final class KernelJarLocator {
    static final String ENV = "JFAIRING_KERNEL_JAR";

    private KernelJarLocator() {}

    static Path locate(Path option) throws IOException {
        List<Path> candidates = new ArrayList<>();
        if (option != null) {
            if (!Files.isRegularFile(option)) {
                throw new IOException("--kernel-jar " + option + ": no such file");
            }
            return option;
        }
        String env = System.getenv(ENV);
        if (env != null && !env.isBlank()) {
            if (!Files.isRegularFile(Path.of(env))) {
                throw new IOException(ENV + "=" + env + ": no such file");
            }
            return Path.of(env);
        }
        try {
            Path self = Path.of(KernelJarLocator.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            if (self.getParent() != null) {
                candidates.add(self.getParent().resolve("jfairing-kernel.jar"));
            }
        } catch (URISyntaxException | SecurityException ignored) {
            // then the other places
        }
        candidates.add(Path.of("kernel/target/jfairing-kernel.jar"));
        candidates.add(Path.of("../kernel/target/jfairing-kernel.jar"));
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate)) {
                return candidate.toAbsolutePath();
            }
        }
        throw new IOException("the kernel jar (jfairing-kernel.jar) was not found: give --kernel-jar or set " + ENV
                + " (build it with mvn package -pl kernel)");
    }
}
