package io.jfairing.fairing.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jfairing.fairing.backend.local.LocalProcessJobBackend;
import io.jfairing.fairing.deploy.JobSpec;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostFolderTest {
    @TempDir
    Path dir;

    @Test
    void isAPodmanVolumeReadOnlyWhenAsked() {
        assertThat(new HostFolder(Path.of("/data/in"), "/app/step/in/x", true).volume())
                .isEqualTo("/data/in:/app/step/in/x:ro");
        assertThat(new HostFolder(Path.of("/data/out"), "/app/step/out", false).volume())
                .isEqualTo("/data/out:/app/step/out");
    }

    @Test
    void refusesWhatPodmanWouldReadAsAnotherVolumeOption() {
        assertThatThrownBy(() -> new HostFolder(Path.of("relative"), "/in", true))
                .hasMessageContaining("must be absolute");
        assertThatThrownBy(() -> new HostFolder(Path.of("/a:b"), "/in", true)).hasMessageContaining("':' or ','");
        assertThatThrownBy(() -> new HostFolder(Path.of("/a"), "/in:rw", true))
                .hasMessageContaining("without ':' or ','");
        assertThatThrownBy(() -> new HostFolder(Path.of("/a"), "in", true)).hasMessageContaining("absolute");
    }

    @Test
    void aRequestKeepsItsHostFoldersThroughToBuilderAndTheLocalProcessBackendRefusesThem() {
        JobRequest request = JobRequest.builder(
                        JobSpec.builder("img").name("job").build())
                .program(LocalProgram.ofMainClass(java.util.List.of(dir), "Main"))
                .hostFolder(new HostFolder(dir, "/data", true))
                .build();
        assertThat(request.toBuilder(request.spec()).build().hostFolders())
                .containsExactly(new HostFolder(dir, "/data", true));

        try (LocalProcessJobBackend local = Backends.local(dir.resolve("jobs"))) {
            assertThatThrownBy(() -> local.submit(request))
                    .isInstanceOf(JobException.class)
                    .hasMessageContaining("see this machine's paths as they are");
        }
    }
}
