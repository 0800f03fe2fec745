package io.jfairing.fairing.cli;

import io.jfairing.fairing.Fairing;
import io.jfairing.fairing.FairingException;
import io.jfairing.fairing.cli.project.ConfigException;
import io.jfairing.fairing.cli.project.ImageSettings;
import io.jfairing.fairing.cli.project.Project;
import io.jfairing.fairing.image.BaseImage;
import io.jfairing.fairing.image.BuiltImage;
import io.jfairing.fairing.image.ImageTarget;
import io.jfairing.fairing.image.Sizes;
import io.jfairing.fairing.preprocess.Magic;
import io.jfairing.fairing.preprocess.Workload;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jfairing build NOTEBOOK --image REF}: preprocess, compile, build and push. */
@Command(
        name = "build",
        mixinStandardHelpOptions = true,
        description = {
            "Builds the image of a notebook (.ipynb) or of one Trainer class (.java) and sends it to a registry "
                    + "or a tarball. Prints the image's pinned reference (repository@sha256:...)."
        })
final class BuildCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(
            index = "0",
            paramLabel = "NOTEBOOK",
            description = "An .ipynb notebook, or a .java file with a Trainer class.")
    Path source;

    @Option(
            names = {"--image", "-i"},
            paramLabel = "REF",
            description =
                    "The image to build: registry/repository[:tag] (or the name for --tar/--oci-tar). Without it, "
                            + "as %%fairing build: the project's registry setting (default: a local registry jfairing starts) and "
                            + "the experiment's name, on the project's base image.")
    String image;

    @Option(
            names = "--base",
            paramLabel = "REF",
            description = "The base image (default: with --image, " + BaseImage.DEFAULT
                    + "; else the project's base-image setting).")
    String base;

    @Mixin
    ProjectOption projectOption = new ProjectOption();

    @Option(
            names = {"--param", "-p"},
            paramLabel = "NAME=VALUE",
            description = "A parameter value, injected after the cell tagged `parameters`; repeatable.")
    List<String> params = new ArrayList<>();

    @Option(
            names = {"--input", "--inputs"},
            paramLabel = "GLOB",
            description =
                    "Input files to copy into the working directory (relative to the notebook's folder); repeatable.")
    List<String> inputs = new ArrayList<>();

    @Option(
            names = "--classpath",
            paramLabel = "PATHS",
            split = ":",
            description = "Jars or class folders to compile and run with (in addition to %%jars/%%classpath).")
    List<Path> classpath = new ArrayList<>();

    @Option(names = "--tar", paramLabel = "FILE", description = "Write a docker-archive tarball instead of pushing.")
    Path tar;

    @Option(names = "--oci-tar", paramLabel = "FILE", description = "Write an OCI image tarball instead of pushing.")
    Path ociTar;

    @Option(names = "--oci", description = "OCI manifests instead of Docker v2.2 ones.")
    boolean ociFormat;

    @Option(
            names = "--env",
            paramLabel = "NAME=VALUE",
            description = "An environment variable of the image; repeatable.")
    List<String> env = new ArrayList<>();

    @Option(
            names = {"--verbose", "-v"},
            description = "Show every blob and Jib's messages.")
    boolean verbose;

    @Mixin
    RegistryOptions registry = new RegistryOptions();

    @Override
    public Integer call() throws FairingException, IOException, UsageException, ConfigException {
        PrintWriter err = spec.commandLine().getErr();
        Map<String, String> values = pairs(params, "--param");
        String name = source.getFileName().toString();
        Fairing.Build build = name.endsWith(".java") ? Fairing.trainer(source) : Fairing.notebook(source);
        io.jfairing.fairing.registry.RegistryCredentials credentials = registry.credentials(System.in);
        ProgressPrinter progress = new ProgressPrinter(err, verbose);
        boolean insecure = registry.insecure;
        String baseImage = base != null ? base : BaseImage.DEFAULT;
        if (image == null) { // as the magic: the project's registry and base image, the experiment's name
            try (Project project = projectOption.open(source)) {
                String[] nameAndTag = ImageSettings.nameAndTag(null, project.experiment());
                ImageSettings settings = ImageSettings.resolve(project.config(), progress);
                image = settings.reference(nameAndTag[0], nameAndTag[1]);
                baseImage = base != null ? base : settings.baseImage();
                insecure = insecure || settings.insecure();
                build.baseDirectory(project.folder());
            }
        }
        build.parameters(values)
                .inputs(inputs)
                .classpath(classpath)
                .baseImage(BaseImage.registry(baseImage).withCredentials(credentials))
                .insecureRegistries(insecure)
                .ociFormat(ociFormat)
                .listener(progress);
        pairs(env, "--env").forEach(build::environment);
        ImageTarget target;
        if (tar != null) {
            target = ImageTarget.dockerArchive(tar, image);
        } else if (ociTar != null) {
            target = ImageTarget.ociArchive(ociTar, image);
            build.ociFormat(true);
        } else {
            target = ImageTarget.registry(image).withCredentials(credentials);
        }
        Workload workload = build.preprocess();
        for (Magic magic : workload.droppedMagics()) {
            err.println("note: left out " + magic + ": it has no meaning in an image");
        }
        BuiltImage built = build.build(target);
        long base = built.bytesPushed() - built.bytesPushedOverBase();
        err.printf(
                "built %s in %.2f s: %d layers over the base; %s pushed%s%n",
                built.reference(),
                built.duration().toMillis() / 1000.0,
                built.layers().size(),
                Sizes.human(built.bytesPushedOverBase()),
                base > 0 ? " (and " + Sizes.human(base) + " of base image layers new to this repository)" : "");
        err.flush();
        PrintWriter out = spec.commandLine().getOut();
        out.println(tar != null || ociTar != null ? built.reference() + "@" + built.digest() : built.pinnedReference());
        out.flush();
        return 0;
    }

    private Map<String, String> pairs(List<String> items, String option) {
        Map<String, String> result = new LinkedHashMap<>();
        for (String item : items) {
            int eq = item.indexOf('=');
            if (eq <= 0) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(), option + " takes NAME=VALUE, not \"" + item + "\"");
            }
            result.put(item.substring(0, eq), item.substring(eq + 1));
        }
        return result;
    }
}
