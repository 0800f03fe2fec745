package io.jfairing.extensions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.jfairing.extensions.display.Frontend;
import io.jfairing.extensions.fairing.FairingMagic;
import io.jfairing.extensions.metadata.MetadataMagic;
import io.jfairing.fairing.cli.project.ProjectConfig;
import io.jfairing.kernel.spi.CellException;
import io.jfairing.kernel.spi.ExecutedCell;
import io.jfairing.kernel.spi.MagicCall;
import io.jfairing.kernel.spi.MagicUsageException;
import io.jfairing.kernel.spi.Session;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bad arguments of every magic: the error names the argument, carries the subcommand's usage, and nothing is written
 * or created. The magics run on a session with no cells (what they read of it), a real project folder and a real
 * SQLite metadata store.
 */
class MagicArgumentsTest {
    @TempDir
    Path project;

    private final List<String> shown = new ArrayList<>();
    private Workspace workspace;
    private FairingMagic fairing;
    private MetadataMagic metadata;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private PrintStream savedOut;

    @BeforeEach
    void start() throws Exception {
        Files.createDirectories(project.resolve(".jfairing"));
        Files.writeString(project.resolve(ProjectConfig.FILE), "metadata=store.db\n");
        workspace = new Workspace(project, new Frontend() {
            @Override
            public String display(DisplayData data) {
                shown.add(String.valueOf(
                        data.getData(io.github.spencerpark.jupyter.kernel.display.mime.MIMEType.TEXT_PLAIN)));
                return "id-" + shown.size();
            }

            @Override
            public void update(String id, DisplayData data) {
                shown.add(String.valueOf(
                        data.getData(io.github.spencerpark.jupyter.kernel.display.mime.MIMEType.TEXT_PLAIN)));
            }
        });
        Session session = new EmptySession();
        fairing = new FairingMagic(workspace, session);
        metadata = new MetadataMagic(workspace);
        savedOut = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() {
        System.setOut(savedOut);
        fairing.close();
        workspace.close();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "train --kind nope                                    | unknown job kind 'nope'",
                "train --replicas -1                                  | replicas must be 0 or more",
                "train --cpu lots                                     | invalid resource quantity for requests.cpu: 'lots'",
                "train --memory 12XB                                  | invalid resource quantity",
                "train --cleanup sometimes                            | --cleanup 'sometimes' is not keep, on-success or always",
                "train --timeout forever                              | --timeout: 'forever' is not a duration",
                "train --backend mainframe                            | --backend 'mainframe' is not one of local, podman, kubernetes",
                "train --cells 3-x                                    | --cells '3-x': '3-x' is not a cell number or a range",
                "train --notebook missing.ipynb                       | --notebook missing.ipynb: no such file",
                "tune --maximize acc                                  | no parameter to search",
                "tune --double lr=0.1:0.5                             | Missing required argument",
                "tune --maximize acc --double lr=abc                  | is not NAME=MIN:MAX",
                "tune --maximize acc --double lr=0.1:x                | a parameter bound is not a number",
                "tune --maximize acc --int n=1:5 --backend local --algorithm tpe | a local sweep does random or grid search",
                "config backend=mainframe                             | 'mainframe' is not one of local, podman, kubernetes",
                "config bogus=1                                       | unknown setting 'bogus'",
                "config noequals                                      | 'noequals' is not KEY=VALUE",
                "config registry=http://x                             | is not 'local' or host[:port][/path]",
                "config namespace=Bad_NS                              | is not a valid Kubernetes namespace",
                "predict nothere [[1]]                                | this session serves no model named nothere",
                "serve --model-uri missing.bin                        | --model-uri missing.bin: no such file",
                "serve --mode sideways                                | sideways",
                "build --image x:bad!tag                              | not a valid tag",
                "frobnicate                                           | unknown command 'frobnicate'",
                "confg                                                | did you mean config",
                "delete                                               | Missing required parameter",
            })
    void fairingArgumentErrorsNameTheArgumentAndShowUsage(String arguments, String expected) throws Exception {
        assertThat(expected).as("the message this case expects").isNotBlank();
        assertThatThrownBy(() -> fairing.run(call("fairing", arguments)))
                .isInstanceOf(MagicUsageException.class)
                .hasMessageContaining(expected)
                .satisfies(e -> assertThat(String.join("\n", ((CellException) e).traceback()))
                        .contains("Usage: %fairing"));
        assertThat(Files.readString(project.resolve(ProjectConfig.FILE)))
                .as("settings unchanged")
                .isEqualTo("metadata=store.db\n");
        assertThat(project.resolve("jobs")).doesNotExist();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "runs --limit 0                 | --limit must be between 1 and 1000",
                "runs --filter 'metrics.x >'    | invalid filter at position 12: expected a value after metrics.x >",
                "compare 1                      | comparing needs two runs or more",
                "compare                        | name two or more run ids",
                "plot loss --size 10x10         | --size '10x10' is not WIDTHxHEIGHT",
                "plot                           | Missing required parameter",
                "log                            | nothing to log",
                "log novalue                    | 'novalue' is not KEY=VALUE",
                "lineage nosuch                 | no artifact named 'nosuch'",
                "lineage 999                    | no artifact with id 999",
                "lineage x --direction sideways | Invalid value for option '--direction'",
            })
    void metadataArgumentErrorsNameTheArgument(String arguments, String expected) {
        assertThat(expected).as("the message this case expects").isNotBlank();
        assertThatThrownBy(() -> metadata.run(call("metadata", arguments)))
                .isInstanceOf(CellException.class)
                .hasMessageContaining(expected);
    }

    @Test
    void helpPrintsTheUsageOfEachCommandAndIsNotAnError() throws Exception {
        for (String command : List.of(
                "", "config", "build", "train", "tune", "serve", "predict", "jobs", "status", "logs", "delete")) {
            out.reset();
            assertThat(fairing.run(call("fairing", command + " --help"))).isNull();
            assertThat(out.toString(StandardCharsets.UTF_8))
                    .contains("Usage: %fairing" + (command.isEmpty() ? "" : " " + command))
                    .doesNotContain("%%");
        }
        for (String command : List.of("runs", "compare", "plot", "lineage", "log")) {
            out.reset();
            assertThat(metadata.run(call("metadata", command + " --help"))).isNull();
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("Usage: %metadata " + command);
        }
    }

    @Test
    void settingsAreSavedForTheProjectAndReadBack() throws Exception {
        Object table = fairing.run(call("fairing", "config backend=podman cpu=500m"));
        assertThat(Files.readString(project.resolve(ProjectConfig.FILE)))
                .contains("backend=podman", "cpu=500m", "metadata=store.db");
        assertThat(String.valueOf(((DisplayData) table)
                        .getData(io.github.spencerpark.jupyter.kernel.display.mime.MIMEType.TEXT_PLAIN)))
                .containsPattern("backend\\s+podman")
                .containsPattern("cpu\\s+500m");
        fairing.run(call("fairing", "config --unset cpu"));
        assertThat(Files.readString(project.resolve(ProjectConfig.FILE)))
                .doesNotContain("cpu=")
                .contains("backend=podman");
    }

    @Test
    void aCellMagicTakesABodyOnlyForCommandsThatUseOne() {
        assertThatThrownBy(() -> fairing.run(call("fairing", "config"), "int x = 1;"))
                .isInstanceOf(MagicUsageException.class)
                .hasMessageContaining("%%fairing takes the cell body for build, serve, train, tune");
    }

    @Test
    void noCellsMeansNothingToPackage() {
        assertThatThrownBy(() -> fairing.run(call("fairing", "build")))
                .isInstanceOf(MagicUsageException.class)
                .hasMessageContaining("there is nothing to package");
    }

    private MagicCall call(String magic, String arguments) {
        return new MagicCall(magic, arguments, split(arguments), null);
    }

    private static List<String> split(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean quoted = false;
        for (char c : text.strip().toCharArray()) {
            if (c == '\'') {
                quoted = !quoted;
            } else if (Character.isWhitespace(c) && !quoted) {
                if (word.length() > 0) {
                    words.add(word.toString());
                    word.setLength(0);
                }
            } else {
                word.append(c);
            }
        }
        if (word.length() > 0) {
            words.add(word.toString());
        }
        return words;
    }

    /** A kernel session that has run no cell and added nothing to its class path. */
    private static final class EmptySession implements Session {
        @Override
        public List<ExecutedCell> executedCells() {
            return List.of();
        }

        @Override
        public List<Path> classpath() {
            return List.of();
        }

        @Override
        public ClassLoader classLoader() {
            return MagicArgumentsTest.class.getClassLoader();
        }

        @Override
        public void addToClasspath(Path path) {
            throw new UnsupportedOperationException("not used by the magics");
        }

        @Override
        public Object evaluate(String code) {
            throw new UnsupportedOperationException("not used by the magics");
        }
    }
}
