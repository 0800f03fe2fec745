package io.jfairing.images.builder;

import io.jfairing.images.spec.KernelSettings;
import io.jfairing.images.spec.NotebookConventions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Installs the kernelspec the way a user would ({@code java -jar jfairing-kernel.jar install}), into a staging
 * folder ({@code --destdir}) with the image's paths in {@code kernel.json}: the image's java, and the team
 * libraries and extensions on the kernel's class path. The JupyterLab extensions the extension jars carry (the
 * jfairing panel) are staged too, in the spec's labextensions folder ({@link #labExtensions}).
 */
final class KernelInstallation {
    private static final String PREFIX = "/usr/local";

    private KernelInstallation() {}

    /** Returns the staged kernelspec folder (its files go to {@code /usr/local/share/jupyter/kernels/NAME}). */
    static Path install(
            Path kernelJar,
            KernelSettings kernel,
            String javaInImage,
            List<Path> extensionJars,
            String labExtensions,
            Path destdir)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                kernelJar.toString(),
                "install",
                "--prefix",
                PREFIX,
                "--destdir",
                destdir.toString(),
                "--name",
                kernel.name(),
                "--display-name",
                kernel.displayName(),
                "--java",
                javaInImage,
                "--no-cds",
                "--classpath",
                NotebookConventions.LIBS + "/*",
                "--extension-path",
                NotebookConventions.EXTENSIONS,
                "--labextensions",
                labExtensions));
        for (Path jar : extensionJars) {
            command.add("--lab-extension-jar=" + jar);
        }
        if (kernel.jvmOptions().stream().noneMatch(option -> option.startsWith("-Duser.home="))) {
            // Java takes its home from /etc/passwd, where the base may have another user with UID 1000
            command.add("--jvm-option=-Duser.home=" + NotebookConventions.HOME);
        }
        for (String option : kernel.jvmOptions()) {
            command.add("--jvm-option=" + option);
        }
        kernel.env().forEach((name, value) -> command.add("--env=" + name + "=" + value));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("the kernel installer did not finish in 120 s");
        }
        if (process.exitValue() != 0) {
            throw new IOException("the kernel installer (" + kernelJar + ") failed: " + output.strip());
        }
        Path installed =
                destdir.resolve(NotebookConventions.KERNELS.substring(1)).resolve(kernel.name());
        if (!Files.isRegularFile(installed.resolve("kernel.json"))) {
            throw new IOException("the kernel installer wrote no kernel.json in " + installed + ": " + output.strip());
        }
        return installed;
    }

    /** Where {@link #install} staged the JupyterLab extensions that go to {@code labExtensions} in the image. */
    static Path labExtensions(Path destdir, String labExtensions) {
        return destdir.resolve(labExtensions.substring(1));
    }
}
