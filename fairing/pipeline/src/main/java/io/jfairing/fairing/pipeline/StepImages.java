package io.jfairing.fairing.pipeline;

import io.jfairing.fairing.Fairing;
import io.jfairing.fairing.FairingException;
import io.jfairing.fairing.compile.CompilerSession;
import io.jfairing.fairing.image.BuiltImage;
import io.jfairing.fairing.image.ImageBuilder;
import io.jfairing.fairing.image.ImageTarget;
import io.jfairing.fairing.pipeline.ir.IrCompiler;
import io.jfairing.fairing.preprocess.Preprocessor;
import io.jfairing.fairing.preprocess.Workload;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The image each step of a pipeline runs in: {@code REPOSITORY/PIPELINE-STEP:TAG}, with the runner's command for that
 * step's class path. {@link #build} builds and pushes them with Jib (the same base and dependency layers for every
 * step, so a registry holds them once; a rebuild pushes only the code layers of the steps that changed) and pins each
 * by digest.
 */
public final class StepImages {
    private StepImages() {}

    /** Image names without building (for IR to review, or images built elsewhere). */
    public static Map<String, IrCompiler.StepImage> named(Pipeline pipeline, String repository, String tag)
            throws PipelineException {
        Map<String, IrCompiler.StepImage> images = new LinkedHashMap<>();
        for (Step step : pipeline.steps()) {
            Workload workload = workload(pipeline, step);
            images.put(
                    step.name(),
                    new IrCompiler.StepImage(
                            reference(pipeline, step, repository, tag), ImageBuilder.entrypoint(workload)));
        }
        return images;
    }

    /**
     * Builds and pushes every step's image, one after another with one compiler session (the cells all steps share
     * are compiled once); {@code configure} sets the base image, insecure registries, credentials and a listener on
     * each build. Returns the images pinned by digest, with what each build pushed.
     *
     * @throws PipelineException naming the step whose image did not build (the images before it are pushed)
     */
    public static Built build(Pipeline pipeline, String repository, String tag, UnaryOperator<Fairing.Build> configure)
            throws PipelineException {
        Map<String, IrCompiler.StepImage> executors = new LinkedHashMap<>();
        Map<String, BuiltImage> images = new LinkedHashMap<>();
        try (CompilerSession compiler = new CompilerSession()) {
            for (Step step : pipeline.steps()) {
                Fairing.Build build = configure.apply(Fairing.notebook(StepNotebooks.of(pipeline, step))
                        .baseDirectory(pipeline.baseDirectory())
                        .compiler(compiler));
                try {
                    BuiltImage image = build.build(ImageTarget.registry(reference(pipeline, step, repository, tag)));
                    images.put(step.name(), image);
                    executors.put(
                            step.name(),
                            new IrCompiler.StepImage(
                                    image.pinnedReference(), ImageBuilder.entrypoint(build.preprocess())));
                } catch (FairingException e) {
                    throw new PipelineException(
                            "the image of step " + step.name() + " did not build: " + e.getMessage(), e);
                }
            }
        }
        return new Built(executors, images);
    }

    /**
     * The step images of one {@link #build}.
     *
     * @param executors by step: the image pinned by digest and the runner's command, for the IR and the podman runner
     * @param images by step: what was built and what the push sent
     */
    public record Built(Map<String, IrCompiler.StepImage> executors, Map<String, BuiltImage> images) {
        public Built {
            executors = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(executors));
            images = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(images));
        }

        /** The bytes of the blobs the registry did not have, over every step (the base image's layers left out). */
        public long bytesPushed() {
            return images.values().stream()
                    .mapToLong(BuiltImage::bytesPushedOverBase)
                    .sum();
        }
    }

    static String reference(Pipeline pipeline, Step step, String repository, String tag) {
        String prefix = repository.endsWith("/") ? repository : repository + "/";
        return prefix + pipeline.name() + "-" + step.name() + ":" + tag;
    }

    private static Workload workload(Pipeline pipeline, Step step) throws PipelineException {
        try {
            return Preprocessor.builder()
                    .baseDirectory(pipeline.baseDirectory())
                    .build()
                    .fromNotebook(StepNotebooks.of(pipeline, step));
        } catch (FairingException e) {
            throw new PipelineException("step " + step.name() + ": " + e.getMessage(), e);
        }
    }
}
