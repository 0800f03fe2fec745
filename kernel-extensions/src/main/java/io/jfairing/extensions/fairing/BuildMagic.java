package io.jfairing.extensions.fairing;

import io.jfairing.extensions.Workspace;
import io.jfairing.extensions.display.HtmlTable;
import io.jfairing.fairing.Fairing;
import io.jfairing.fairing.cli.project.ImageSettings;
import io.jfairing.fairing.image.BuiltImage;
import io.jfairing.fairing.image.ImageTarget;
import io.jfairing.fairing.image.Sizes;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code %fairing build}: the session's code as a container image, pushed to the project's registry. */
@Command(
        name = "build",
        description = {
            "Package the cells this session ran (or --cells, or --notebook) into a container image with Jib and push it "
                    + "to the project's registry (%%fairing config registry=...; default: a local registry jfairing starts).",
            "Only changed layers are pushed: a rebuild after editing one cell pushes only the code layer."
        })
final class BuildMagic implements Callable<Object> {
    private final Workspace workspace;
    private final FairingState state;

    @Mixin
    WorkloadOptions workload = new WorkloadOptions();

    @Option(
            names = {"-i", "--image"},
            paramLabel = "NAME[:TAG]",
            description = "Repository name in the registry (default: the experiment's name, tag latest).")
    String image;

    @Option(names = "--tar", paramLabel = "FILE", description = "Write a docker-archive tarball instead of pushing.")
    Path tar;

    BuildMagic(Workspace workspace, FairingState state) {
        this.workspace = workspace;
        this.state = state;
    }

    @Override
    public Object call() throws Exception {
        BuiltImage built = buildImage(workspace, state, workload, null, image, tar);
        return describe(built);
    }

    /** Builds with a progress bar; used by build and train. */
    static BuiltImage buildImage(
            Workspace workspace, FairingState state, WorkloadOptions workload, String body, String image, Path tar)
            throws Exception {
        return buildImage(workspace, state, workload, body, image, tar, null);
    }

    /**
     * As above; with {@code serving} non-null, a serving image (its entry point serves the notebook's Predictor:
     * the class named, or with an empty name the only one).
     */
    static BuiltImage buildImage(
            Workspace workspace,
            FairingState state,
            WorkloadOptions workload,
            String body,
            String image,
            Path tar,
            String serving)
            throws Exception {
        String[] nameAndTag = ImageSettings.nameAndTag(image, workspace.experiment());
        String name = nameAndTag[0];
        String tag = nameAndTag[1];
        Fairing.Build build = state.workloads().build(workload, body);
        if (serving != null) {
            if (serving.isEmpty()) {
                build.serving();
            } else {
                build.serving(serving);
            }
        }
        BuildProgress progress = new BuildProgress(workspace.frontend(), "image");
        ImageSettings settings = ImageSettings.resolve(workspace.config(), progress);
        String reference = settings.reference(name, tag);
        ImageTarget target = tar != null
                ? ImageTarget.dockerArchive(workspace.project().resolve(tar), reference)
                : ImageTarget.registry(reference);
        BuiltImage built = build.baseImage(settings.baseImage())
                .insecureRegistries(settings.insecure())
                .listener(progress)
                .build(target);
        progress.done(String.format(
                Locale.ROOT,
                "%s in %.1f s, %s pushed",
                built.reference(),
                built.duration().toMillis() / 1000.0,
                Sizes.human(built.bytesPushedOverBase())));
        state.lastImage(built);
        return built;
    }

    static Object describe(BuiltImage built) {
        List<List<String>> rows = List.of(
                List.of("image", built.pinnedReference()),
                List.of("digest", built.digest()),
                List.of("code digest", built.codeDigest() == null ? "" : built.codeDigest()),
                List.of(
                        "layers",
                        String.join(
                                ", ",
                                built.layers().stream()
                                        .map(l -> l.name() + " (" + l.files() + " files)")
                                        .toList())),
                List.of("pushed", Sizes.human(built.bytesPushedOverBase())),
                List.of(
                        "time",
                        String.format(Locale.ROOT, "%.1f s", built.duration().toMillis() / 1000.0)));
        return new HtmlTable("built", List.of("", ""), rows).toDisplayData();
    }
}
