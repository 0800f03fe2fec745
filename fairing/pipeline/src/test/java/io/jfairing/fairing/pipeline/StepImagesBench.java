package io.jfairing.fairing.pipeline;

import io.jfairing.fairing.backend.podman.PodmanJobBackend;
import io.jfairing.fairing.baseimage.JlinkBaseImage;
import io.jfairing.fairing.image.BaseImage;
import io.jfairing.fairing.image.ImageTarget;
import io.jfairing.fairing.image.Sizes;
import io.jfairing.fairing.pipeline.local.LocalPipelineRunner;
import io.jfairing.fairing.pipeline.local.PipelineRun;
import io.jfairing.fairing.pipeline.local.StepState;
import io.jfairing.fairing.registry.RegistryCredentials;
import io.jfairing.fairing.testing.Containers;
import io.jfairing.fairing.testing.PodmanJobs;
import io.jfairing.fairing.testing.Registry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The step image and podman runner figures of docs/benchmarks.md (a command, not a test: it prints, it asserts
 * nothing about speed): building the step images of a 3-step pipeline, rebuilding after one step's cell changed (time,
 * bytes pushed, which steps pushed anything), an unchanged rebuild, and the podman runner's overhead per step over
 * {@code podman run} of the step's image directly. A real {@code docker-registry} and podman (runc, vfs) in temp
 * folders. Run {@code fairing/bench/run-pipeline-image-bench.sh}.
 */
public final class StepImagesBench {
    private static final int ROUNDS = 5;
    private static final int RUNS = 3;

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("step-images-bench");
        try (Registry registry = Registry.plain();
                Containers containers = new Containers(List.of(registry.host()))) {
            String base = registry.host() + "/bench/jre:17";
            JlinkBaseImage.builder()
                    .modules(List.of("java.base", "java.logging"))
                    .insecure(true)
                    .build()
                    .build(ImageTarget.registry(base));
            Path cache = Files.createDirectories(dir.resolve("jib"));
            String repository = registry.host() + "/bench";
            ExamplePipelines.writeFanFiles(dir);

            long start = System.nanoTime();
            StepImages.Built first = build(fan(dir, 0), repository, "0", base, cache);
            double firstSeconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(
                    Locale.ROOT,
                    "first build of 3 step images: %.2f s, %s pushed over the base (layers per step: %s)%n",
                    firstSeconds,
                    Sizes.human(first.bytesPushed()),
                    first.images().get("left").layers().stream()
                            .map(l -> l.name() + " " + l.files() + " files")
                            .collect(Collectors.joining(", ")));

            double[] changed = new double[ROUNDS];
            long[] changedBytes = new long[ROUNDS];
            String pushedBy = "";
            for (int round = 0; round < ROUNDS; round++) {
                start = System.nanoTime();
                StepImages.Built again = build(fan(dir, round + 1), repository, "r" + round, base, cache);
                changed[round] = (System.nanoTime() - start) / 1e9;
                changedBytes[round] = again.bytesPushed();
                pushedBy = again.images().entrySet().stream()
                        .filter(e -> e.getValue().bytesPushedOverBase() > 0)
                        .map(e -> e.getKey() + " " + Sizes.human(e.getValue().bytesPushedOverBase()))
                        .collect(Collectors.joining(", "));
                if (!again.images()
                        .get("left")
                        .digest()
                        .equals(first.images().get("left").digest())) {
                    throw new IllegalStateException("an unchanged step's image changed digest");
                }
            }
            System.out.printf(
                    Locale.ROOT,
                    "rebuild after one step's cell changed (median of %d): %.2f s, %s pushed (%s)%n",
                    ROUNDS,
                    PipelineBench.median(changed),
                    Sizes.human(changedBytes[ROUNDS / 2]),
                    pushedBy);

            double[] unchanged = new double[ROUNDS];
            long unchangedBytes = 0;
            for (int round = 0; round < ROUNDS; round++) {
                start = System.nanoTime();
                unchangedBytes +=
                        build(fan(dir, 0), repository, "0", base, cache).bytesPushed();
                unchanged[round] = (System.nanoTime() - start) / 1e9;
            }
            System.out.printf(
                    Locale.ROOT,
                    "unchanged rebuild (median of %d): %.2f s, %s pushed%n",
                    ROUNDS,
                    PipelineBench.median(unchanged),
                    Sizes.human(unchangedBytes));

            podmanOverhead(dir, containers, repository, base, cache);
        }
    }

    /** The chain of {@link PipelineBench} on the podman runner, wall / steps, against its first step run directly. */
    private static void podmanOverhead(Path dir, Containers containers, String repository, String base, Path cache)
            throws Exception {
        Pipeline chain = PipelineBench.chain();
        StepImages.Built images = build(chain, repository, "chain", base, cache);
        String image = images.executors().get("s1").image();
        double[] direct = new double[RUNS];
        double[] perStep = new double[RUNS];
        int steps = chain.steps().size();
        try (PodmanJobs jobs = PodmanJobs.start(containers, dir.resolve("podman-jobs"))) {
            PodmanJobBackend backend = jobs.backend();
            directRun(containers, image, dir.resolve("warm-up")); // pulls the image
            for (int round = 0; round < RUNS; round++) {
                direct[round] = directRun(containers, image, dir.resolve("direct-" + round)) / 1e9;
                LocalPipelineRunner runner = LocalPipelineRunner.builder(backend, dir.resolve("work-" + round))
                        .images(images.executors())
                        .build();
                long start = System.nanoTime();
                PipelineRun run = runner.run(chain, Map.of());
                perStep[round] = (System.nanoTime() - start) / 1e9 / steps;
                if (!run.states().values().stream().allMatch(s -> s == StepState.SUCCEEDED)) {
                    throw new IllegalStateException("the chain did not run: " + run.states());
                }
            }
        }
        System.out.printf(
                Locale.ROOT,
                "step run directly (podman run --rm IMAGE, median of %d): %.3f s%n"
                        + "step in the podman runner (chain of %d, wall / steps, median): %.3f s -> overhead %.3f s%n",
                RUNS,
                PipelineBench.median(direct),
                steps,
                PipelineBench.median(perStep),
                PipelineBench.median(perStep) - PipelineBench.median(direct));
    }

    /** {@code podman run --rm} of the first chain step's image, its output folder mounted as the runner mounts it. */
    private static long directRun(Containers containers, String image, Path out) throws Exception {
        Files.createDirectories(out);
        Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwxrwxrwx"));
        long start = System.nanoTime();
        Containers.Result result = containers.podmanRun(
                List.of("--volume", out + ":/app/step/out"), image, "--step-output", "v1=/app/step/out/v1");
        long took = System.nanoTime() - start;
        if (result.exitCode() != 0 || !Files.exists(out.resolve("v1"))) {
            throw new IllegalStateException("the step failed when run directly: " + result.stderr());
        }
        return took;
    }

    private static Pipeline fan(Path dir, int variant) throws PipelineException {
        return ExamplePipelines.fan(ExamplePipelines.FAN_RIGHT.replace(" right \"", " right " + variant + "\""))
                .baseDirectory(dir)
                .build();
    }

    private static StepImages.Built build(Pipeline pipeline, String repository, String tag, String base, Path cache)
            throws PipelineException {
        return StepImages.build(
                pipeline,
                repository,
                tag,
                b -> b.baseImage(BaseImage.registry(base).withCredentials(RegistryCredentials.none()))
                        .insecureRegistries(true)
                        .cacheDirectory(cache));
    }

    private StepImagesBench() {}
}
