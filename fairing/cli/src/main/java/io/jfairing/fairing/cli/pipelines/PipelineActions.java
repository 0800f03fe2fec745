package io.jfairing.fairing.cli.pipelines;

import io.jfairing.fairing.backend.podman.PodmanJobBackend;
import io.jfairing.fairing.cli.UsageException;
import io.jfairing.fairing.cli.jobs.JobBackends;
import io.jfairing.fairing.cli.output.ResultTable;
import io.jfairing.fairing.cli.project.ImageSettings;
import io.jfairing.fairing.cli.project.Project;
import io.jfairing.fairing.job.Backend;
import io.jfairing.fairing.job.Backends;
import io.jfairing.fairing.pipeline.NotebookPipeline;
import io.jfairing.fairing.pipeline.Pipeline;
import io.jfairing.fairing.pipeline.PipelineException;
import io.jfairing.fairing.pipeline.Step;
import io.jfairing.fairing.pipeline.StepImages;
import io.jfairing.fairing.pipeline.StepValue;
import io.jfairing.fairing.pipeline.ir.IrCompiler;
import io.jfairing.fairing.pipeline.ir.KubernetesPlatform;
import io.jfairing.fairing.pipeline.ir.PipelineYaml;
import io.jfairing.fairing.pipeline.kfp.KfpClient;
import io.jfairing.fairing.pipeline.kfp.KfpRun;
import io.jfairing.fairing.pipeline.local.LocalPipelineRunner;
import io.jfairing.fairing.pipeline.local.LocalRuns;
import io.jfairing.fairing.pipeline.local.PipelineRun;
import io.jfairing.fairing.pipeline.local.StepResult;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import ml_pipelines.PipelineSpecOuterClass.PipelineSpec;
import ml_pipelines.PipelineSpecOuterClass.PlatformSpec;

/**
 * What {@code jfairing pipeline ...} and {@code %fairing pipeline ...} do, once for both: read a notebook's pipeline,
 * compile it to KFP IR, run it locally, submit it to Kubeflow Pipelines, show a run's steps and a step's log.
 */
public final class PipelineActions {
    /** Where local runs and the step cache live: {@code $JFAIRING_HOME/pipelines}. */
    public static Path workDirectory() {
        return ImageSettings.home().resolve("pipelines");
    }

    private PipelineActions() {}

    public static Pipeline load(Path notebook) throws Exception {
        if (!Files.isRegularFile(notebook)) {
            throw new UsageException(notebook + ": no such notebook");
        }
        return NotebookPipeline.read(notebook).build();
    }

    /** The steps of a pipeline with what each reads and writes. */
    public static ResultTable steps(Pipeline pipeline, Path written) {
        List<List<String>> rows = new ArrayList<>();
        for (Step step : pipeline.steps()) {
            rows.add(List.of(
                    step.name(),
                    String.join(",", step.after()),
                    step.inputs().stream()
                            .map(i -> i.value().name() + (i.fromParameter() ? "" : "<-" + i.producer()))
                            .collect(Collectors.joining(" ")),
                    step.outputs().stream().map(v -> v.name() + ":" + kind(v)).collect(Collectors.joining(" "))));
        }
        return new ResultTable(
                "pipeline " + pipeline.name() + (written == null ? "" : " -> " + written),
                List.of("STEP", "AFTER", "INPUTS", "OUTPUTS"),
                rows);
    }

    private static String kind(StepValue value) {
        return value.passing().isArtifact()
                ? value.passing().schemaTitle()
                : value.passing().parameterType();
    }

    /**
     * Compiles the notebook to IR YAML in {@code output} (default: beside it, {@code NAME.yaml}), the steps' images
     * named or, with {@code --build}, built, pushed and pinned by digest.
     */
    public static ResultTable compile(
            Project project, Path notebook, Path output, StepImageOptions images, Consumer<String> progress)
            throws Exception {
        Pipeline pipeline = load(notebook);
        PipelineSpec spec = IrCompiler.compile(pipeline, images.images(project, pipeline, progress));
        Path target = output != null ? output : notebook.toAbsolutePath().resolveSibling(pipeline.name() + ".yaml");
        Files.writeString(target, PipelineYaml.write(spec, KubernetesPlatform.of(pipeline)), StandardCharsets.UTF_8);
        return steps(pipeline, target);
    }

    /**
     * Runs the notebook's pipeline on this machine, recording each step in the project's metadata store: with
     * {@code backend} {@code local} (or null) each step a child JVM; with {@code podman} each step a container of its
     * image, built and pushed first ({@code images}: where to).
     */
    public static PipelineRun run(
            Project project,
            Path notebook,
            Map<String, String> parameters,
            int parallelism,
            String backend,
            StepImageOptions images,
            Consumer<String> progress)
            throws Exception {
        Pipeline pipeline = load(notebook);
        Path work = workDirectory();
        String chosen = backend == null ? JobBackends.LOCAL : backend.strip().toLowerCase(java.util.Locale.ROOT);
        switch (chosen) {
            case JobBackends.LOCAL -> {
                try (var local = Backends.local(work.resolve("jobs"))) {
                    return runner(project, local, work, parallelism, progress)
                            .build()
                            .run(pipeline, parameters);
                }
            }
            case JobBackends.PODMAN -> {
                StepImageOptions.Target target = images.target(project, progress);
                StepImages.Built built = target.build(pipeline, progress);
                try (var podman = PodmanJobBackend.builder(JobBackends.podman())
                        .stateDirectory(work.resolve("podman-jobs"))
                        .tlsVerify(!target.insecure())
                        .build()) {
                    return runner(project, podman, work, parallelism, progress)
                            .images(built.executors())
                            .build()
                            .run(pipeline, parameters);
                }
            }
            case JobBackends.KUBERNETES ->
                throw new UsageException("a pipeline runs on Kubernetes through Kubeflow"
                        + " Pipelines: jfairing pipeline submit NOTEBOOK --build --host URL");
            default -> throw new UsageException("--backend '" + backend + "' is not one of local, podman");
        }
    }

    private static LocalPipelineRunner.Builder runner(
            Project project, Backend backend, Path work, int parallelism, Consumer<String> progress) throws Exception {
        return LocalPipelineRunner.builder(backend, work)
                .metadata(project.metadata())
                .parallelism(parallelism)
                .progress(progress);
    }

    /** A run's steps: state, tries, time, log. */
    public static ResultTable table(PipelineRun run) {
        List<List<String>> rows = new ArrayList<>();
        for (StepResult step : run.steps()) {
            rows.add(List.of(
                    step.step(),
                    step.state().name(),
                    Integer.toString(step.attempts()),
                    String.format(
                            java.util.Locale.ROOT, "%.2f s", step.duration().toMillis() / 1000.0),
                    step.log() == null ? "" : step.log().toString()));
        }
        return new ResultTable(
                "pipeline " + run.pipeline() + " run " + run.id(),
                List.of("STEP", "STATE", "TRIES", "TIME", "LOG"),
                rows);
    }

    /** The local run {@code id} (the newest when null). */
    public static PipelineRun localRun(String id) throws IOException, PipelineException {
        return new LocalRuns(workDirectory()).find(id);
    }

    /** The log of {@code step} in the local run {@code id} (the newest when null). */
    public static String log(String id, String step) throws IOException, PipelineException {
        PipelineRun run = localRun(id);
        StepResult result = run.step(step)
                .orElseThrow(
                        () -> new PipelineException("run " + run.id() + " has no step '" + step + "'; its steps are "
                                + run.steps().stream().map(StepResult::step).toList()));
        if (result.log() == null || !Files.isRegularFile(result.log())) {
            return "(step " + step + " did not run: " + result.state() + ")";
        }
        return Files.readString(result.log(), StandardCharsets.UTF_8);
    }

    /** A KFP client for {@code host}: a token given or from {@code KFP_TOKEN}, or a kubeconfig's. */
    public static KfpClient kfp(String host, String token, Path kubeconfig) throws Exception {
        if (host == null || host.isBlank()) {
            throw new UsageException("--host is needed: the Kubeflow Pipelines API, e.g. http://localhost:8080");
        }
        KfpClient.Builder client = KfpClient.builder(URI.create(host));
        String given = token != null ? token : System.getenv("KFP_TOKEN");
        if (given != null && !given.isBlank()) {
            client.token(given);
        } else if (kubeconfig != null) {
            client.kubeconfig(kubeconfig);
        }
        return client.build();
    }

    /**
     * Uploads the pipeline as version {@code version} (when given) and starts a run with the spec inline; the steps'
     * images named, or with {@code --build} built, pushed and pinned by digest.
     */
    public static KfpRun submit(
            KfpClient client,
            Project project,
            Path notebook,
            StepImageOptions images,
            String version,
            Map<String, String> parameters,
            String experimentId,
            Consumer<String> progress)
            throws Exception {
        Pipeline pipeline = load(notebook);
        PipelineSpec spec = IrCompiler.compile(pipeline, images.images(project, pipeline, progress));
        PlatformSpec platform = KubernetesPlatform.of(pipeline);
        if (version != null) {
            client.uploadPipelineVersion(pipeline.name(), version, spec, platform);
        }
        return client.createRun(pipeline.name(), spec, platform, new LinkedHashMap<>(parameters), experimentId);
    }

    /** A KFP run's tasks. */
    public static ResultTable table(KfpRun run) {
        List<List<String>> rows = new ArrayList<>();
        for (KfpRun.Task task : run.tasks()) {
            rows.add(List.of(
                    task.displayName(),
                    task.state(),
                    task.podName() == null ? "" : task.podName(),
                    task.error() == null ? "" : task.error()));
        }
        return new ResultTable(
                "KFP run " + run.runId() + " (" + run.displayName() + "): " + run.state()
                        + (run.error() == null ? "" : " - " + run.error()),
                List.of("TASK", "STATE", "POD", "ERROR"),
                rows);
    }
}
