package io.jfairing.fairing.baseimage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JlinkBaseImageTest {
    @Test
    void theImageGetsLibcAndTheGlibcLibrariesThatBundledNativeCodeStillNames() throws Exception {
        Map<String, Path> libraries = JlinkBaseImage.libraries(Path.of(System.getProperty("java.home")));
        String libc = libraries.keySet().stream()
                .filter(p -> p.endsWith("/libc.so.6"))
                .findFirst()
                .orElseThrow();
        String folder = libc.substring(0, libc.lastIndexOf('/') + 1);
        for (String companion : JlinkBaseImage.GLIBC_COMPANIONS) {
            if (Files.exists(Path.of(folder + companion))) {
                assertThat(libraries).containsKey(folder + companion);
            }
        }
        // sqlite-jdbc's native library (extracted from its jar at run time) needs libpthread.so.0
        assertThat(libraries.keySet()).anyMatch(p -> p.endsWith("/libpthread.so.0"));
    }
}
