package io.jfairing.fairing.pipeline;

import io.jfairing.fairing.Fairing;
import io.jfairing.fairing.FairingException;
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
     * Builds and pushes every step's image; {@code configure} sets the base image, insecure registries and a listener
     * on each build. Returns the images pinned by digest.
     */
    public static Map<String, IrCompiler.StepImage> build(
            Pipeline pipeline, String repository, String tag, UnaryOperator<Fairing.Build> configure)
            throws PipelineException {
        Map<String, IrCompiler.StepImage> images = new LinkedHashMap<>();
        for (Step step : pipeline.steps()) {
            Fairing.Build build = configure.apply(
                    Fairing.notebook(StepNotebooks.of(pipeline, step)).baseDirectory(pipeline.baseDirectory()));
            try {
                BuiltImage image = build.build(ImageTarget.registry(reference(pipeline, step, repository, tag)));
                images.put(
                        step.name(),
                        new IrCompiler.StepImage(image.pinnedReference(), ImageBuilder.entrypoint(build.preprocess())));
            } catch (FairingException e) {
                throw new PipelineException(
                        "the image of step " + step.name() + " did not build: " + e.getMessage(), e);
            }
        }
        return images;
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
