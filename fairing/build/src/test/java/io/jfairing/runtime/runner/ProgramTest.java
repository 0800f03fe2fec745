package io.jfairing.runtime.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ProgramTest {
    private static Program program() {
        return Program.builder()
                .notebook("n é.ipynb")
                .parameter("epochs", "3")
                .cell(new Program.Cell(1, "markdown", List.of(), "# hi\n", List.of()))
                .cell(new Program.Cell(
                        2,
                        "code",
                        List.of("parameters", "x y"),
                        "int a = 1;\n\"quote\"",
                        List.of(new Program.Step("REPL.$JShell$10", false), new Program.Step("REPL.$JShell$11", true))))
                .entry("Trainer1", List.of(new Program.Step("REPL.$JShell$12", false)))
                .lineMap(new Program.LineMap("$JShell$10.java", "cell 2", new TreeMap<>(Map.of(5, 1, 6, 2))))
                .build();
    }

    @Test
    void writeAndReadRoundTrip() throws Exception {
        Program program = program();
        Program read = Program.read(program.write());
        assertThat(read.write()).isEqualTo(program.write());
        assertThat(read.notebook()).isEqualTo("n é.ipynb");
        assertThat(read.cells().get(1).tags()).containsExactly("parameters", "x y");
        assertThat(read.cells().get(1).steps())
                .containsExactly(new Program.Step("REPL.$JShell$10", false), new Program.Step("REPL.$JShell$11", true));
        assertThat(read.entryClass()).isEqualTo("Trainer1");
        assertThat(read.lineMaps().get("$JShell$10.java").lines()).containsEntry(6, 2);
    }

    @Test
    void writesTheDocumentedTextFormat() {
        Program program = program().toBuilder()
                .predictor("REPL.$JShell$13$Iris")
                .magicValue(new Program.MagicValue("jars", "lib/*.jar", List.of("/app/libs/a.jar", "/app/libs/b.jar")))
                .build();

        assertThat(program.write())
                .isEqualTo(String.join(
                        "\n",
                        "jfairing-program 1",
                        "notebook biDDqS5pcHluYg==",
                        "parameter epochs Mw==",
                        "cell 1 markdown - IyBoaQo=",
                        "cell 2 code cGFyYW1ldGVycwp4IHk= aW50IGEgPSAxOwoicXVvdGUi",
                        "invoke REPL.$JShell$10 void",
                        "invoke REPL.$JShell$11 value",
                        "entry Trainer1",
                        "entry-invoke REPL.$JShell$12",
                        "lines $JShell$10.java Y2VsbCAy 5=1,6=2",
                        "predictor REPL.$JShell$13$Iris",
                        "magic amFycw== bGliLyouamFy L2FwcC9saWJzL2EuamFyCi9hcHAvbGlicy9iLmphcg==",
                        ""));
    }

    @Test
    void builtProgramIsImmutable() {
        Program.Builder builder = Program.builder().notebook("a.ipynb").parameter("epochs", "3");
        Program program = builder.build();
        builder.parameter("lr", "0.1").cell(new Program.Cell(1, "code", List.of(), "", List.of()));

        assertThat(program.parameters()).containsOnlyKeys("epochs");
        assertThat(program.cells()).isEmpty();
        assertThatThrownBy(() -> program.parameters().put("lr", "0.1"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(program.withMagicValues(List.of(new Program.MagicValue("jars", "x.jar", List.of("/x.jar"))))
                        .write())
                .isEqualTo(program.write() + "magic amFycw== eC5qYXI= L3guamFy\n");
    }

    @Test
    void executedNotebookIsValidNbformatJson() throws Exception {
        Program program = program();
        NotebookRunner.Outcome outcome = new NotebookRunner.Outcome(
                java.util.Arrays.asList(
                        null,
                        new NotebookRunner.CellOutput(
                                1,
                                "line \"1\"\n\tline 2",
                                "warn\u0001\n",
                                "42",
                                new NotebookRunner.Failure(
                                        "cell 2",
                                        "java.lang.RuntimeException",
                                        "bad",
                                        List.of("cell 2: java.lang.RuntimeException: bad", "\tat (cell 2, line 1)")))),
                new NotebookRunner.Failure("cell 2", "java.lang.RuntimeException", "bad", List.of()));
        JsonNode json = new ObjectMapper().readTree(ExecutedNotebook.toJson(program, outcome));
        assertThat(json.get("nbformat").asInt()).isEqualTo(4);
        assertThat(json.get("metadata").get("jfairing").get("status").asText()).isEqualTo("failed");
        assertThat(json.get("metadata")
                        .get("jfairing")
                        .get("parameters")
                        .get("epochs")
                        .asText())
                .isEqualTo("3");
        JsonNode outputs = json.get("cells").get(1).get("outputs");
        assertThat(outputs.get(0).get("text").get(0).asText()).isEqualTo("line \"1\"\n");
        assertThat(outputs.get(1).get("name").asText()).isEqualTo("stderr");
        assertThat(outputs.get(2).get("data").get("text/plain").get(0).asText()).isEqualTo("42");
        assertThat(outputs.get(3).get("ename").asText()).isEqualTo("java.lang.RuntimeException");
        assertThat(json.get("cells").get(0).has("outputs")).isFalse();
    }
}
