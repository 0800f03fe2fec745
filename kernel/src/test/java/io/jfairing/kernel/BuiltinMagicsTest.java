package io.jfairing.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import io.jfairing.kernel.execution.CodeEvaluator;
import io.jfairing.kernel.execution.EvaluationInterruptedException;
import io.jfairing.kernel.loader.RuntimeJar;
import io.jfairing.kernel.magics.MagicRegistry;
import io.jfairing.kernel.output.CellOutputs;
import io.jfairing.kernel.spi.CellException;
import io.jfairing.kernel.spi.MagicUsageException;
import io.jfairing.runtime.display.Table;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built-in magics, run through a session as cells run them (the cell's output captured). */
class BuiltinMagicsTest {
    @TempDir
    static Path workdir;

    private static CodeEvaluator evaluator;
    private static KernelSession session;
    private static final AtomicReference<Duration> timeout = new AtomicReference<>();

    @BeforeAll
    static void start() throws Exception {
        evaluator = CodeEvaluator.start(
                BuiltinMagicsTest.class.getClassLoader(),
                RuntimeJar.locate(),
                new PrintStream(OutputStream.nullOutputStream()),
                List.of());
        MagicRegistry magics = new MagicRegistry();
        session = new KernelSession(evaluator, magics);
        CellOutputs outputs = new CellOutputs();
        KernelOptions options = new KernelOptions(List.of(), Duration.ZERO, List.of(), workdir);
        BuiltinMagics.register(magics, outputs, options, timeout::set, evaluator.executionClock());
    }

    @AfterAll
    static void stop() {
        evaluator.close();
    }

    @Test
    void loadRunsAJshFileInTheSession() throws Exception {
        Files.writeString(workdir.resolve("helpers.jsh"), "int triple(int x) { return 3 * x; }\ntriple(2)");
        assertThat(session.run("%load helpers.jsh", 1).value()).isEqualTo(6);
        assertThat(session.run("triple(5)", 2).value()).isEqualTo(15);
    }

    @Test
    void loadRunsTheCodeCellsOfANotebookWithTheirMagics() throws Exception {
        Files.writeString(workdir.resolve("other.ipynb"), """
                {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
                  {"cell_type": "markdown", "metadata": {}, "source": ["# not code"]},
                  {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": null,
                   "source": ["int fromNotebook = 40;\\n", "%timeout 7s\\n"]},
                  {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": null, "source": "fromNotebook + 2"}
                ]}
                """);
        assertThat(session.run("%load other.ipynb", 3).value()).isEqualTo(42);
        assertThat(timeout.get()).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void loadRejectsAMissingFileAndABrokenNotebook() throws Exception {
        assertThatThrownBy(() -> session.run("%load nowhere.jsh", 4))
                .isInstanceOf(MagicUsageException.class)
                .hasMessageContaining("no such file")
                .hasMessageContaining("nowhere.jsh");
        Files.writeString(workdir.resolve("broken.ipynb"), "{\"cells\": [");
        assertThatThrownBy(() -> session.run("%load broken.ipynb", 5))
                .isInstanceOf(CellException.class)
                .hasMessageContaining("is not a valid notebook");
    }

    @Test
    void jarsAddsEveryJarAGlobMatches(@TempDir Path dir) throws Exception {
        Path lib = Files.createDirectories(workdir.resolve("lib"));
        jarWithClass(dir, lib.resolve("tool.jar"), "tools", "Answer", "public static int get() { return 42; }");
        session.run("%jars lib/*.jar", 6);
        assertThat(session.run("tools.Answer.get()", 7).value()).isEqualTo(42);
        assertThat(session.classpath()).contains(lib.resolve("tool.jar"));
        assertThatThrownBy(() -> session.run("%jars nothing/*.jar", 8))
                .isInstanceOf(MagicUsageException.class)
                .hasMessageContaining("no jar matches nothing/*.jar");
    }

    @Test
    void classpathAddsFoldersAndRefusesMissingOnes() throws Exception {
        Path classes = Files.createDirectories(workdir.resolve("classes"));
        assertThatThrownBy(() -> session.run("%classpath does-not-exist", 9))
                .isInstanceOf(MagicUsageException.class)
                .hasMessageContaining("no such file or folder");
        session.run("%classpath --quiet classes", 10);
        assertThat(session.classpath()).contains(classes);
    }

    @Test
    void timeRunsTheCodeAndGivesItsValue() throws Exception {
        assertThat(session.run("%time 6 * 7", 11).value()).isEqualTo(42);
        assertThat(session.run("%%time\nint t = 1;\nt + 1", 12).value()).isEqualTo(2);
        assertThatThrownBy(() -> session.run("%time", 13)).isInstanceOf(MagicUsageException.class);
    }

    @Test
    void displayCellMagicsGiveTheirMimeType() throws Exception {
        DisplayData html = (DisplayData) session.run("%%html\n<b>bold</b>", 14).value();
        assertThat(html.getData(MIMEType.TEXT_HTML)).isEqualTo("<b>bold</b>");
        DisplayData markdown =
                (DisplayData) session.run("%%markdown\n# Title", 15).value();
        assertThat(markdown.getData(MIMEType.TEXT_MARKDOWN)).isEqualTo("# Title");
    }

    @Test
    void shFailsTheCellOnANonZeroExitAndCanBeInterrupted() throws Exception {
        assertThatThrownBy(() -> session.run("%sh exit 3", 16))
                .isInstanceOf(CellException.class)
                .hasMessage("command exited with status 3: exit 3");
        CompletableFuture<Throwable> sleeping = CompletableFuture.supplyAsync(() -> {
            try {
                session.run("%sh sleep 30", 17);
                return null;
            } catch (Exception e) {
                return e;
            }
        });
        Thread.sleep(500);
        session.interrupt("interrupted");
        assertThat(sleeping.get(10, TimeUnit.SECONDS))
                .isInstanceOf(EvaluationInterruptedException.class)
                .hasMessageContaining("the command was stopped");
    }

    @Test
    void mavenArgumentErrorsShowTheUsage() {
        assertThatThrownBy(() -> session.run("%maven", 18))
                .isInstanceOf(MagicUsageException.class)
                .hasMessage("%maven: Missing required parameter: 'COORDINATES'")
                .satisfies(e -> assertThat(String.join("\n", ((MagicUsageException) e).traceback()))
                        .contains("Usage: %maven [-hV] [--offline] COORDINATES..."));
        assertThatThrownBy(() -> session.run("%maven --offlien g:a:1", 19))
                .isInstanceOf(MagicUsageException.class)
                .hasMessageContaining("Unknown option: '--offlien'");
        assertThatThrownBy(() -> session.run("%mavenRepo internal ftp://example.org", 20))
                .isInstanceOf(MagicUsageException.class)
                .hasMessageContaining("is not an http(s) or file URL");
    }

    @Test
    void timeoutTakesADuration() throws Exception {
        session.run("%timeout 90s", 21);
        assertThat(timeout.get()).isEqualTo(Duration.ofSeconds(90));
        assertThatThrownBy(() -> session.run("%timeout soon", 22))
                .isInstanceOf(MagicUsageException.class)
                .hasMessageContaining("'soon' is not a duration");
    }

    @Test
    void lsmagicListsTheMagics() throws Exception {
        Table table = (Table) session.run("%lsmagic", 23).value();
        assertThat(table.rows()).extracting(row -> row.get(0)).contains("%maven", "%jars", "%%loadFromPOM", "%%html");
    }

    private static void jarWithClass(Path dir, Path jar, String pkg, String name, String body) throws Exception {
        Path source = dir.resolve("src/" + pkg + "/" + name + ".java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, "package " + pkg + "; public class " + name + " { " + body + " }");
        Path classes = dir.resolve("out");
        assertThat(ToolProvider.getSystemJavaCompiler()
                        .run(null, null, null, "-d", classes.toString(), source.toString()))
                .isZero();
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            String entry = pkg + "/" + name + ".class";
            out.putNextEntry(new JarEntry(entry));
            out.write(Files.readAllBytes(classes.resolve(entry)));
        }
    }
}
