package io.jfairing.kernel.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jfairing.kernel.execution.CodeEvaluator;
import io.jfairing.kernel.execution.CompilationException;
import io.jfairing.kernel.execution.EvaluationException;
import io.jfairing.kernel.spi.KernelExtension;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cells see the JDK, the cell runtime and what they add: Gson is on this JVM's class path (the kernel's Jupyter
 * library uses it), yet a cell neither compiles against it nor loads it, and a Gson the cell adds is the one it gets.
 */
class CellIsolationTest {
    @TempDir
    Path dir;

    private ExportingClassLoader cellApi;
    private CodeEvaluator evaluator;

    @BeforeEach
    void start() throws Exception {
        cellApi = new ExportingClassLoader(
                "cell-api",
                List.of(new PackageExports(
                        List.of(RuntimeJar.PACKAGE), getClass().getClassLoader())));
        evaluator = CodeEvaluator.start(
                cellApi, RuntimeJar.locate(), new PrintStream(OutputStream.nullOutputStream()), List.of());
    }

    @AfterEach
    void stop() {
        evaluator.close();
    }

    @Test
    void theKernelsLibrariesAreNeitherCompiledAgainstNorLoaded() throws Exception {
        assertThat(Class.forName("com.google.gson.Gson")).isNotNull(); // on the kernel's class path
        // an expression: JShell may keep a declaration with an unknown type as "recoverable", never an expression
        assertThatThrownBy(() -> evaluator.eval("com.google.gson.Gson.class.getName()", 1, 0))
                .isInstanceOf(CompilationException.class)
                .hasMessageContaining("com.google.gson");
        assertThatThrownBy(() -> evaluator.eval("Class.forName(\"com.google.gson.Gson\")", 2, 0))
                .isInstanceOf(EvaluationException.class)
                .hasMessageContaining("com.google.gson.Gson");
        assertThatThrownBy(() -> evaluator.eval("Class.forName(\"org.junit.jupiter.api.Test\")", 3, 0))
                .isInstanceOf(EvaluationException.class);
    }

    @Test
    void theWorkingDirectoryIsNotOnTheCompilersClassPath() throws Exception {
        String pkg = "cwdprobe" + Long.toUnsignedString(System.nanoTime());
        Path folder = Path.of("").toAbsolutePath().resolve(pkg);
        try {
            Files.createDirectories(folder);
            Path source = dir.resolve(pkg + "/Probe.java");
            Files.createDirectories(source.getParent());
            Files.writeString(source, "package " + pkg + "; public class Probe {}");
            assertThat(ToolProvider.getSystemJavaCompiler()
                            .run(null, null, null, "-d", folder.getParent().toString(), source.toString()))
                    .isZero();
            assertThatThrownBy(() -> evaluator.eval(pkg + ".Probe.class.getName()", 1, 0))
                    .isInstanceOf(CompilationException.class)
                    .hasMessageContaining(pkg);
        } finally {
            Files.deleteIfExists(folder.resolve("Probe.class"));
            Files.deleteIfExists(folder);
        }
    }

    /**
     * JShell's indexer, one background thread for all JShells in a JVM, reads the compiler's class path as soon as a
     * JShell's analysis exists; JShells started side by side, each adding a jar at once, still see only their own.
     */
    @Test
    void evaluatorsStartedTogetherCompileAgainstNeitherTheKernelsLibrariesNorEachOthersJars() throws Exception {
        String classpath = System.getProperty("java.class.path");
        int count = 4;
        List<Path> jars = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            jars.add(jar(
                    "own" + i + ".jar",
                    Map.of("own" + i + "/Mine.java", "package own" + i + "; public class Mine {}"),
                    null));
        }
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(count);
        try {
            List<java.util.concurrent.Future<CodeEvaluator>> started = new java.util.ArrayList<>();
            for (Path jar : jars) {
                started.add(threads.submit(() -> {
                    CodeEvaluator other = CodeEvaluator.start(
                            cellApi, RuntimeJar.locate(), new PrintStream(OutputStream.nullOutputStream()), List.of());
                    other.analysis(); // starts indexing at once, as the kernel does
                    other.addToClasspath(jar);
                    return other;
                }));
            }
            for (int i = 0; i < count; i++) {
                try (CodeEvaluator other = started.get(i).get()) {
                    assertThat(other.eval("own" + i + ".Mine.class.getName()", 1, 0)
                                    .value())
                            .isEqualTo("own" + i + ".Mine");
                    assertThatThrownBy(() -> other.eval("com.google.gson.Gson.class.getName()", 2, 0))
                            .isInstanceOf(CompilationException.class);
                    String another = "own" + ((i + 1) % count) + ".Mine.class.getName()";
                    assertThatThrownBy(() -> other.eval(another, 3, 0)).isInstanceOf(CompilationException.class);
                }
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(System.getProperty("java.class.path")).isEqualTo(classpath);
    }

    @Test
    void cellsRunWithTheirOwnLoaderAsTheContextClassLoader() throws Exception {
        Object loader = evaluator
                .eval("Thread.currentThread().getContextClassLoader()", 1, 0)
                .value();
        assertThat(loader).isSameAs(evaluator.classLoader());
        assertThat(Thread.currentThread().getContextClassLoader()).isNotSameAs(loader);
    }

    @Test
    void theCellRuntimeIsTheKernelsOwn() throws Exception {
        evaluator.eval("import static io.jfairing.runtime.display.Display.*;", 1, 0);
        assertThat(evaluator.eval("html(\"<b>x</b>\").getClass()", 2, 0).value())
                .isSameAs(io.jfairing.runtime.display.MimeBundle.class);
    }

    @Test
    void aLibraryTheCellAddsIsTheVersionItGets() throws Exception {
        Path jar = jar(
                "user-gson.jar",
                Map.of(
                        "com/google/gson/Gson.java",
                        "package com.google.gson; public class Gson {"
                                + " public String strictness() { return \"the user's\"; } }"),
                null);
        evaluator.addToClasspath(jar);
        assertThat(evaluator
                        .eval("new com.google.gson.Gson().strictness()", 1, 0)
                        .value())
                .isEqualTo("the user's");
        assertThat(evaluator
                        .eval(
                                "com.google.gson.Gson.class.getProtectionDomain().getCodeSource().getLocation().getPath()",
                                2,
                                0)
                        .value())
                .isEqualTo(jar.toUri().getPath());
    }

    @Test
    void anExtensionShowsCellsItsApiAndKeepsItsLibraries() throws Exception {
        Path api = jar(
                "extension.jar",
                Map.of(
                        "ext/api/Greeter.java",
                        "package ext.api; public class Greeter { public static String hello() {"
                                + " return ext.impl.Words.HELLO + \" from \" + Greeter.class.getClassLoader().getName(); } }",
                        "ext/impl/Words.java",
                        "package ext.impl; public class Words { public static final String HELLO = new String(\"hello\"); }"),
                "ext.api");
        Path library = jar(
                "library.jar",
                Map.of("com/google/gson/Gson.java", "package com.google.gson; public class Gson {}"),
                null);
        ExtensionLayer layer =
                ExtensionLayer.open(List.of(api, library), getClass().getClassLoader());
        assertThat(layer.apiJars()).containsExactly(api);
        assertThat(layer.loader().loadClass(KernelExtension.class.getName())).isSameAs(KernelExtension.class);
        assertThat(layer.loader().loadClass("com.google.gson.Gson").getClassLoader())
                .as("the extension's own Gson, not the kernel's")
                .isSameAs(layer.loader());

        assertThatThrownBy(() -> evaluator.eval("ext.api.Greeter.hello()", 1, 0))
                .isInstanceOf(CompilationException.class);
        cellApi.export(layer.cellApi());
        layer.apiJars().forEach(evaluator::addToCompilerClasspath);
        assertThat(evaluator.eval("ext.api.Greeter.hello()", 2, 0).value()).isEqualTo("hello from kernel-extensions");
        assertThatThrownBy(() -> evaluator.eval("Class.forName(\"ext.impl.Words\")", 3, 0))
                .as("not the extension's API")
                .isInstanceOf(EvaluationException.class);
        assertThatThrownBy(() -> evaluator.eval("Class.forName(\"com.google.gson.Gson\")", 4, 0))
                .isInstanceOf(EvaluationException.class);
    }

    @Test
    void aBadApiAttributeNamesTheJarAndTheAttribute() throws Exception {
        Path jar = jar("bad.jar", Map.of("a/A.java", "package a; public class A {}"), "not a package!");
        assertThatThrownBy(() -> ExtensionLayer.open(List.of(jar), getClass().getClassLoader()))
                .hasMessageContaining("bad.jar")
                .hasMessageContaining(ExtensionLayer.CELL_API);
    }

    /** Compiles {@code sources} into a jar whose manifest names {@code cellApi} (when not null). */
    private Path jar(String name, Map<String, String> sources, String cellApi) throws Exception {
        Path src = dir.resolve(name + "-src");
        Path classes = dir.resolve(name + "-classes");
        for (Map.Entry<String, String> source : sources.entrySet()) {
            Path file = src.resolve(source.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, source.getValue());
        }
        List<String> args = new java.util.ArrayList<>(List.of("-d", classes.toString()));
        try (Stream<Path> files = Files.walk(src)) {
            files.filter(Files::isRegularFile).forEach(f -> args.add(f.toString()));
        }
        assertThat(ToolProvider.getSystemJavaCompiler().run(null, null, null, args.toArray(String[]::new)))
                .isZero();
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (cellApi != null) {
            manifest.getMainAttributes().put(new Attributes.Name(ExtensionLayer.CELL_API), cellApi);
        }
        Path jar = dir.resolve(name);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
                Stream<Path> files = Files.walk(classes)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                out.putNextEntry(
                        new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                out.write(Files.readAllBytes(file));
                out.closeEntry();
            }
        }
        return jar;
    }
}
