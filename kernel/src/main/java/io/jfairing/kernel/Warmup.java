package io.jfairing.kernel;

import io.jfairing.kernel.execution.CodeEvaluator;
import io.jfairing.kernel.execution.CodeAnalyzer;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;

/**
 * Runs what a kernel session runs at start-up and in its first cells, then exits. The installer runs it
 * once with {@code -XX:ArchiveClassesAtExit} to record the classes that later starts then map from the archive.
 */
public final class Warmup {
    private Warmup() {
    }

    public static void main(String[] args) throws Exception {
        JavaKernel kernel = new JavaKernel(KernelOptions.fromEnvironment(System.getenv()));
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        try (CodeEvaluator evaluator = CodeEvaluator.start(Warmup.class.getClassLoader(), quiet, List.of())) {
            for (String line : StartupScript.lines()) {
                evaluator.eval(line, 0, 0);
            }
            evaluator.eval("int x = 1 + 1;\nString s = \"a\" + x;\nx * 2", 1, 0);
            evaluator.eval("List<Integer> list = new ArrayList<>(List.of(3, 1, 2)); Collections.sort(list); list", 2, 0);
            CodeAnalyzer analyzer = new CodeAnalyzer(evaluator);
            analyzer.isComplete("for (int i = 0; i < 3; i++) {");
            analyzer.complete("Sys", 3, java.util.Set.of(), java.util.Set.of());
        }
        kernel.eval("1 + 1");
        kernel.onShutdown(false);
        System.exit(0);
    }
}
