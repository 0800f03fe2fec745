package io.jfairing.fairing.pipeline.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jfairing.fairing.FairingException;
import io.jfairing.fairing.backend.local.LocalProcessJobBackend;
import io.jfairing.fairing.compile.CompiledNotebook;
import io.jfairing.fairing.compile.CompilerSession;
import io.jfairing.fairing.job.Backend;
import io.jfairing.fairing.job.JobHandle;
import io.jfairing.fairing.job.JobOutcome;
import io.jfairing.fairing.job.LocalProgram;
import io.jfairing.fairing.notebook.Notebook;
import io.jfairing.fairing.pipeline.Pipeline;
import io.jfairing.fairing.pipeline.PipelineException;
import io.jfairing.fairing.pipeline.PipelineParameter;
import io.jfairing.fairing.pipeline.Step;
import io.jfairing.fairing.pipeline.StepNotebooks;
import io.jfairing.fairing.pipeline.StepValue;
import io.jfairing.fairing.pipeline.ir.IrCompiler;
import io.jfairing.fairing.preprocess.Preprocessor;
import io.jfairing.fairing.preprocess.Workload;
import io.jfairing.metadata.MetadataStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Runs a pipeline on this machine, each step as a job of a {@link Backend}: with the local process backend a child JVM
 * running the step's notebook as its image would; with the podman backend and the step {@link Builder#images images}
 * ({@link io.jfairing.fairing.pipeline.StepImages#build}) a container of the step's image, its input files and its
 * outputs folder mounted. Steps whose inputs are ready run in parallel; a step whose code,
 * class path, backend and inputs match an earlier run is skipped and its outputs taken from the cache; a failed step
 * is tried again {@link Step#retries()} times, then the run stops (no new step starts) and
 * {@link PipelineFailedException} names it. Each try's log is in {@code RUN/STEP/log.txt}; each step is recorded in
 * the metadata store with its inputs and outputs as artifacts.
 *
 * <pre>{@code
 * try (Backend local = Backends.local(work.resolve("jobs"))) {
 *     PipelineRun run = LocalPipelineRunner.builder(local, work).metadata(store).build().run(pipeline, Map.of());
 * }
 * var images = StepImages.build(pipeline, "127.0.0.1:5000/team", "1", build -> build.baseImage(base));
 * try (Backend podman = Backends.podman()) {
 *     LocalPipelineRunner.builder(podman, work).images(images.executors()).build().run(pipeline, Map.of());
 * }
 * }</pre>
 */
public final class LocalPipelineRunner {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration STEP_TIMEOUT = Duration.ofHours(6);

    private final Backend backend;
    private final Path workDirectory;
    private final MetadataStore store;
    private final int parallelism;
    private final Consumer<String> progress;
    private final CompilerSession compiler;
    private final StepCache cache;
    private final Map<String, IrCompiler.StepImage> images;

    private LocalPipelineRunner(Builder b) {
        this.backend = b.backend;
        this.workDirectory = b.workDirectory.toAbsolutePath();
        this.store = b.store;
        this.parallelism = b.parallelism;
        this.progress = b.progress;
        this.compiler = b.compiler != null ? b.compiler : new CompilerSession();
        this.cache = new StepCache(workDirectory.resolve("cache"));
        this.images = b.images;
    }

    /** A runner of steps on {@code backend}, keeping runs and the cache in {@code workDirectory}. */
    public static Builder builder(Backend backend, Path workDirectory) {
        return new Builder(backend, workDirectory);
    }

    /**
     * Runs every step, parameters given by name as text (a string as is, anything else as JSON) over the defaults.
     *
     * @throws PipelineFailedException when a step failed on every try (it names the step)
     * @throws PipelineException for an unknown parameter or one without a value
     */
    public PipelineRun run(Pipeline pipeline, Map<String, String> parameters)
            throws PipelineException, InterruptedException {
        Map<String, String> values = parameterValues(pipeline, parameters);
        if (images != null) {
            for (Step step : pipeline.steps()) {
                if (!images.containsKey(step.name())) {
                    throw new PipelineException("no image for step " + step.name() + " of pipeline " + pipeline.name()
                            + ": build the step images of this pipeline (StepImages.build, or --build) and run again");
                }
            }
        }
        String runId = UUID.randomUUID().toString().substring(0, 8);
        Path runFolder = workDirectory.resolve("runs").resolve(pipeline.name() + "-" + runId);
        Instant start = Instant.now();
        Map<String, StepResult> results = new ConcurrentHashMap<>();
        AtomicReference<String> failed = new AtomicReference<>();
        StepRecorder recorder = new StepRecorder(store, pipeline.name(), runId);
        ExecutorService pool = Executors.newFixedThreadPool(
                Math.max(1, Math.min(parallelism, pipeline.steps().size())));
        try {
            Map<String, CompletableFuture<StepResult>> futures = new LinkedHashMap<>();
            for (Step step : pipeline.steps()) {
                CompletableFuture<?>[] before =
                        step.after().stream().map(futures::get).toArray(CompletableFuture[]::new);
                futures.put(
                        step.name(),
                        CompletableFuture.allOf(before)
                                .thenApplyAsync(
                                        ignored -> {
                                            StepResult result;
                                            if (failed.get() != null) {
                                                result = skipped(step);
                                            } else if (!conditionHolds(step, values, results)) {
                                                progress.accept(step.name() + ": not run, " + step.condition()
                                                        + " does not hold");
                                                result = notTriggered(step);
                                            } else if (step.loop() != null) {
                                                result = runLoop(pipeline, step, values, results, runFolder, recorder);
                                                if (result.state() == StepState.FAILED) {
                                                    failed.compareAndSet(null, step.name());
                                                }
                                            } else {
                                                result = runStep(
                                                        pipeline,
                                                        step,
                                                        step.name(),
                                                        values,
                                                        results,
                                                        runFolder,
                                                        recorder);
                                                if (result.state() == StepState.FAILED) {
                                                    failed.compareAndSet(null, step.name());
                                                }
                                            }
                                            results.put(step.name(), result);
                                            return result;
                                        },
                                        pool));
            }
            for (CompletableFuture<StepResult> future : futures.values()) {
                try {
                    future.join();
                } catch (CompletionException e) {
                    if (e.getCause() instanceof StepError error) {
                        failed.compareAndSet(null, error.step);
                        results.putIfAbsent(error.step, error.result);
                    } else if (e.getCause() instanceof RuntimeException r) {
                        throw r;
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
        List<StepResult> ordered = new ArrayList<>();
        for (Step step : pipeline.steps()) {
            ordered.add(results.getOrDefault(step.name(), skipped(step)));
        }
        PipelineRun run =
                new PipelineRun(runId, pipeline.name(), runFolder, ordered, Duration.between(start, Instant.now()));
        try {
            LocalRuns.write(run);
        } catch (IOException e) {
            progress.accept("cannot record the run in " + runFolder + ": " + e.getMessage());
        }
        if (failed.get() != null) {
            StepResult result = results.get(failed.get());
            String tail = "";
            if (result != null && result.log() != null && Files.isRegularFile(result.log())) {
                try {
                    List<String> lines = Files.readAllLines(result.log(), StandardCharsets.UTF_8);
                    tail = String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
                } catch (IOException e) {
                    tail = "(log unreadable: " + e.getMessage() + ")";
                }
            }
            throw new PipelineFailedException(
                    failed.get(),
                    "pipeline " + pipeline.name() + " failed at step '" + failed.get() + "' after "
                            + (result == null ? 0 : result.attempts()) + " tries; its log: "
                            + (result == null ? "-" : result.log()) + (tail.isEmpty() ? "" : "\n" + tail),
                    run);
        }
        return run;
    }

    private static StepResult skipped(Step step) {
        return new StepResult(step.name(), StepState.SKIPPED, 0, Duration.ZERO, null, Map.of(), null, null);
    }

    private static StepResult notTriggered(Step step) {
        return new StepResult(step.name(), StepState.NOT_TRIGGERED, 0, Duration.ZERO, null, Map.of(), null, null);
    }

    /**
     * Whether a step's condition holds for the value of its variable: a pipeline parameter's, or what the step
     * making it wrote (a step not run writes nothing, so the condition does not hold).
     */
    private static boolean conditionHolds(Step step, Map<String, String> parameters, Map<String, StepResult> results) {
        if (step.condition() == null) {
            return true;
        }
        Step.Input input = step.conditionInput();
        String value;
        if (input.fromParameter()) {
            value = parameters.get(input.value().name());
        } else {
            Path file =
                    results.get(input.producer()).outputs().get(input.value().name());
            if (file == null) {
                return false;
            }
            try {
                value = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file + " for the condition of step " + step.name(), e);
            }
        }
        try {
            return step.condition().holds(value);
        } catch (PipelineException e) {
            throw new StepError(step.name(), notTriggered(step), e);
        }
    }

    private static final class StepError extends RuntimeException {
        final String step;
        final StepResult result;

        StepError(String step, StepResult result, Throwable cause) {
            super(cause.getMessage(), cause);
            this.step = step;
            this.result = result;
        }
    }

    /**
     * Runs a loop's step once for each element of its list, one after another, each run its own cached step run
     * ({@code STEP-0}, {@code STEP-1}, ...); stops at the first that fails.
     */
    private StepResult runLoop(
            Pipeline pipeline,
            Step step,
            Map<String, String> parameters,
            Map<String, StepResult> results,
            Path runFolder,
            StepRecorder recorder) {
        Step.Input list = step.loopInput();
        List<String> items = new ArrayList<>();
        try {
            String text;
            if (list.fromParameter()) {
                text = parameters.get(list.value().name());
            } else {
                text = Files.readString(
                        results.get(list.producer()).outputs().get(list.value().name()), StandardCharsets.UTF_8);
            }
            for (JsonNode element : JSON.readTree(text)) {
                items.add(element.isTextual() ? element.asText() : element.toString());
            }
        } catch (IOException | RuntimeException e) {
            throw new StepError(
                    step.name(),
                    skipped(step),
                    new PipelineException("step " + step.name() + " runs " + step.loop() + ", but "
                            + list.value().name() + " is no JSON list: " + e.getMessage()));
        }
        Instant start = Instant.now();
        int attempts = 0;
        boolean allCached = true;
        StepResult last = null;
        List<Map<String, Path>> runs = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Map<String, String> withItem = new HashMap<>(parameters);
            withItem.put(step.loop().item(), items.get(i));
            last = runStep(pipeline, step, step.name() + "-" + i, withItem, results, runFolder, recorder);
            attempts += last.attempts();
            allCached &= last.state() == StepState.CACHED;
            runs.add(last.outputs());
            if (last.state() == StepState.FAILED) {
                break;
            }
        }
        StepState state = last != null && last.state() == StepState.FAILED
                ? StepState.FAILED
                : allCached && last != null ? StepState.CACHED : StepState.SUCCEEDED;
        Map<String, Path> collected =
                state == StepState.FAILED ? Map.of() : collect(step, runs, runFolder.resolve(step.name()));
        return new StepResult(
                step.name(),
                state,
                attempts,
                Duration.between(start, Instant.now()),
                last == null ? null : last.log(),
                collected,
                null,
                null);
    }

    /**
     * Each parameter output of a loop's step as one JSON list of every run's value, in the order of the loop's
     * elements ({@code dsl.Collected}): what a step collecting it reads.
     */
    private static Map<String, Path> collect(Step step, List<Map<String, Path>> runs, Path folder) {
        Map<String, Path> lists = new LinkedHashMap<>();
        for (StepValue value : step.outputs()) {
            if (value.passing().isArtifact()) {
                continue;
            }
            try {
                var list = JSON.createArrayNode();
                for (Map<String, Path> run : runs) {
                    String text = Files.readString(run.get(value.name()), StandardCharsets.UTF_8);
                    list.add(
                            value.passing() == StepValue.Passing.STRING
                                    ? JSON.getNodeFactory().textNode(text)
                                    : JSON.readTree(text));
                }
                Path file = folder.resolve("collected").resolve(value.name());
                Files.createDirectories(file.getParent());
                Files.writeString(file, JSON.writeValueAsString(list), StandardCharsets.UTF_8);
                lists.put(value.name(), file);
            } catch (IOException e) {
                throw new StepError(
                        step.name(),
                        skipped(step),
                        new PipelineException("cannot collect the values of " + value.name() + " of the runs of step "
                                + step.name() + ": " + e.getMessage()));
            }
        }
        return lists;
    }

    private StepResult runStep(
            Pipeline pipeline,
            Step step,
            String label,
            Map<String, String> parameters,
            Map<String, StepResult> results,
            Path runFolder,
            StepRecorder recorder) {
        Instant start = Instant.now();
        Path stepFolder = runFolder.resolve(label);
        Path log = stepFolder.resolve("log.txt");
        try {
            Files.createDirectories(stepFolder);
            Notebook code = StepNotebooks.of(pipeline, step);
            Workload workload = Preprocessor.builder()
                    .baseDirectory(pipeline.baseDirectory())
                    .build()
                    .fromNotebook(code);
            Map<String, StepCache.InputValue> inputs = new LinkedHashMap<>();
            List<StepRecorder.RecordedInput> recorded = new ArrayList<>();
            for (Step.Input input : step.inputs()) {
                StepValue value = input.value();
                StepCache.InputValue in;
                if (input.fromParameter()) {
                    String text = parameters.get(value.name());
                    in = value.passing().isArtifact()
                            ? new StepCache.InputValue(
                                    null, pipeline.baseDirectory().resolve(text).normalize())
                            : new StepCache.InputValue(text, null);
                } else {
                    Path file = results.get(input.producer()).outputs().get(input.producerOutput());
                    in = new StepCache.InputValue(null, file);
                }
                inputs.put(value.name(), in);
                recorded.add(new StepRecorder.RecordedInput(input, in.file(), in.text()));
            }
            IrCompiler.StepImage image = images == null ? null : images.get(step.name());
            String imageName = image == null ? null : image.image();
            String key = StepCache.key(
                    code,
                    workload.classpath(),
                    imageName == null ? backend.name() : backend.name() + " " + imageName,
                    inputs);
            var hit = cache.lookup(key);
            if (hit.isPresent()) {
                Map<String, Path> outputs = outputFiles(step, hit.get());
                Files.writeString(log, "cached: outputs of an earlier run with cache key " + key + "\n");
                Long runId = recorder.record(step, recorded, outputs, pipeline.metrics(), true, key, imageName, true);
                progress.accept(label + ": cached");
                return new StepResult(
                        step.name(),
                        StepState.CACHED,
                        0,
                        Duration.between(start, Instant.now()),
                        log,
                        outputs,
                        key,
                        runId);
            }
            StepJob job = image != null ? new ContainerStepJob(step, image) : compile(step, workload);
            int attempts = 0;
            boolean ok = false;
            Path outputs = null;
            while (!ok && attempts <= step.retries()) {
                attempts++;
                outputs = stepFolder.resolve("outputs-" + attempts);
                Files.createDirectories(outputs);
                progress.accept(label + ": running" + (attempts > 1 ? " (try " + attempts + ")" : ""));
                ok = runOnce(step, job, inputs, outputs, log, runFolder.getFileName() + "-" + attempts);
                if (ok) {
                    for (StepValue value : step.outputs()) {
                        if (!Files.exists(outputs.resolve(value.name()))) {
                            append(
                                    log,
                                    "step " + step.name() + " ended without writing its output '" + value.name()
                                            + "'\n");
                            ok = false;
                        }
                    }
                }
            }
            Duration took = Duration.between(start, Instant.now());
            if (!ok) {
                Long runId =
                        recorder.record(step, recorded, Map.of(), pipeline.metrics(), false, key, imageName, false);
                progress.accept(label + ": FAILED");
                return new StepResult(step.name(), StepState.FAILED, attempts, took, log, Map.of(), key, runId);
            }
            Path stored = cache.store(key, outputs);
            Map<String, Path> outputFiles = outputFiles(step, stored);
            Long runId = recorder.record(step, recorded, outputFiles, pipeline.metrics(), false, key, imageName, true);
            progress.accept(label + ": succeeded");
            return new StepResult(step.name(), StepState.SUCCEEDED, attempts, took, log, outputFiles, key, runId);
        } catch (IOException | FairingException e) {
            try {
                append(log, "jfairing: step " + step.name() + " could not run: " + e.getMessage() + "\n");
            } catch (IOException ignored) {
                // the failure below says it already
            }
            StepResult result = new StepResult(
                    step.name(),
                    StepState.FAILED,
                    0,
                    Duration.between(start, Instant.now()),
                    log,
                    Map.of(),
                    null,
                    null);
            throw new StepError(step.name(), result, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StepError(step.name(), skipped(step), e);
        }
    }

    private ProcessStepJob compile(Step step, Workload workload) throws FairingException, IOException {
        CompiledNotebook compiled = compiler.compile(workload);
        return new ProcessStepJob(
                step,
                LocalProgram.ofCompiledNotebook(
                        compiled,
                        workDirectory
                                .resolve("code")
                                .resolve(compiled.codeDigest().substring(7, 23))));
    }

    private boolean runOnce(
            Step step, StepJob job, Map<String, StepCache.InputValue> inputs, Path outputs, Path log, String suffix)
            throws FairingException, IOException, InterruptedException {
        String jobName = (step.name() + "-" + suffix).replaceAll("[^a-z0-9-]", "-");
        JobHandle handle = backend.submit(job.request(
                jobName.length() > 63 ? jobName.substring(0, 63).replaceAll("-+$", "") : jobName, inputs, outputs));
        JobOutcome outcome;
        try (StepLog stepLog = new StepLog(log)) {
            stepLog.follow(handle);
            outcome = handle.waitForCompletion(STEP_TIMEOUT);
            stepLog.complete(handle);
        }
        if (!outcome.succeeded()) {
            append(log, "jfairing: " + outcome.describe() + "\n");
        }
        handle.delete();
        job.ended(outputs);
        return outcome.succeeded();
    }

    private static Map<String, Path> outputFiles(Step step, Path folder) {
        Map<String, Path> files = new LinkedHashMap<>();
        for (StepValue value : step.outputs()) {
            files.put(value.name(), folder.resolve(value.name()));
        }
        return files;
    }

    private static void append(Path log, String text) throws IOException {
        Files.writeString(log, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static Map<String, String> parameterValues(Pipeline pipeline, Map<String, String> given)
            throws PipelineException {
        Map<String, String> values = new HashMap<>();
        for (String name : given.keySet()) {
            if (pipeline.parameters().stream().noneMatch(p -> p.name().equals(name))) {
                throw new PipelineException("pipeline " + pipeline.name() + " has no parameter '" + name
                        + "'; its parameters are "
                        + pipeline.parameters().stream()
                                .map(PipelineParameter::name)
                                .toList());
            }
        }
        for (PipelineParameter parameter : pipeline.parameters()) {
            String value = given.getOrDefault(parameter.name(), parameter.defaultText());
            if (value == null) {
                throw new PipelineException("pipeline parameter '" + parameter.name()
                        + "' has no default a pipeline can read (" + parameter.defaultLiteral()
                        + "): give it a value, e.g. -p " + parameter.name() + "=VALUE");
            }
            values.put(parameter.name(), value);
        }
        return values;
    }

    /** Builds a {@link LocalPipelineRunner}. */
    public static final class Builder {
        private final Backend backend;
        private final Path workDirectory;
        private MetadataStore store;
        private int parallelism = 4;
        private Consumer<String> progress = line -> {};
        private CompilerSession compiler;
        private Map<String, IrCompiler.StepImage> images;

        private Builder(Backend backend, Path workDirectory) {
            this.backend = Objects.requireNonNull(backend, "backend");
            this.workDirectory = Objects.requireNonNull(workDirectory, "workDirectory");
        }

        /** Records each step as a run of the pipeline's experiment in {@code metadataStore}. */
        public Builder metadata(MetadataStore metadataStore) {
            this.store = metadataStore;
            return this;
        }

        /** How many steps run at once at most (default 4). */
        public Builder parallelism(int steps) {
            if (steps < 1) {
                throw new IllegalArgumentException("parallelism must be at least 1, not " + steps);
            }
            this.parallelism = steps;
            return this;
        }

        /** Receives a line as each step starts, is skipped, succeeds or fails. */
        public Builder progress(Consumer<String> listener) {
            this.progress = Objects.requireNonNull(listener, "listener");
            return this;
        }

        public Builder compiler(CompilerSession session) {
            this.compiler = session;
            return this;
        }

        /**
         * Runs each step as a container of its image (by step name; {@link
         * io.jfairing.fairing.pipeline.StepImages.Built#executors()}) instead of a child JVM: for a backend that runs
         * images on this machine (podman). A step's image is part of its cache key.
         */
        public Builder images(Map<String, IrCompiler.StepImage> stepImages) {
            this.images = Map.copyOf(stepImages);
            return this;
        }

        /**
         * @throws IllegalStateException when the backend cannot run what the steps are: the local process backend
         *     runs programs, not images; any other backend needs the step {@link #images}
         */
        public LocalPipelineRunner build() {
            boolean processes = backend.name().equals(LocalProcessJobBackend.NAME);
            if (processes && images != null) {
                throw new IllegalStateException("the local process backend runs each step as a child JVM, not from an"
                        + " image: leave out images(...), or run the images with the podman backend");
            }
            if (!processes && images == null) {
                throw new IllegalStateException("the " + backend.name() + " backend runs images: give the runner the"
                        + " step images (images(StepImages.build(...).executors()); jfairing pipeline run --backend "
                        + backend.name() + " builds them)");
            }
            return new LocalPipelineRunner(this);
        }
    }
}
