package io.jfairing.notebooks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/**
 * A project folder as a data scientist would have it: the notebooks and their data, copied, so that what the
 * notebooks write (settings, models) stays out of the source tree; and podman set up for this machine in
 * {@code JFAIRING_HOME/podman}, where jfairing's kernel extensions look for it.
 */
final class OnboardingProject {
    private OnboardingProject() {}

    static void copy(Path notebooks, Path project) throws IOException {
        try (Stream<Path> files = Files.list(notebooks)) {
            for (Path file : (Iterable<Path>)
                    files.filter(f -> f.getFileName().toString().endsWith(".ipynb"))::iterator) {
                Files.copy(file, project.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Path data = Files.createDirectories(project.resolve("data"));
        try (Stream<Path> files = Files.list(notebooks.resolve("data"))) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.copy(file, data.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /**
     * The settings the field notes give for podman here (runc, cgroupfs, vfs storage, ulimits that need no
     * CAP_SYS_RESOURCE), in files of a folder of their own: nothing global changes.
     */
    static void configurePodman(Path home) throws IOException {
        Path podman = Files.createDirectories(home.resolve("podman"));
        Files.writeString(
                podman.resolve("containers.conf"),
                "[containers]\ndefault_ulimits = [\"nofile=1024:1024\", \"nproc=4096:4096\"]\n"
                        + "[engine]\nruntime = \"runc\"\ncgroup_manager = \"cgroupfs\"\nevents_logger = \"file\"\n");
        Files.writeString(
                podman.resolve("storage.conf"),
                "[storage]\ndriver = \"vfs\"\ngraphroot = \"" + podman.resolve("graph") + "\"\nrunroot = \""
                        + podman.resolve("run") + "\"\n");
        Files.writeString(podman.resolve("registries.conf"), "");
    }

    /** Stops the registry jfairing started under {@code home} ({@code registry/pid}), if any. */
    static void stopRegistry(Path home) throws IOException {
        Path pid = home == null ? null : home.resolve("registry/pid");
        if (pid != null && Files.isRegularFile(pid)) {
            ProcessHandle.of(Long.parseLong(Files.readString(pid).strip())).ifPresent(ProcessHandle::destroy);
        }
    }
}
