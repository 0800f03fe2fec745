package io.jfairing.images.spec;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A team notebook image, as its YAML file describes it (read one with {@link SpecReader}): the base image, the
 * kernel's Java runtime, the kernel settings and extensions, the team's Maven libraries (each its own layer, on the
 * kernel's class path), extra files, environment and labels. Kubeflow's conventions ({@link NotebookConventions})
 * are applied by the builder, not written in the spec.
 *
 * @param file the spec file (relative paths in it start at its folder)
 * @param name the image's short name ({@code data-exploration})
 * @param image the repository the image is pushed to ({@code registry.example.com/team/data-exploration}), no tag
 * @param base the image to build on: a Jupyter server and a C library (Debian, Ubuntu, the Jupyter stacks)
 */
public record TeamImageSpec(
        Path file,
        String name,
        String description,
        String image,
        String base,
        JavaRuntime java,
        KernelSettings kernel,
        JupyterServer jupyter,
        List<Library> libraries,
        List<Repository> repositories,
        List<ExtraFile> files,
        Map<String, String> env,
        Map<String, String> labels) {
    public TeamImageSpec {
        libraries = List.copyOf(libraries);
        repositories = List.copyOf(repositories);
        files = List.copyOf(files);
        env = Collections.unmodifiableMap(new TreeMap<>(env));
        labels = Collections.unmodifiableMap(new TreeMap<>(labels));
    }

    /** A Maven repository the libraries come from ({@code id} matches a {@code <server>} of settings.xml). */
    public record Repository(String id, String url) {}

    /** The folder relative paths start at. */
    public Path folder() {
        Path parent = file.toAbsolutePath().getParent();
        return parent == null ? Path.of("").toAbsolutePath() : parent;
    }
}
