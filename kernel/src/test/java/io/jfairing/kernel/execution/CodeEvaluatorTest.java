package io.jfairing.kernel.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jfairing.kernel.loader.RuntimeJar;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CodeEvaluatorTest {
    private static CodeEvaluator evaluator;

    @BeforeAll
    static void start() throws Exception {
        evaluator = CodeEvaluator.start(
                CodeEvaluatorTest.class.getClassLoader(),
                RuntimeJar.locate(),
                new PrintStream(OutputStream.nullOutputStream()),
                List.of());
    }

    @AfterAll
    static void stop() {
        evaluator.close();
    }

    @Test
    void theLastExpressionOfAManySnippetCellIsItsValue() throws Exception {
        CodeEvaluator.Result result = evaluator.eval("""
                import java.util.function.IntUnaryOperator;
                class Doubler implements IntUnaryOperator { public int applyAsInt(int x) { return 2 * x; } }
                int base = 20;
                int twice(int x) { return new Doubler().applyAsInt(x); }
                twice(base) + 2
                """, 1, 0);
        assertThat(result.hasValue()).isTrue();
        assertThat(result.value()).isEqualTo(42);
    }

    @Test
    void theValueIsTheObjectItselfNotItsString() throws Exception {
        Object value = evaluator.eval("new StringBuilder(\"ab\")", 1, 0).value();
        assertThat(value).isInstanceOf(StringBuilder.class);
    }

    @Test
    void declarationsAndStatementsHaveNoValue() throws Exception {
        assertThat(evaluator.eval("int declared = 3;", 1, 0).hasValue()).isFalse();
        assertThat(evaluator.eval("declared = 4;", 1, 0).hasValue()).isFalse();
        assertThat(evaluator.eval("declared", 1, 0).value()).isEqualTo(4);
    }

    /**
     * A plain value expression runs as a declaration of an {@code Object} variable ({@link ValueExpression}); the
     * same expression in parentheses ends with {@code )} and runs as JShell evaluates expressions: both give the
     * same values and the same errors, and the holding variable stays out of sight.
     */
    @Test
    void aValueExpressionHasTheSameOutcomeAsJShellsOwnEvaluation() throws Exception {
        evaluator.eval(
                "int zero = 0; int[] arr = {5, 6}; boolean flag = true; Object text = \"t\"; int counter = 7;", 1, 0);
        for (String expression : List.of(
                "1+1",
                "40 + 2L",
                "'a'",
                "1.5f * 2",
                "flag ? 1 : 2.0",
                "\"s\" + arr[1]",
                "null",
                "counter++",
                "text instanceof String s ? s.length() : -1",
                "(Object) 3",
                "Integer.MAX_VALUE",
                "java.util.List.of(1, 2).get(0) + arr.length")) {
            assertThat(ValueExpression.asDeclaration(expression)).as(expression).isPresent();
            CodeEvaluator.Result held = evaluator.eval(expression, 2, 0);
            CodeEvaluator.Result asWritten = evaluator.eval("(" + expression + ")", 2, 0);
            assertThat(held.hasValue()).as(expression).isTrue();
            if (expression.equals("counter++")) {
                assertThat(List.of(held.value(), asWritten.value())).containsExactly(7, 8);
            } else {
                assertThat(held.value()).as(expression).isEqualTo(asWritten.value());
                assertThat(held.value() == null ? null : held.value().getClass())
                        .as(expression)
                        .isEqualTo(
                                asWritten.value() == null
                                        ? null
                                        : asWritten.value().getClass());
            }
        }
        EvaluationException held =
                catchThrowableOfType(() -> evaluator.eval("arr[1] / zero", 3, 0), EvaluationException.class);
        EvaluationException asWritten =
                catchThrowableOfType(() -> evaluator.eval("(arr[1] / zero)", 3, 0), EvaluationException.class);
        assertThat(held.errorName()).isEqualTo("java.lang.ArithmeticException");
        assertThat(held.traceback()).isEqualTo(asWritten.traceback());
        assertThat(held.traceback()).last().isEqualTo("\tat <cell>(cell [3], line 1)");
        assertThatThrownBy(() -> evaluator.eval("notDefinedAnywhere + 1", 4, 0))
                .isInstanceOf(CompilationException.class)
                .hasMessageContaining("cannot find symbol")
                .hasMessageContaining("line 1, column 1");
        assertThatThrownBy(() -> evaluator.eval(ValueExpression.HOLDER, 5, 0)).isInstanceOf(CompilationException.class);
        assertThat(evaluator.variables()).extracting(v -> v.get("name")).doesNotContain(ValueExpression.HOLDER);
    }

    @Test
    void aCompileErrorPointsAtTheCellLineAndColumn() {
        assertThatThrownBy(() -> evaluator.eval("int ok = 1;\nint alsoOk = 2;\nString s = ok;\n", 5, 10))
                .isInstanceOf(CompilationException.class)
                .hasMessageContaining("incompatible types")
                .hasMessageContaining("line 13, column 12")
                .satisfies(e -> assertThat(((CompilationException) e).traceback())
                        .contains("    String s = ok;", "               ^^"));
    }

    @Test
    void anExceptionShowsCellLinesAndNoKernelFrames() {
        assertThatThrownBy(() -> evaluator.eval("""
                int divide(int a, int b) {
                    return a / b;
                }
                divide(1, 0)
                """, 7, 0))
                .isInstanceOf(EvaluationException.class)
                .satisfies(e -> {
                    EvaluationException error = (EvaluationException) e;
                    assertThat(error.errorName()).isEqualTo("java.lang.ArithmeticException");
                    assertThat(error.getMessage()).isEqualTo("/ by zero");
                    assertThat(error.traceback().get(0)).isEqualTo("java.lang.ArithmeticException: / by zero");
                    assertThat(error.traceback()).anyMatch(line -> line.contains("divide(cell [7], line 2)"));
                    assertThat(String.join("\n", error.traceback()))
                            .doesNotContain("jdk.jshell", "io.jfairing", "reflect");
                });
    }

    @Test
    void exitingInACellEndsTheCellNotTheKernel() throws Exception {
        assertThatThrownBy(() -> evaluator.eval("System.out.println(\"bye\");\nSystem.exit(3);", 1, 0))
                .isInstanceOfSatisfying(EvaluationException.class, error -> {
                    assertThat(error.errorName()).isEqualTo("SystemExit");
                    assertThat(error.getMessage())
                            .isEqualTo("the cell called System.exit(3); the kernel keeps running"
                                    + " (restart it to start afresh)");
                    assertThat(error.traceback()).last().isEqualTo("\tat <cell>(cell [1], line 2)");
                    assertThat(String.join("\n", error.traceback())).doesNotContain("io.jfairing", "$");
                });
        assertThatThrownBy(() -> evaluator.eval("void quit() { Runtime.getRuntime().halt(1); }\nquit()", 2, 0))
                .isInstanceOf(EvaluationException.class)
                .hasMessageStartingWith("the cell called Runtime.getRuntime().halt(1);")
                .hasMessageNotContaining("System.exit");
        assertThat(evaluator.eval("\"still here\"", 3, 0).value()).isEqualTo("still here");
    }

    @Test
    void aDeferredImportIsEvaluatedWhenASnippetNeedsIt() throws Exception {
        evaluator.deferImports(List.of("import java.util.regex.*;"));
        assertThat(evaluator
                        .eval("int before = 1;\nPattern.compile(\"a+\").matcher(\"aaa\").matches()", 1, 0)
                        .value())
                .isEqualTo(true);
        assertThat(evaluator.evaluateDeferredImports()).isFalse();
        assertThatThrownBy(() -> evaluator.eval("NoSuchType.call()", 2, 0)).isInstanceOf(CompilationException.class);
    }

    @Test
    void causesAreShown() {
        assertThatThrownBy(() -> evaluator.eval(
                        "throw new IllegalStateException(\"outer\", new java.io.IOException(\"inner\"));", 1, 0))
                .isInstanceOf(EvaluationException.class)
                .satisfies(e -> assertThat(((EvaluationException) e).traceback())
                        .contains("Caused by: java.io.IOException: inner"));
    }

    @Test
    void anUnfinishedCellIsReportedAsIncomplete() {
        assertThatThrownBy(() -> evaluator.eval("int a = 1;\nfor (int i = 0; i < 3; i++) {\n", 1, 0))
                .isInstanceOf(IncompleteSourceException.class)
                .hasMessageContaining("line 2");
    }

    @Test
    void aMethodUsingAnUndefinedNameSaysWhatIsMissing() {
        assertThatThrownBy(() -> evaluator.eval("int callsMissing() { return notYetDefined(); }\ncallsMissing()", 1, 0))
                .hasMessageContaining("notYetDefined");
    }

    @Test
    void aMethodThatNeedsALaterDefinitionIsDefinedWithANote() throws Exception {
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(err, true));
        try {
            evaluator.eval("int usesLater() { return later() * 2; }", 1, 0);
        } finally {
            System.setErr(original);
        }
        assertThat(err.toString())
                .contains("Note: usesLater is defined, but cannot be used until method later() is defined.");
        evaluator.eval("int later() { return 21; }", 2, 0);
        assertThat(evaluator.eval("usesLater()", 3, 0).value()).isEqualTo(42);
    }

    private static final String LOOPING = "jfairing.test.looping";

    @Test
    void stopEndsARunawayLoopAndTheSessionGoesOn() throws Exception {
        CompletableFuture<Throwable> running = CompletableFuture.supplyAsync(() -> {
            try {
                evaluator.eval(
                        "long spins = 0; while (true) { if (spins++ == 0) System.setProperty(\"" + LOOPING
                                + "\", \"yes\"); }",
                        1,
                        0);
                return null;
            } catch (Exception e) {
                return e;
            }
        });
        // stop once the loop runs (cells run in this JVM): a stop during compilation would end the cell before it
        while (System.getProperty(LOOPING) == null && !running.isDone()) {
            Thread.sleep(10);
        }
        evaluator.stop("interrupted by the test");
        Throwable outcome = running.get(10, TimeUnit.SECONDS);
        assertThat(outcome).isInstanceOf(EvaluationInterruptedException.class).hasMessage("interrupted by the test");
        assertThat(evaluator.eval("spins > 0", 2, 0).value()).isEqualTo(true);
    }

    @Test
    void addedJarsAreVisibleToCompilerAndRuntime(@TempDir Path dir) throws Exception {
        Path source = dir.resolve("src/demo/Greeter.java");
        Files.createDirectories(source.getParent());
        Files.writeString(
                source,
                "package demo; public class Greeter { public static String hi(String n) { return \"hi \" + n; } }");
        Path classes = dir.resolve("classes");
        int status =
                ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(), source.toString());
        assertThat(status).isZero();
        evaluator.addToClasspath(classes);
        assertThat(evaluator.eval("demo.Greeter.hi(\"there\")", 1, 0).value()).isEqualTo("hi there");
        assertThat(evaluator.classpath()).contains(classes.toAbsolutePath());
        assertThat(evaluator.classLoader().loadClass("demo.Greeter").getClassLoader())
                .isSameAs(evaluator.classLoader());
    }
}
