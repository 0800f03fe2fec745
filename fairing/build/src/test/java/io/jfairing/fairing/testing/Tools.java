package io.jfairing.fairing.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The machine tools the integration tests need. A missing tool fails the test (never skips it: CI installs them
 * all, so a skip would only hide that a test did not run), with a message that names the tool and how to install it.
 */
public final class Tools {
    /** Debian's Python, which has the Jupyter packages bin/setup-deps installs (not a pyenv or venv python3). */
    public static final String PYTHON = "/usr/bin/python3";

    private static final String SETUP = "install it with bin/setup-deps (as root, or with sudo)";

    private Tools() {}

    /** Fails unless {@code path} is an executable file, naming the Debian package that provides it. */
    public static void requireExecutable(String path, String debianPackage) {
        if (!Files.isExecutable(Path.of(path))) {
            throw new AssertionError("this test needs " + path + " (Debian package " + debianPackage
                    + "), which is missing: " + SETUP + ", or apt-get install -y " + debianPackage);
        }
    }

    /** Debian's {@code docker-registry}, for a registry on 127.0.0.1. */
    public static void requireRegistry() {
        requireExecutable(Registry.BINARY, "docker-registry");
    }

    /** podman with runc, and skopeo. */
    public static void requireContainers() {
        requireExecutable("/usr/bin/podman", "podman");
        requireExecutable("/usr/sbin/runc", "runc");
        requireExecutable("/usr/bin/skopeo", "skopeo");
    }

    /**
     * Fails unless {@link #PYTHON} imports every module given; {@code debianPackages} are what provide them.
     */
    public static void requirePythonModules(List<String> modules, String debianPackages) {
        requireExecutable(PYTHON, "python3");
        String imports = "import " + String.join(", ", modules);
        String output;
        int status;
        try {
            Process check = new ProcessBuilder(PYTHON, "-c", imports)
                    .redirectErrorStream(true)
                    .start();
            check.getOutputStream().close();
            output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!check.waitFor(60, TimeUnit.SECONDS)) {
                check.destroyForcibly();
                throw new AssertionError(PYTHON + " -c '" + imports + "' did not finish within 60 s");
            }
            status = check.exitValue();
        } catch (IOException e) {
            throw new AssertionError("cannot run " + PYTHON + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while checking " + PYTHON, e);
        }
        if (status != 0) {
            throw new AssertionError("this test needs " + PYTHON + " with the modules " + modules + " (Debian packages "
                    + debianPackages + "), but `" + imports + "` failed: " + SETUP + ", or apt-get install -y "
                    + debianPackages
                    + "\n" + output.strip());
        }
    }

    /** Fails unless {@code file} exists, saying how to build it. */
    public static void requireFile(Path file, String what, String howToMake) {
        if (!Files.isRegularFile(file)) {
            throw new AssertionError("this test needs " + what + " at " + file + ", which is missing: " + howToMake);
        }
    }
}
