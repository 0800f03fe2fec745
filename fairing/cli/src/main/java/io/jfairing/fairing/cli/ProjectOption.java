package io.jfairing.fairing.cli;

import io.jfairing.fairing.cli.project.Project;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --project DIR}: the folder whose {@code .jfairing/config.properties} (the magics' settings) applies. */
final class ProjectOption {
    @Option(
            names = "--project",
            paramLabel = "DIR",
            description = "The project folder: its .jfairing/config.properties "
                    + "(%%fairing config) gives the backend, registry, metadata store and experiment (default: the notebook's "
                    + "folder, else the current folder).")
    Path folder;

    /** The project: {@code --project}, else {@code fallback}'s folder, else the current folder. */
    Project open(Path fallback) {
        if (folder != null) {
            return new Project(folder);
        }
        Path parent = fallback == null ? null : fallback.toAbsolutePath().getParent();
        return new Project(parent != null ? parent : Path.of(""));
    }
}
