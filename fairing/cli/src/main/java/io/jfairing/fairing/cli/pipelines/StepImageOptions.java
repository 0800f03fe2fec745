package io.jfairing.fairing.cli.pipelines;

import io.jfairing.fairing.cli.project.ImageSettings;
import io.jfairing.fairing.cli.project.Project;
import io.jfairing.fairing.image.BaseImage;
import io.jfairing.fairing.image.ImageBuildListener;
import io.jfairing.fairing.image.Sizes;
import io.jfairing.fairing.pipeline.Pipeline;
import io.jfairing.fairing.pipeline.PipelineException;
import io.jfairing.fairing.pipeline.StepImages;
import io.jfairing.fairing.pipeline.ir.IrCompiler;
import io.jfairing.fairing.registry.RegistryCredentials;
import java.util.Map;
import java.util.function.Consumer;
import picocli.CommandLine.Option;

/**
 * The step images of {@code jfairing pipeline compile|submit|run} and {@code %fairing pipeline ...} (a picocli mixin
 * of both): named after a repository, or with {@code --build} built with Jib and pushed, and pinned by digest.
 */
public final class StepImageOptions {
    /** The repository of step images that are only named, not built. */
    public static final String NAMED_REPOSITORY = "jfairing";

    @Option(
            names = "--build",
            description = "Build each step's image with Jib and push it first (steps share the base, dependency and"
                    + " runner layers; an unchanged step pushes nothing), and pin the images by digest.")
    boolean build;

    @Option(
            names = "--image-repository",
            paramLabel = "REPO",
            description = "Steps' images are REPO/PIPELINE-STEP:TAG (default: with --build or --backend podman the"
                    + " project's registry, else " + NAMED_REPOSITORY + ").")
    String repository;

    @Option(names = "--tag", defaultValue = "latest", description = "The images' tag (default: ${DEFAULT-VALUE}).")
    String tag = "latest";

    @Option(
            names = "--base",
            paramLabel = "REF",
            description = "The base image of built step images (default: with --image-repository " + BaseImage.DEFAULT
                    + "; else the project's base-image setting).")
    String base;

    @Option(names = "--insecure", description = "Allow registries over plain HTTP or with unverified certificates.")
    boolean insecure;

    /** The steps' images: built and pushed with {@code --build}, else only named. */
    public Map<String, IrCompiler.StepImage> images(Project project, Pipeline pipeline, Consumer<String> progress)
            throws Exception {
        if (!build) {
            return StepImages.named(pipeline, repository != null ? repository : NAMED_REPOSITORY, tag);
        }
        return target(project, progress).build(pipeline, progress).executors();
    }

    /** Where built images go and what they are built on: the options given, else the project's settings. */
    public Target target(Project project, Consumer<String> progress) throws Exception {
        if (repository != null) {
            return new Target(repository, tag, base != null ? base : BaseImage.DEFAULT, insecure);
        }
        ImageSettings settings = ImageSettings.resolve(project.config(), ImageBuildListener.NONE);
        progress.accept("step images go to " + settings.registry() + " (the project's registry)");
        return new Target(
                settings.registry(), tag, base != null ? base : settings.baseImage(), insecure || settings.insecure());
    }

    /**
     * Where step images are pushed.
     *
     * @param repository {@code host[:port][/path]}: images are REPOSITORY/PIPELINE-STEP:TAG
     * @param tag the images' tag
     * @param baseImage what they are built on
     * @param insecure whether the registries may speak plain HTTP or have unverified certificates
     */
    public record Target(String repository, String tag, String baseImage, boolean insecure) {
        /** Builds and pushes every step's image, telling {@code progress} what each push sent. */
        public StepImages.Built build(Pipeline pipeline, Consumer<String> progress) throws PipelineException {
            RegistryCredentials credentials = RegistryCredentials.fromEnvironment();
            StepImages.Built built = StepImages.build(
                    pipeline,
                    repository,
                    tag,
                    image -> image.baseImage(BaseImage.registry(baseImage).withCredentials(credentials))
                            .insecureRegistries(insecure));
            built.images()
                    .forEach((step, image) -> progress.accept(step + ": built " + image.pinnedReference() + ", "
                            + Sizes.human(image.bytesPushedOverBase()) + " pushed"));
            return built;
        }
    }
}
