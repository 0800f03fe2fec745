package io.jfairing.kernel.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabExtensionInstallerTest {
    private static final String PANEL = LabExtensionInstaller.FOLDER + "@acme/panel/";

    @Test
    void writesEachPackageOfAJarIntoLabextensionsReplacingAnEarlierInstall(@TempDir Path dir) throws IOException {
        Path data = dir.resolve("share/jupyter");
        Path old = jar(
                dir.resolve("old.jar"),
                Map.of(PANEL + "package.json", "{\"name\":\"@acme/panel\"}", PANEL + "static/remoteEntry.1.js", "1"));
        assertThat(new LabExtensionInstaller(List.of(old)).install(data)).containsExactly("@acme/panel");
        assertThat(data.resolve("labextensions/@acme/panel/static/remoteEntry.1.js"))
                .hasContent("1");

        Map<String, String> files = new LinkedHashMap<>();
        files.put(PANEL + "package.json", "{\"name\":\"@acme/panel\",\"version\":\"2\"}");
        files.put(PANEL + "static/remoteEntry.2.js", "2");
        files.put(LabExtensionInstaller.FOLDER + "plain/package.json", "{\"name\":\"plain\"}");
        files.put(LabExtensionInstaller.FOLDER + "stray.txt", "not in a package");
        files.put("io/jfairing/Some.class", "class");
        Path newer = jar(dir.resolve("new.jar"), files);

        assertThat(new LabExtensionInstaller(List.of(newer)).install(data)).containsExactly("@acme/panel", "plain");
        Path panel = data.resolve("labextensions/@acme/panel");
        assertThat(panel.resolve("package.json")).hasContent("{\"name\":\"@acme/panel\",\"version\":\"2\"}");
        assertThat(panel.resolve("static/remoteEntry.2.js")).hasContent("2");
        assertThat(panel.resolve("static/remoteEntry.1.js")).doesNotExist(); // the earlier build's bundle is gone
        assertThat(data.resolve("labextensions/plain/package.json")).exists();
        assertThat(data.resolve("labextensions/stray.txt")).doesNotExist();
        assertThat(data.resolve("labextensions/io")).doesNotExist();
    }

    @Test
    void aJarWithoutExtensionsInstallsNothing(@TempDir Path dir) throws IOException {
        Path jar = jar(dir.resolve("plain.jar"), Map.of("io/jfairing/Some.class", "class"));
        assertThat(new LabExtensionInstaller(List.of(jar)).install(dir)).isEmpty();
        assertThat(dir.resolve("labextensions")).doesNotExist();
    }

    @Test
    void anEntryThatPointsOutsideLabextensionsIsRefused(@TempDir Path dir) throws IOException {
        Path jar =
                jar(dir.resolve("evil.jar"), Map.of(PANEL + "package.json", "{}", PANEL + "../../../../evil.txt", "x"));
        Path data = Files.createDirectories(dir.resolve("data"));
        assertThatThrownBy(() -> new LabExtensionInstaller(List.of(jar)).install(data))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("points outside labextensions/");
        assertThat(dir.resolve("evil.txt")).doesNotExist();
    }

    private static Path jar(Path file, Map<String, String> entries) throws IOException {
        try (OutputStream out = Files.newOutputStream(file);
                ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, String> entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return file;
    }
}
