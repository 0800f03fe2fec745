package io.jfairing.runtime.cell;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code %jars} arguments expand the same way in the kernel and in an image build. */
class PathGlobTest {
    @TempDir
    Path folder;

    @Test
    void aGlobMatchesFilesBelowItsFixedFolderSortedAndANameWithoutWildcardsIsThatFileOnly() throws Exception {
        Path lib = Files.createDirectories(folder.resolve("lib/deep"));
        Path b = Files.writeString(folder.resolve("lib/b.jar"), "b");
        Path a = Files.writeString(folder.resolve("lib/a.jar"), "a");
        Path deep = Files.writeString(lib.resolve("c.jar"), "c");
        Files.writeString(folder.resolve("lib/notes.txt"), "not a jar");
        Files.writeString(folder.resolve("top.jar"), "outside lib");

        assertThat(PathGlob.expand(folder, "lib/*.jar")).containsExactly(a, b);
        assertThat(PathGlob.expand(folder, "lib/**.jar")).containsExactly(a, b, deep);
        assertThat(PathGlob.expand(folder, folder.resolve("lib") + "/*.jar"))
                .as("an absolute glob, as in %jars /usr/share/java/*.jar")
                .containsExactly(a, b);
        assertThat(PathGlob.expand(folder, "lib/a.jar")).containsExactly(a);
        assertThat(PathGlob.expand(folder, "lib")).as("a folder is not a jar").isEmpty();
        assertThat(PathGlob.expand(folder, "missing/*.jar")).isEmpty();
        assertThat(PathGlob.expand(folder, "lib/z.jar")).isEmpty();
    }

    @Test
    void aLinkedFolderIsFollowed() throws Exception {
        Path real = Files.createDirectories(folder.resolve("real"));
        Path jar = Files.writeString(real.resolve("x.jar"), "x");
        Files.createDirectories(folder.resolve("lib"));
        Files.createSymbolicLink(folder.resolve("lib/linked"), real);

        assertThat(PathGlob.expand(folder, "lib/**.jar")).containsExactly(folder.resolve("lib/linked/x.jar"));
        assertThat(jar).exists();
    }
}
