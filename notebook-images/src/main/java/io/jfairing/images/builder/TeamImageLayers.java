package io.jfairing.images.builder;

import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FileEntry;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import io.jfairing.images.spec.ExtraFile;
import io.jfairing.images.spec.JavaRuntime;
import io.jfairing.images.spec.NotebookConventions;
import io.jfairing.images.spec.TeamImageSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** The layers a team image adds to its base, staged in a folder; entries sorted, fixed permissions and times. */
final class TeamImageLayers {
    private static final FilePermissions FILE = FilePermissions.fromOctalString("644");
    private static final FilePermissions EXECUTABLE = FilePermissions.fromOctalString("755");
    private static final Instant TIME = FileEntriesLayer.DEFAULT_MODIFICATION_TIME;

    private TeamImageLayers() {}

    static List<FileEntriesLayer> of(
            TeamImageSpec spec, ResolvedLibraries libraries, Path kernelJar, Path jdkHome, Path staging)
            throws IOException, InterruptedException {
        List<FileEntriesLayer> layers = new ArrayList<>();
        JavaRuntime java = spec.java();
        if (java.source() == JavaRuntime.Source.JLINK) {
            Path linked = staging.resolve("java");
            JdkLinker.link(java.modules(), jdkHome, linked);
            FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName("java");
            addTree(layer, linked, java.home(), null);
            layers.add(layer.build());
        }

        Path installation = staging.resolve("kernel");
        Path kernelspec = KernelInstallation.install(
                kernelJar,
                spec.kernel(),
                java.executable(),
                libraries.extensions().stream().map(ResolvedJar::file).toList(),
                spec.jupyter().labExtensions(),
                installation);
        FileEntriesLayer.Builder kernel = FileEntriesLayer.builder().setName("kernel");
        addTree(
                kernel,
                kernelspec,
                NotebookConventions.KERNELS + "/" + spec.kernel().name(),
                FILE);
        layers.add(kernel.build());

        for (LibraryLayer library : libraries.layers()) {
            FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName(library.layerName());
            library.jars().stream()
                    .sorted(Comparator.comparing(ResolvedJar::fileName))
                    .forEach(jar -> layer.addEntry(new FileEntry(
                            jar.file(),
                            AbsoluteUnixPath.get(NotebookConventions.LIBS + "/" + jar.fileName()),
                            FILE,
                            TIME)));
            layers.add(layer.build());
        }

        if (!libraries.extensions().isEmpty()) {
            FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName("extensions");
            libraries.extensions().stream()
                    .sorted(Comparator.comparing(ResolvedJar::fileName))
                    .forEach(jar -> layer.addEntry(new FileEntry(
                            jar.file(),
                            AbsoluteUnixPath.get(NotebookConventions.EXTENSIONS + "/" + jar.fileName()),
                            FILE,
                            TIME)));
            layers.add(layer.build());
        }

        // the JupyterLab extensions those jars carry (the jfairing panel), where the base's JupyterLab reads them
        Path labExtensions =
                KernelInstallation.labExtensions(installation, spec.jupyter().labExtensions());
        if (Files.isDirectory(labExtensions)) {
            FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName("lab-extensions");
            addTree(layer, labExtensions, spec.jupyter().labExtensions(), FILE);
            layers.add(layer.build());
        }

        if (!spec.files().isEmpty()) {
            FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName("files");
            for (ExtraFile file : spec.files()) {
                FilePermissions mode = FilePermissions.fromOctalString(file.mode());
                if (Files.isDirectory(file.source())) {
                    addTree(layer, file.source(), file.target(), mode);
                } else {
                    layer.addEntry(new FileEntry(file.source(), AbsoluteUnixPath.get(file.target()), mode, TIME));
                }
            }
            layers.add(layer.build());
        }

        // the home folder, owned by jovyan: Kubeflow mounts the workspace volume over it, podman run uses it as it is
        Path home = Files.createDirectories(staging.resolve("home"));
        layers.add(FileEntriesLayer.builder()
                .setName("home")
                .addEntry(new FileEntry(
                        home,
                        AbsoluteUnixPath.get(NotebookConventions.HOME),
                        EXECUTABLE,
                        TIME,
                        NotebookConventions.USER))
                .build());
        return layers;
    }

    /** Every file below {@code folder}, sorted; {@code mode} null keeps executables executable. */
    private static void addTree(FileEntriesLayer.Builder layer, Path folder, String target, FilePermissions mode)
            throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(folder)) {
            files = walk.filter(Files::isRegularFile)
                    .sorted(Comparator.comparing(p -> folder.relativize(p).toString()))
                    .toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        for (Path file : files) {
            String relative = folder.relativize(file).toString().replace(java.io.File.separatorChar, '/');
            FilePermissions permissions = mode != null ? mode : Files.isExecutable(file) ? EXECUTABLE : FILE;
            layer.addEntry(new FileEntry(file, AbsoluteUnixPath.get(target + "/" + relative), permissions, TIME));
        }
    }
}
