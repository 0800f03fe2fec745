package io.jfairing.fairing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jfairing.fairing.image.ImageBuildEvent;
import io.jfairing.fairing.notebook.NotebookReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A notebook's image runs the Java feature version of the kernel that ran it (its {@code language_info}). */
class NotebookJavaVersionTest {
    private static final int RUNNING = Runtime.version().feature();

    @TempDir
    Path dir;

    /** A notebook as Jupyter saves it after a Java kernel ran it: language_info as the kernel's kernel_info said. */
    private Path notebook(String languageInfo) throws Exception {
        Path file = dir.resolve("ran.ipynb");
        Files.writeString(
                file,
                "{\"nbformat\": 4, \"nbformat_minor\": 5, \"metadata\": {\"kernelspec\": {\"name\": \"java\","
                        + " \"display_name\": \"Java (jfairing)\", \"language\": \"java\"}, \"language_info\": "
                        + languageInfo + "}, \"cells\": [{\"cell_type\": \"code\", \"metadata\": {},"
                        + " \"execution_count\": 1, \"outputs\": [], \"source\": \"int answer = 6 * 7;\"}]}");
        return file;
    }

    private static String javaInfo(String version) {
        return "{\"name\": \"java\", \"version\": \"" + version + "\", \"mimetype\": \"text/x-java-source\","
                + " \"file_extension\": \".jshell\", \"codemirror_mode\": \"text/x-java\"}";
    }

    @Test
    void theFeatureVersionIsReadFromLanguageInfo() throws Exception {
        assertThat(NotebookReader.javaFeature(notebook(javaInfo("25.0.3+9-LTS"))))
                .hasValue(25);
        assertThat(NotebookReader.javaFeature(notebook(javaInfo("17.0.15+6-Debian-1deb12u1"))))
                .hasValue(17);
        assertThat(NotebookReader.javaFeature(notebook(javaInfo("1.8.0_412")))).hasValue(8);
        assertThat(NotebookReader.javaFeature(notebook("{\"name\": \"python\", \"version\": \"3.11.2\"}")))
                .isEmpty();
        assertThat(NotebookReader.javaFeature(notebook("{\"name\": \"java\"}"))).isEmpty();
    }

    @Test
    void aNotebookFromANewerJavaIsRefusedBeforeCompilingWithWhatToDo() throws Exception {
        int newer = RUNNING + 1;
        Path file = notebook(javaInfo(newer + ".0.1"));
        assertThatThrownBy(() -> Fairing.notebook(file).compile())
                .isInstanceOf(FairingException.class)
                .hasMessageContaining("ran.ipynb was run on Java " + newer)
                .hasMessageContaining("jfairing runs on Java " + RUNNING)
                .hasMessageContaining("Run jfairing on a JDK " + newer + " (set JAVA_HOME to it)");
    }

    @Test
    void aNotebookFromTheSameJavaCompilesWithoutAWordAndAnOlderOneWithAWarning() throws Exception {
        List<ImageBuildEvent> events = new ArrayList<>();
        assertThat(Fairing.notebook(notebook(javaInfo(RUNNING + ".0.2")))
                        .listener(events::add)
                        .compile())
                .isNotNull();
        assertThat(events)
                .noneMatch(
                        e -> e instanceof ImageBuildEvent.Log log && log.level().equals("warn"));

        Fairing.notebook(notebook(javaInfo("11.0.2"))).listener(events::add).compile();
        assertThat(events)
                .filteredOn(
                        e -> e instanceof ImageBuildEvent.Log log && log.level().equals("warn"))
                .singleElement()
                .asString()
                .contains("was run on Java 11", "runs on Java " + RUNNING);
    }
}
