package io.jfairing.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.spencerpark.jupyter.kernel.display.Renderer;
import io.jfairing.kernel.execution.CodeEvaluator;
import io.jfairing.kernel.loader.ExportingClassLoader;
import io.jfairing.kernel.loader.RuntimeJar;
import io.jfairing.kernel.magics.MagicRegistry;
import io.jfairing.kernel.spi.CellException;
import io.jfairing.kernel.spi.CellHook;
import io.jfairing.kernel.spi.ExecutedCell;
import io.jfairing.runtime.cell.CellPart;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelSessionTest {
    private static CodeEvaluator evaluator;
    private static MagicRegistry magics;
    private static KernelSession session;
    private static Extensions extensions;

    @BeforeAll
    static void start() throws Exception {
        evaluator = CodeEvaluator.start(
                KernelSessionTest.class.getClassLoader(),
                RuntimeJar.locate(),
                new PrintStream(OutputStream.nullOutputStream()),
                List.of());
        magics = new MagicRegistry();
        magics.registerLine("echo", call -> String.join(",", call.arguments()));
        session = new KernelSession(evaluator, magics);
        extensions = new Extensions(
                magics, new Renderer(), session, evaluator, List.of(), new ExportingClassLoader("cells", List.of()));
    }

    @AfterAll
    static void stop() {
        evaluator.close();
    }

    @Test
    void recordsEachCellWithItsPartsInOrderAndHowItEnded() throws Exception {
        List<ExecutedCell> seen = new CopyOnWriteArrayList<>();
        session.addHook(new CellHook() {
            @Override
            public void beforeCell(ExecutedCell cell) {
                seen.add(cell);
            }

            @Override
            public void afterCell(ExecutedCell cell) {
                seen.add(cell);
            }
        });
        int before = session.executedCells().size();
        CodeEvaluator.Result result = session.run("int n = 2;\n%echo a b\nn * 21", 41);
        assertThat(result.value()).isEqualTo(42);
        assertThatThrownBy(() -> session.run("undefinedName + 1", 42)).isInstanceOf(CellException.class);

        List<ExecutedCell> cells = session.executedCells().subList(before, before + 2);
        assertThat(cells.get(0).executionCount()).isEqualTo(41);
        assertThat(cells.get(0).status()).isEqualTo(ExecutedCell.Status.OK);
        assertThat(cells.get(0).parts())
                .containsExactly(
                        CellPart.code("int n = 2;", 0),
                        CellPart.lineMagic("echo", "a b", 1),
                        CellPart.code("n * 21", 2));
        assertThat(cells.get(1).status()).isEqualTo(ExecutedCell.Status.ERROR);
        assertThat(seen)
                .extracting(ExecutedCell::status)
                .containsSubsequence(
                        ExecutedCell.Status.RUNNING,
                        ExecutedCell.Status.OK,
                        ExecutedCell.Status.RUNNING,
                        ExecutedCell.Status.ERROR);
    }

    @Test
    void aMagicValueIsTheCellResultWhenLast() throws Exception {
        assertThat(session.run("%echo x y", 50).value()).isEqualTo("x,y");
    }

    @Test
    void anExtensionInAJarAddedToTheSessionIsLoadedAfterTheCell(@TempDir Path dir) throws Exception {
        Path jar = extensionJar(dir);
        assertThat(magics.lineNames()).doesNotContain("greet");
        session.addToClasspath(jar);
        session.run("int afterJar = 1;", 60);
        assertThat(magics.lineNames()).contains("greet");
        assertThat(session.run("%greet world", 61).value()).isEqualTo("hello world from cell 1 parts");
        assertThat(session.run("%greetLoader", 62).value())
                .as("an extension's magic runs with its loader as the context class loader")
                .isEqualTo(true);
        assertThat(session.classpath()).contains(jar.toAbsolutePath());
    }

    @Test
    void theClasspathListsWhatCellsAddedNotTheKernelsOwnJars(@TempDir Path dir) throws Exception {
        Path own = Files.createDirectories(dir.resolve("own")).toAbsolutePath();
        Path added = Files.createDirectories(dir.resolve("added")).toAbsolutePath();
        KernelSession withOwn = new KernelSession(evaluator, magics, List.of(own));
        evaluator.addToClasspath(own);
        withOwn.addToClasspath(added);
        assertThat(withOwn.classpath()).contains(added).doesNotContain(own);
        assertThat(session.classpath()).contains(own, added);
    }

    @Test
    void evaluateRunsCodeAndMagicsInTheSession() throws Exception {
        assertThat(session.evaluate("int z = 5;\nz + 1")).isEqualTo(6);
        assertThat(session.evaluate("%echo q")).isEqualTo("q");
    }

    /** Compiles a KernelExtension registering %greet, with its services file, into a jar. */
    private static Path extensionJar(Path dir) throws Exception {
        Path source = dir.resolve("src/ext/GreetExtension.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, """
                package ext;
                import io.jfairing.kernel.spi.*;
                public class GreetExtension implements KernelExtension {
                    public void load(KernelContext context) {
                        context.registerLineMagic("greet", call -> "hello " + call.rawArguments() + " from cell "
                                + context.session().executedCells().get(context.session().executedCells().size() - 1).parts().size()
                                + " parts");
                        // what a library of the extension that looks up services through the context loader sees
                        context.registerLineMagic("greetLoader", call ->
                                Thread.currentThread().getContextClassLoader() == GreetExtension.class.getClassLoader());
                    }
                }
                """);
        Path classes = dir.resolve("classes");
        int status = ToolProvider.getSystemJavaCompiler()
                .run(
                        null,
                        null,
                        null,
                        "-cp",
                        System.getProperty("java.class.path"),
                        "-d",
                        classes.toString(),
                        source.toString());
        assertThat(status).isZero();
        Path jar = dir.resolve("greet.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("ext/GreetExtension.class"));
            out.write(Files.readAllBytes(classes.resolve("ext/GreetExtension.class")));
            out.putNextEntry(new JarEntry("META-INF/services/io.jfairing.kernel.spi.KernelExtension"));
            out.write("ext.GreetExtension\n".getBytes());
        }
        return jar;
    }
}
