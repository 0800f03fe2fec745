package io.jfairing.fairing.cli;

import io.jfairing.fairing.FairingException;
import io.jfairing.fairing.baseimage.JlinkBaseImage;
import io.jfairing.fairing.image.BuiltImage;
import io.jfairing.fairing.image.ImageTarget;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code jfairing base-image --image REF}: a JRE-only base image from the local JDK, for air-gapped registries. */
@Command(
        name = "base-image",
        mixinStandardHelpOptions = true,
        description = {
            "Makes a JRE-only base image from this machine's JDK with jlink (plus the system libraries it needs) "
                    + "and pushes it FROM scratch: for registries that cannot reach Docker Hub."
        })
final class BaseImageCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = {"--image", "-i"},
            required = true,
            paramLabel = "REF",
            description = "The base image to make.")
    String image;

    @Option(
            names = "--modules",
            split = ",",
            paramLabel = "MODULE",
            description =
                    "Java modules to include (default: java.se,jdk.unsupported,jdk.crypto.ec,jdk.zipfs,jdk.httpserver).")
    List<String> modules = JlinkBaseImage.DEFAULT_MODULES;

    @Option(names = "--tar", paramLabel = "FILE", description = "Write a docker-archive tarball instead of pushing.")
    Path tar;

    @Mixin
    RegistryOptions registry = new RegistryOptions();

    @Override
    public Integer call() throws FairingException, IOException {
        PrintWriter err = spec.commandLine().getErr();
        ImageTarget target = tar != null
                ? ImageTarget.dockerArchive(tar, image)
                : ImageTarget.registry(image).withCredentials(registry.credentials(System.in));
        BuiltImage built = JlinkBaseImage.builder()
                .modules(modules)
                .insecure(registry.insecure)
                .listener(new ProgressPrinter(err, false))
                .build()
                .build(target);
        err.printf("built %s in %.1f s%n", built.reference(), built.duration().toMillis() / 1000.0);
        err.flush();
        spec.commandLine()
                .getOut()
                .println(tar != null ? built.reference() + "@" + built.digest() : built.pinnedReference());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
