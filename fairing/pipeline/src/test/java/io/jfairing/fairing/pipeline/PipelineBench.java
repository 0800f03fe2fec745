package io.jfairing.fairing.pipeline;

import io.jfairing.fairing.backend.local.LocalProcessJobBackend;
import io.jfairing.fairing.compile.CompiledNotebook;
import io.jfairing.fairing.compile.CompilerSession;
import io.jfairing.fairing.job.Backends;
import io.jfairing.fairing.job.LocalProgram;
import io.jfairing.fairing.notebook.Notebook;
import io.jfairing.fairing.notebook.NotebookCell;
import io.jfairing.fairing.pipeline.ir.IrCompiler;
import io.jfairing.fairing.pipeline.ir.PipelineYaml;
import io.jfairing.fairing.pipeline.local.LocalPipelineRunner;
import io.jfairing.fairing.pipeline.local.PipelineRun;
import io.jfairing.fairing.pipeline.local.StepState;
import io.jfairing.fairing.preprocess.Preprocessor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The pipeline figures of docs/benchmarks.md (a command, not a test: it prints, it asserts nothing about speed):
 * the local runner's overhead per step over running the step's program directly, a cached step skipped, and the
 * compile of a 20-step notebook to IR. Run from the repository root:
 *
 * <pre>
 * mvn -o -q -pl fairing/pipeline -am test-compile -DskipTests
 * mvn -o -q -pl fairing/pipeline dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * java -cp fairing/pipeline/target/test-classes:fairing/pipeline/target/classes:$(cat /tmp/cp.txt) \
 *     io.jfairing.fairing.pipeline.PipelineBench
 * </pre>
 */
public final class PipelineBench {
    private static final int STEPS = 5;
    private static final int ROUNDS = 5;

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("pipeline-bench");
        Pipeline chain = chain();
        try (LocalProcessJobBackend local = Backends.local(dir.resolve("jobs"))) {
            double[] direct = new double[ROUNDS];
            double[] perStep = new double[ROUNDS];
            double[] cached = new double[ROUNDS];
            for (int round = 0; round < ROUNDS; round++) {
                direct[round] = direct(chain, dir.resolve("direct-" + round)) / 1e9;
                Path work = dir.resolve("work-" + round);
                LocalPipelineRunner runner =
                        LocalPipelineRunner.builder(local, work).build();
                long start = System.nanoTime();
                PipelineRun run = runner.run(chain, Map.of());
                perStep[round] = (System.nanoTime() - start) / 1e9 / STEPS;
                require(run, StepState.SUCCEEDED);
                start = System.nanoTime();
                PipelineRun again = runner.run(chain, Map.of());
                cached[round] = (System.nanoTime() - start) / 1e9 / STEPS;
                require(again, StepState.CACHED);
            }
            System.out.printf(
                    Locale.ROOT,
                    "step run directly (java NotebookRunner program, median of %d): %.3f s%n",
                    ROUNDS,
                    median(direct));
            System.out.printf(
                    Locale.ROOT,
                    "step in the local runner (chain of %d, wall / steps, median): %.3f s -> overhead %.3f s%n",
                    STEPS,
                    median(perStep),
                    median(perStep) - median(direct));
            System.out.printf(Locale.ROOT, "cached step skipped (median): %.1f ms%n", median(cached) * 1000);
        }
        double[] compile = new double[ROUNDS + 1];
        for (int round = 0; round <= ROUNDS; round++) {
            long start = System.nanoTime();
            Pipeline pipeline = NotebookPipeline.of(twentySteps()).build();
            String yaml = PipelineYaml.write(IrCompiler.compile(pipeline, StepImages.named(pipeline, "r", "t")));
            compile[round] = (System.nanoTime() - start) / 1e9;
            if (yaml.isEmpty() || pipeline.steps().size() != 20) {
                throw new IllegalStateException("the 20-step pipeline did not compile");
            }
        }
        System.out.printf(
                Locale.ROOT,
                "compile of a 20-step notebook to IR: first %.3f s, then median %.3f s%n",
                compile[0],
                median(Arrays.copyOfRange(compile, 1, compile.length)));
    }

    /** s1 -> s2 -> ... each adding one to the value before it. */
    static Pipeline chain() throws PipelineException {
        Pipeline.Builder builder = Pipeline.builder("chain");
        builder.step(Step.builder("s1").code("int v1 = 1;"));
        for (int i = 2; i <= STEPS; i++) {
            builder.step(Step.builder("s" + i).code("int v" + i + " = v" + (i - 1) + " + 1;"));
        }
        return builder.build();
    }

    /** The first step's program started as a plain child JVM (what the step costs without the runner). */
    static long direct(Pipeline pipeline, Path folder) throws Exception {
        Notebook code = StepNotebooks.of(pipeline, pipeline.steps().get(0));
        CompiledNotebook compiled;
        try (CompilerSession session = new CompilerSession()) {
            compiled = session.compile(Preprocessor.builder().build().fromNotebook(code));
        }
        LocalProgram program = LocalProgram.ofCompiledNotebook(compiled, folder);
        List<String> command = new ArrayList<>(program.javaCommand(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), List.of()));
        command.add("--step-output");
        command.add("v1=" + folder.resolve("v1"));
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).inheritIO().start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException("the step failed when run directly");
        }
        return System.nanoTime() - start;
    }

    static Notebook twentySteps() {
        List<NotebookCell> cells = new ArrayList<>();
        cells.add(NotebookCell.code(1, "import java.util.*;", "imports"));
        cells.add(NotebookCell.code(2, "record Point(double x, double y) {}", "functions"));
        cells.add(NotebookCell.code(3, "int n = 10;", "pipeline-parameters"));
        for (int i = 1; i <= 20; i++) {
            String code = i == 1
                    ? "List<Double> xs1 = new ArrayList<>(); for (int i = 0; i < n; i++) xs1.add(i * 1.0);"
                    : "List<Double> xs" + i + " = xs" + (i - 1) + ".stream().map(x -> x + 1).toList();\n" + "Point p"
                            + i + " = new Point(xs" + i + ".get(0), " + i + ");";
            cells.add(NotebookCell.code(3 + i, code, "step:step-" + i));
        }
        return Notebook.ofCells("twenty.ipynb", cells);
    }

    private static void require(PipelineRun run, StepState state) {
        if (!run.states().values().stream().allMatch(s -> s == state)) {
            throw new IllegalStateException("expected every step " + state + ": " + run.states());
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
