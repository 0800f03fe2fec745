package io.jfairing.fairing.pipeline.local;

import io.jfairing.fairing.pipeline.Step;
import io.jfairing.fairing.pipeline.StepValue;
import io.jfairing.metadata.Dataset;
import io.jfairing.metadata.LoggableArtifact;
import io.jfairing.metadata.MetadataStore;
import io.jfairing.metadata.Model;
import io.jfairing.metadata.Run;
import io.jfairing.metadata.RunSpec;
import io.jfairing.metadata.RunStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Records a step of a local pipeline run as a run (an MLMD execution) in the pipeline's experiment: its parameters,
 * each input read and output written as an artifact named {@code PRODUCER.VALUE} with the file's URI (a
 * {@code system.Model} for models, a {@code system.Dataset} otherwise), so that an output of one step and the input
 * of the next are one artifact and lineage runs through the whole pipeline; the pipeline's metrics as metrics.
 */
final class StepRecorder {
    static final String TAG_PIPELINE = "jfairing.pipeline";
    static final String TAG_PIPELINE_RUN = "jfairing.pipeline.run";
    static final String TAG_STEP = "jfairing.pipeline.step";
    static final String TAG_CACHED = "jfairing.pipeline.cached";
    static final String TAG_CACHE_KEY = "jfairing.pipeline.cache-key";
    /** The image (pinned by digest) a step ran in, when it ran as a container. */
    static final String TAG_IMAGE = "jfairing.pipeline.image";

    private final MetadataStore store;
    private final String pipeline;
    private final String runId;

    StepRecorder(MetadataStore store, String pipeline, String runId) {
        this.store = store;
        this.pipeline = pipeline;
        this.runId = runId;
    }

    /** The input of a step as recorded: where it came from (a step, or null for a parameter) and its file or text. */
    record RecordedInput(Step.Input input, Path file, String text) {}

    Long record(
            Step step,
            List<RecordedInput> inputs,
            Map<String, Path> outputs,
            List<String> metrics,
            boolean cached,
            String cacheKey,
            String image,
            boolean succeeded)
            throws IOException {
        if (store == null) {
            return null;
        }
        RunSpec.Builder spec = RunSpec.builder(pipeline)
                .name(step.name())
                .tag(TAG_PIPELINE, pipeline)
                .tag(TAG_PIPELINE_RUN, runId)
                .tag(TAG_STEP, step.name())
                .tag(TAG_CACHED, Boolean.toString(cached))
                .tag(TAG_CACHE_KEY, cacheKey);
        if (image != null) {
            spec.tag(TAG_IMAGE, image);
        }
        try (Run run = store.startRun(spec.build())) {
            for (RecordedInput in : inputs) {
                StepValue value = in.input().value();
                if (in.input().fromParameter() && !value.passing().isArtifact()) {
                    run.logParam(value.name(), in.text());
                } else {
                    String producer =
                            in.input().fromParameter() ? null : in.input().producer();
                    run.logInput(artifact(producer, value, in.file()), value.name());
                }
            }
            for (StepValue value : step.outputs()) {
                Path file = outputs.get(value.name());
                if (file == null) {
                    continue;
                }
                run.logOutput(artifact(step.name(), value, file), value.name());
                if (metrics.contains(value.name()) && !value.passing().isArtifact()) {
                    String text = Files.readString(file, StandardCharsets.UTF_8).trim();
                    try {
                        run.logMetric(value.name(), Double.parseDouble(text));
                    } catch (NumberFormatException e) {
                        run.setTag("metric." + value.name(), text);
                    }
                }
            }
            run.end(succeeded ? RunStatus.FINISHED : RunStatus.FAILED);
            return run.id();
        }
    }

    private static LoggableArtifact artifact(String producer, StepValue value, Path file) {
        String name = producer == null ? value.name() : producer + "." + value.name();
        String uri = file.toAbsolutePath().normalize().toUri().toString();
        if (value.passing() == StepValue.Passing.MODEL) {
            return Model.builder()
                    .name(name)
                    .uri(uri)
                    .framework("jfairing-pipeline")
                    .label("java-type", value.javaType())
                    .build();
        }
        return Dataset.builder()
                .name(name)
                .uri(uri)
                .label("java-type", value.javaType())
                .label("passing", value.passing().name())
                .build();
    }
}
