package io.jfairing.fairing.cli;

import io.jfairing.fairing.image.Sizes;
import io.jfairing.fairing.Fairing;
import io.jfairing.fairing.FairingException;
import io.jfairing.fairing.image.BaseImage;
import io.jfairing.fairing.image.BuiltImage;
import io.jfairing.fairing.image.ImageTarget;
import io.jfairing.fairing.preprocess.Magic;
import io.jfairing.fairing.preprocess.Workload;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code jfairing build NOTEBOOK --image REF}: preprocess, compile, build and push. */
@Command(name = "build", mixinStandardHelpOptions = true,
        description = {"Builds the image of a notebook (.ipynb) or of one Trainer class (.java) and sends it to a registry "
                + "or a tarball. Prints the image's pinned reference (repository@sha256:...)."})
final class BuildCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NOTEBOOK", description = "An .ipynb notebook, or a .java file with a Trainer class.")
    Path source;

    @Option(names = {"--image", "-i"}, required = true, paramLabel = "REF",
            description = "The image to build: registry/repository[:tag] (or the name for --tar/--oci-tar).")
    String image;

    @Option(names = "--base", paramLabel = "REF", description = "The base image (default: ${DEFAULT-VALUE}).",
            defaultValue = BaseImage.DEFAULT)
    String base;

    @Option(names = {"--param", "-p"}, paramLabel = "NAME=VALUE",
            description = "A parameter value, injected after the cell tagged `parameters`; repeatable.")
    List<String> params = new ArrayList<>();

    @Option(names = "--input", paramLabel = "GLOB",
            description = "Input files to copy into the working directory (relative to the notebook's folder); repeatable.")
    List<String> inputs = new ArrayList<>();

    @Option(names = "--classpath", paramLabel = "PATHS", split = ":",
            description = "Jars or class folders to compile and run with (in addition to %%jars/%%classpath).")
    List<Path> classpath = new ArrayList<>();

    @Option(names = "--tar", paramLabel = "FILE", description = "Write a docker-archive tarball instead of pushing.")
    Path tar;

    @Option(names = "--oci-tar", paramLabel = "FILE", description = "Write an OCI image tarball instead of pushing.")
    Path ociTar;

    @Option(names = "--oci", description = "OCI manifests instead of Docker v2.2 ones.")
    boolean ociFormat;

    @Option(names = "--env", paramLabel = "NAME=VALUE", description = "An environment variable of the image; repeatable.")
    List<String> env = new ArrayList<>();

    @Option(names = {"--verbose", "-v"}, description = "Show every blob and Jib's messages.")
    boolean verbose;

    @Mixin
    RegistryOptions registry = new RegistryOptions();

    @Override
    public Integer call() throws FairingException, IOException {
        PrintWriter err = spec.commandLine().getErr();
        Map<String, String> values = pairs(params, "--param");
        String name = source.getFileName().toString();
        Fairing.Build build = name.endsWith(".java") ? Fairing.trainer(source) : Fairing.notebook(source);
        io.jfairing.fairing.registry.RegistryCredentials credentials = registry.credentials(System.in);
        build.parameters(values).inputs(inputs).classpath(classpath)
                .baseImage(BaseImage.registry(base).withCredentials(credentials))
                .insecureRegistries(registry.insecure).ociFormat(ociFormat)
                .listener(new ProgressPrinter(err, verbose));
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
        err.printf("built %s in %.2f s: %d layers over the base; %s pushed%s%n", built.reference(),
                built.duration().toMillis() / 1000.0, built.layers().size(), Sizes.human(built.bytesPushedOverBase()),
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
                throw new CommandLine.ParameterException(spec.commandLine(), option + " takes NAME=VALUE, not \"" + item + "\"");
            }
            result.put(item.substring(0, eq), item.substring(eq + 1));
        }
        return result;
    }
}
