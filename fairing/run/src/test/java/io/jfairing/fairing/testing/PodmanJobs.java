package io.jfairing.fairing.testing;

import io.jfairing.fairing.backend.podman.PodmanJobBackend;
import io.jfairing.fairing.container.Podman;
import io.jfairing.fairing.job.JobException;
import io.jfairing.fairing.job.JobStatus;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The podman job backend of a test: podman with the test containers' settings ({@link Containers}: runc, vfs, the
 * test registries), jobs' state in a folder of the test's, images pulled without TLS, a 2 s stop grace. Closing it
 * deletes the jobs it still lists (their containers) and closes the backend.
 */
public record PodmanJobs(Podman podman, PodmanJobBackend backend) implements AutoCloseable {
    public static PodmanJobs start(Containers containers, Path stateDirectory) {
        Podman podman = Podman.builder().configDirectory(containers.directory()).build();
        return new PodmanJobs(
                podman,
                PodmanJobBackend.builder(podman)
                        .stateDirectory(stateDirectory)
                        .tlsVerify(false)
                        .stopGrace(Duration.ofSeconds(2))
                        .build());
    }

    @Override
    public void close() throws JobException {
        try {
            for (JobStatus job : backend.list()) {
                backend.attach(job.name()).delete();
            }
        } finally {
            backend.close();
        }
    }
}
