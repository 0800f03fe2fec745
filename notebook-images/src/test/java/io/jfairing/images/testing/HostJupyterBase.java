package io.jfairing.images.testing;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FileEntry;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A base image with a real Jupyter notebook server, made from this machine's Debian Python and Jupyter (the
 * packages bin/setup-deps installs) over the jlink JDK base, with no Docker Hub: {@code /bin/sh}, Python 3.11 with
 * its standard library and {@code dist-packages}, the {@code jupyter} commands, {@code /usr/share/jupyter}, and the
 * shared libraries {@code ldd} says they need.
 */
final class HostJupyterBase {
    private static final FilePermissions EXECUTABLE = FilePermissions.fromOctalString("755");
    private static final FilePermissions FILE = FilePermissions.fromOctalString("644");
    private static final Instant TIME = FileEntriesLayer.DEFAULT_MODIFICATION_TIME;
    private static final Set<String> SKIPPED = Set.of("test", "idlelib", "tkinter", "ensurepip", "pip", "setuptools", "jedi",
            "_pydevd_bundle", "_pydevd_frame_eval", "pydevd_plugins", "lib2to3");
    private static final List<String> TREES = List.of("/usr/lib/python3.11", "/usr/lib/python3/dist-packages", "/usr/share/jupyter",
            "/etc/jupyter");
    private static final List<String> COMMANDS = List.of("jupyter", "jupyter-notebook", "jupyter-nbconvert", "jupyter-kernelspec",
            "jupyter-execute");

    private HostJupyterBase() {
    }

    static boolean available() {
        return Files.isExecutable(Path.of("/usr/bin/python3.11")) && Files.isExecutable(Path.of("/usr/bin/jupyter-notebook"))
                && Files.isExecutable(Path.of("/usr/bin/jupyter-nbconvert"));
    }

    static void build(String jdkBase, String target) throws Exception {
        Map<String, Path> files = new TreeMap<>();
        files.put("/bin/sh", Path.of("/bin/sh").toRealPath());
        files.put("/usr/bin/python3", Path.of("/usr/bin/python3.11").toRealPath());
        files.put("/usr/bin/python3.11", Path.of("/usr/bin/python3.11").toRealPath());
        for (String command : COMMANDS) {
            files.put("/usr/bin/" + command, Path.of("/usr/bin", command));
        }
        for (String tree : TREES) {
            Path root = Path.of(tree);
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(root)) {
                walk.filter(Files::isRegularFile)
                        .filter(p -> root.relativize(p).getNameCount() == 0 || !SKIPPED.contains(root.relativize(p).getName(0).toString()))
                        .forEach(p -> files.put(p.toString(), p));
            }
        }
        Map<String, Path> libraries = new TreeMap<>();
        for (Map.Entry<String, Path> file : files.entrySet()) {
            if (file.getKey().endsWith(".so") || file.getKey().contains(".so.") || file.getKey().startsWith("/usr/bin/python")
                    || file.getKey().equals("/bin/sh")) {
                libraries.putAll(ldd(file.getValue()));
            }
        }
        FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName("python-jupyter");
        libraries.forEach((path, real) -> files.putIfAbsent(path, real));
        files.forEach((path, source) -> layer.addEntry(new FileEntry(source, AbsoluteUnixPath.get(path),
                Files.isExecutable(source) ? EXECUTABLE : FILE, TIME)));
        Jib.from(RegistryImage.named(jdkBase))
                .addFileEntriesLayer(layer.build())
                .setCreationTime(Instant.EPOCH)
                .containerize(Containerizer.to(RegistryImage.named(target)).setAllowInsecureRegistries(true).setToolName("jfairing-tests"));
    }

    private static Map<String, Path> ldd(Path binary) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("ldd", binary.toString()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        Map<String, Path> libraries = new TreeMap<>();
        for (String line : output.lines().toList()) {
            String l = line.strip();
            String path = l.contains("=>") ? l.substring(l.indexOf("=>") + 2).strip().split("\\s+")[0]
                    : l.startsWith("/") ? l.split("\\s+")[0] : null;
            if (path != null && path.startsWith("/") && Files.exists(Path.of(path))) {
                libraries.put(path, Path.of(path).toRealPath());
            }
        }
        return libraries;
    }
}
