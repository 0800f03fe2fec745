package io.jfairing.lab;

import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FileEntry;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import io.jfairing.images.testing.HostJupyterBase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A base image with this harness's JupyterLab, made here with no Docker Hub: notebook-images' JDK base, this machine's
 * Debian Python with {@code jupyter_server} and {@code jupyterlab_server} ({@link HostJupyterBase}), and a layer with
 * the JupyterLab build ({@code package.json}, {@code static/}, {@code schemas/}, {@code themes/}, not its
 * node_modules) at {@value #APP}, the server of {@code server/} at {@value #SERVER} and a {@code /usr/bin/jupyter-lab}
 * that starts it, so that {@code jupyter lab --ip=... --ServerApp.base_url=...} (a team image's entrypoint) serves it
 * as a JupyterLab base image would. Prebuilt extensions are read from Jupyter's data path, as in any JupyterLab.
 */
final class LabBaseImage {
    static final String APP = "/opt/jupyterlab/app";
    static final String SERVER = "/opt/jupyterlab/server";

    private static final HostJupyterBase PYTHON = HostJupyterBase.of(
            List.of("jupyter_client", "jupyter_server", "jupyterlab_server"),
            "jupyter-core jupyter-client python3-jupyter-server python3-jupyterlab-server",
            Map.of("jupyter", "jupyter-core"));
    private static final Path BABEL_LOCALE_DATA = Path.of("/usr/lib/python3/dist-packages/babel/locale-data");
    private static final FilePermissions FILE = FilePermissions.fromOctalString("644");
    private static final FilePermissions EXECUTABLE = FilePermissions.fromOctalString("755");
    private static final Instant TIME = FileEntriesLayer.DEFAULT_MODIFICATION_TIME;

    private LabBaseImage() {}

    /** Builds the base FROM {@code jdkBase} and pushes it to {@code target}. */
    static void build(Path labDir, Path jupyterLab, String jdkBase, String target, Path staging) throws Exception {
        Path launcher = staging.resolve("jupyter-lab");
        // the server keeps workspaces and user settings in its runtime folder: Jupyter's, not a lab/ in the notebooks
        Files.writeString(
                launcher,
                "#!/bin/sh\nexport JUPYTER_RUNTIME_DIR=\"${JUPYTER_RUNTIME_DIR:-$HOME/.local/share/jupyter/runtime}\"\n"
                        + "exec /usr/bin/python3 " + SERVER + "/jfairing_lab.py " + APP + " \"$@\"\n");
        Path tmp = Files.createDirectories(staging.resolve("tmp"));
        FileEntriesLayer.Builder layer = FileEntriesLayer.builder()
                .setName("jupyterlab")
                .addEntry(new FileEntry(launcher, AbsoluteUnixPath.get("/usr/bin/jupyter-lab"), EXECUTABLE, TIME))
                .addEntry(
                        new FileEntry(tmp, AbsoluteUnixPath.get("/tmp"), FilePermissions.fromOctalString("777"), TIME))
                .addEntry(new FileEntry(
                        jupyterLab.resolve("package.json"), AbsoluteUnixPath.get(APP + "/package.json"), FILE, TIME));
        for (String folder : List.of("static", "schemas", "themes")) {
            addTree(layer, jupyterLab.resolve(folder), APP + "/" + folder);
        }
        addTree(layer, labDir.resolve("server"), SERVER);
        // Debian's babel links its locale data in from another package (a symlink, which Jib does not copy), and
        // jupyterlab_server's settings API needs the English data: those few files, at the link's path
        for (String locale : List.of("root", "en", "en_US")) {
            Path data = BABEL_LOCALE_DATA.resolve(locale + ".dat");
            layer.addEntry(new FileEntry(data.toRealPath(), AbsoluteUnixPath.get(data.toString()), FILE, TIME));
        }
        PYTHON.build(jdkBase, target, layer.build());
    }

    private static void addTree(FileEntriesLayer.Builder layer, Path folder, String target) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.filter(Files::isRegularFile)
                    .filter(f -> !f.toString().contains("__pycache__"))
                    .sorted()
                    .toList()) {
                String relative = folder.relativize(file).toString();
                layer.addEntry(new FileEntry(file, AbsoluteUnixPath.get(target + "/" + relative), FILE, TIME));
            }
        }
    }
}
