package io.jfairing.fairing.preprocess;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FairingIgnoreTest {
    @Test
    void gitignoreStylePatterns() {
        FairingIgnore ignore = FairingIgnore.of(
                List.of("# comment", "", "*.log", "build/", "/top.txt", "data/**/*.tmp", "!keep.log", "secret*"));
        assertThat(ignore.ignores("a.log", false)).isTrue();
        assertThat(ignore.ignores("deep/in/b.log", false)).isTrue();
        assertThat(ignore.ignores("keep.log", false)).isFalse();
        assertThat(ignore.ignores("build/x.class", false)).isTrue();
        assertThat(ignore.ignores("src/build/x.class", false)).isTrue();
        assertThat(ignore.ignores("build", false)).as("a file named build").isFalse();
        assertThat(ignore.ignores("top.txt", false)).isTrue();
        assertThat(ignore.ignores("sub/top.txt", false)).isFalse();
        assertThat(ignore.ignores("data/a/b/c.tmp", false)).isTrue();
        assertThat(ignore.ignores("data/c.csv", false)).isFalse();
        assertThat(ignore.ignores("conf/secrets.yaml", false)).isTrue();
    }

    @Test
    void credentialsAndToolFoldersAreAlwaysLeftOut() {
        FairingIgnore ignore = FairingIgnore.of(List.of("!.kube/", "!.docker/config.json"));
        assertThat(ignore.ignores(".kube/config", false)).isTrue();
        assertThat(ignore.ignores("x/.docker/config.json", false)).isTrue();
        assertThat(ignore.ignores(".git/HEAD", false)).isTrue();
        assertThat(ignore.ignores(".ipynb_checkpoints/a-checkpoint.ipynb", false))
                .isTrue();
        assertThat(ignore.ignores(".fairingignore", false)).isTrue();
        assertThat(ignore.ignores(".ssh/id_rsa", false)).isTrue();
        assertThat(ignore.ignores("data.csv", false)).isFalse();
    }

    @Test
    void inputFilesHonourGlobsAndTheIgnoreFileInSortedOrder(@TempDir Path dir) throws Exception {
        for (String file : List.of(
                "data/b.csv",
                "data/a.csv",
                "data/sub/c.csv",
                "data/x.tmp",
                "notes.txt",
                "model/w.bin",
                ".kube/config",
                "data/.ipynb_checkpoints/a.csv")) {
            Files.createDirectories(dir.resolve(file).getParent());
            Files.writeString(dir.resolve(file), file);
        }
        Files.writeString(dir.resolve(".fairingignore"), "*.tmp\nsub/\n");
        List<InputFile> files =
                InputFiles.collect(dir, List.of("data", "**/*.bin", "notes.txt", "**"), FairingIgnore.load(dir));
        assertThat(files)
                .extracting(InputFile::target)
                .containsExactly("data/a.csv", "data/b.csv", "model/w.bin", "notes.txt");
        assertThat(InputFiles.collect(dir, List.of("data/*.csv"), FairingIgnore.load(dir)))
                .extracting(InputFile::target)
                .containsExactly("data/a.csv", "data/b.csv");
        assertThat(InputFiles.collect(dir, List.of("**/*.bin"), FairingIgnore.of(List.of())))
                .extracting(InputFile::target)
                .containsExactly("model/w.bin");
        assertThat(InputFiles.collect(dir, List.of(), FairingIgnore.of(List.of())))
                .isEmpty();
    }
}
