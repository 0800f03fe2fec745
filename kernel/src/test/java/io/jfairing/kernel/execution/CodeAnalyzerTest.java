package io.jfairing.kernel.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.jfairing.kernel.loader.RuntimeJar;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CodeAnalyzerTest {
    private static CodeEvaluator evaluator;
    private static CodeAnalyzer analyzer;

    @BeforeAll
    static void start() throws Exception {
        evaluator = CodeEvaluator.start(
                CodeAnalyzerTest.class.getClassLoader(),
                RuntimeJar.locate(),
                new PrintStream(OutputStream.nullOutputStream()),
                List.of());
        evaluator.eval("String greeting = \"hello\";", 1, 0);
        analyzer = new CodeAnalyzer(evaluator);
    }

    @AfterAll
    static void stop() {
        evaluator.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1 + 1", "int x = 1;", "int y = 2", "void f() {}\nf()", "%maven g:a:1", "%%html\n<b>", ""})
    void completeCode(String code) {
        assertThat(analyzer.isComplete(code)).isEqualTo("complete");
    }

    @ParameterizedTest
    @ValueSource(strings = {"int x = ;", "1 +* 2;", "int 3x = 1;"})
    void invalidCode(String code) {
        assertThat(analyzer.isComplete(code)).isEqualTo("invalid");
    }

    @Test
    void incompleteCodeGetsAnIndentPerOpenBlock() {
        assertThat(analyzer.isComplete("for (int i = 0; i < 3; i++) {")).isEqualTo("    ");
        assertThat(analyzer.isComplete("class A {\n  void f() {")).isEqualTo("        ");
        assertThat(analyzer.isComplete("@Override")).isEmpty();
        assertThat(analyzer.isComplete("@SuppressWarnings(\"unchecked\")")).isEmpty();
    }

    @Test
    void completesMembersWithBareNames() {
        CodeAnalyzer.Completion completion = analyzer.complete("System.out.printl", 17, Set.of(), Set.of());
        assertThat(completion.matches()).containsExactly("println");
        assertThat(completion.start()).isEqualTo(11);
        assertThat(completion.end()).isEqualTo(17);
    }

    @Test
    void completesSessionVariablesInALaterSnippet() {
        String cell = "int a = 1;\ngreet";
        CodeAnalyzer.Completion completion = analyzer.complete(cell, cell.length(), Set.of(), Set.of());
        assertThat(completion.matches()).contains("greeting");
        assertThat(completion.start()).isEqualTo(cell.indexOf("greet"));
    }

    @Test
    void completesMagicNames() {
        CodeAnalyzer.Completion completion =
                analyzer.complete("int a = 1;\n%mav", 16, Set.of("maven", "mavenRepo", "jars"), Set.of("html"));
        assertThat(completion.matches()).containsExactly("%maven", "%mavenRepo");
        assertThat(completion.start()).isEqualTo(11);
        assertThat(analyzer.complete("%%ht", 4, Set.of(), Set.of("html")).matches())
                .containsExactly("%%html");
    }

    @Test
    void inspectsTheNameEndingAtTheCursor() {
        CodeAnalyzer.Inspection inspection = analyzer.inspect("Math.max", 8);
        assertThat(inspection.signature()).contains("int Math.max(int a, int b)");
        assertThat(analyzer.inspect("String", 6).signature()).isEqualTo("java.lang.String");
        assertThat(analyzer.inspect("greeting", 3).signature()).contains("String");
    }

    @Test
    void completesAMethodDeclaredEarlierInTheCellBeforeItRuns() {
        String cell = "String greet(String who) {\n    return \"hi \" + who;\n}\nvar s = gre";
        CodeAnalyzer.Completion completion = analyzer.complete(cell, cell.length(), Set.of(), Set.of());
        assertThat(completion.matches()).contains("greet").doesNotContain("greeting(");
        assertThat(completion.start()).isEqualTo(cell.lastIndexOf("gre"));
        assertThat(completion.end()).isEqualTo(cell.length());
    }

    @Test
    void completesMembersOfARecordDeclaredTwoLinesUp() {
        String cell = "record Point(int x, int y) {\n    double norm() { return Math.hypot(x, y); }\n}\n"
                + "Point p = new Point(3, 4);\nSystem.out.println(p.";
        CodeAnalyzer.Completion completion = analyzer.complete(cell, cell.length(), Set.of(), Set.of());
        assertThat(completion.matches()).contains("x", "y", "norm");
        assertThat(completion.start()).isEqualTo(cell.length());
    }

    @Test
    void completesInsideAMethodThatUsesAnEarlierType() {
        String cell = "record Box(String label) {}\nString show(Box b) {\n    return b.lab";
        CodeAnalyzer.Completion completion = analyzer.complete(cell, cell.length(), Set.of(), Set.of());
        assertThat(completion.matches()).contains("label");
    }

    @Test
    void inspectsAMethodDeclaredEarlierInTheCell() {
        String cell = "String greet(String who) { return \"hi \" + who; }\nint n = 1;\nvar s = greet";
        CodeAnalyzer.Inspection inspection = analyzer.inspect(cell, cell.length() - 2);
        assertThat(inspection).isNotNull();
        assertThat(inspection.signature()).contains("String greet(String who)");
    }
}
