package io.jfairing.fairing.pipeline;

import io.jfairing.fairing.backend.local.LocalProcessJobBackend;
import io.jfairing.fairing.compile.CompiledNotebook;
import io.jfairing.fairing.compile.CompilerSession;
import io.jfairing.fairing.job.Backends;
import io.jfairing.fairing.job.LocalProgram;
import io.jfairing.fairing.notebook.Notebook;
import io.jfairing.fairing.notebook.NotebookCell;
import io.jfairing.fairing.pipeline.ir.IrCompiler;
import io.jfairing.fairing.pipeline.ir.KubernetesPlatform;
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
 * compile of a 20-step notebook to IR (with the argument {@code compile}: the compile figures only, with Kubernetes
 * tags and a loop's values collected too). Run from the repository root:
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
        if (List.of(args).contains("compile")) {
            compileFigures();
            return;
        }
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

    /**
     * With the argument {@code compile}: the compile of the 20-step notebook to IR alone and with every step carrying
     * Kubernetes tags (a claim, a secret as env, a node selector, a toleration, resources) written with the platform
     * spec, and of a loop of 20 steps' worth collected by a step after it.
     */
    static void compileFigures() throws Exception {
        double[] plain = new double[ROUNDS + 1];
        double[] k8s = new double[ROUNDS + 1];
        double[] fanIn = new double[ROUNDS + 1];
        for (int round = 0; round <= ROUNDS; round++) {
            long start = System.nanoTime();
            Pipeline pipeline = NotebookPipeline.of(twentySteps()).build();
            String yaml = PipelineYaml.write(IrCompiler.compile(pipeline, StepImages.named(pipeline, "r", "t")));
            plain[round] = (System.nanoTime() - start) / 1e9;
            start = System.nanoTime();
            Pipeline tagged =
                    NotebookPipeline.of(withKubernetesTags(twentySteps())).build();
            String both = PipelineYaml.write(
                    IrCompiler.compile(tagged, StepImages.named(tagged, "r", "t")), KubernetesPlatform.of(tagged));
            k8s[round] = (System.nanoTime() - start) / 1e9;
            if (yaml.contains("platforms:") || !both.contains("\n---\nplatforms:")) {
                throw new IllegalStateException("the platform spec is not where it belongs");
            }
            start = System.nanoTime();
            Pipeline collected = Pipeline.builder("fan-in")
                    .imports("import java.util.*;")
                    .step(Step.builder("make")
                            .code("List<Integer> ns = new ArrayList<>(); for (int i = 0; i < 20; i++)" + " ns.add(i);"))
                    .step(Step.builder("square").code("int sq = n * n;").forEach("n", "ns"))
                    .step(Step.builder("sum")
                            .code("int total = squares.stream().mapToInt(i -> i).sum();")
                            .collect("squares", "sq"))
                    .build();
            PipelineYaml.write(IrCompiler.compile(collected, StepImages.named(collected, "r", "t")));
            fanIn[round] = (System.nanoTime() - start) / 1e9;
        }
        // the IR and platform spec of the built pipelines alone (no JShell analysis): what the settings add
        Pipeline pipeline = NotebookPipeline.of(twentySteps()).build();
        Pipeline tagged = NotebookPipeline.of(withKubernetesTags(twentySteps())).build();
        double[] irOnly = new double[200];
        double[] irAndPlatform = new double[200];
        for (int i = 0; i < irOnly.length; i++) {
            long start = System.nanoTime();
            PipelineYaml.write(IrCompiler.compile(pipeline, StepImages.named(pipeline, "r", "t")));
            irOnly[i] = (System.nanoTime() - start) / 1e6;
            start = System.nanoTime();
            PipelineYaml.write(
                    IrCompiler.compile(tagged, StepImages.named(tagged, "r", "t")), KubernetesPlatform.of(tagged));
            irAndPlatform[i] = (System.nanoTime() - start) / 1e6;
        }
        System.out.printf(
                Locale.ROOT,
                "IR YAML of the built 20-step pipeline (median of the last 100 of 200): %.2f ms; with the tagged"
                        + " steps' platform spec: %.2f ms%n",
                median(Arrays.copyOfRange(irOnly, 100, 200)),
                median(Arrays.copyOfRange(irAndPlatform, 100, 200)));
        System.out.printf(
                Locale.ROOT,
                "compile of a 20-step notebook to IR: first %.3f s, then median %.3f s%n",
                plain[0],
                median(Arrays.copyOfRange(plain, 1, plain.length)));
        System.out.printf(
                Locale.ROOT,
                "the same with 6 Kubernetes tags per step, IR + platform spec: first %.3f s, then median %.3f s%n",
                k8s[0],
                median(Arrays.copyOfRange(k8s, 1, k8s.length)));
        System.out.printf(
                Locale.ROOT,
                "a loop and a step collecting its values: first %.3f s, then median %.3f s%n",
                fanIn[0],
                median(Arrays.copyOfRange(fanIn, 1, fanIn.length)));
    }

    static Notebook withKubernetesTags(Notebook notebook) {
        List<NotebookCell> cells = new ArrayList<>();
        for (NotebookCell cell : notebook.cells()) {
            List<String> tags = new ArrayList<>(cell.tags());
            if (tags.stream().anyMatch(t -> t.startsWith("step:"))) {
                tags.addAll(List.of(
                        "pvc:training-data:/data",
                        "secret-env:db:password=DB_PASSWORD",
                        "node-selector:disktype=ssd",
                        "toleration:nvidia.com/gpu:NoSchedule",
                        "resources:cpu=2",
                        "resources:gpu=1"));
            }
            cells.add(new NotebookCell(cell.number(), cell.type(), cell.source(), tags));
        }
        return Notebook.ofCells(notebook.name(), cells);
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

    /** The middle of {@code values} (the upper one of an even count); the benches' figure. */
    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
