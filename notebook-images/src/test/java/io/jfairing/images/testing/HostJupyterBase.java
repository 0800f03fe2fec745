package io.jfairing.images.testing;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FileEntry;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import io.jfairing.fairing.testing.Tools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A base image with a real Jupyter server, made from this machine's Debian Python and Jupyter (the
 * packages bin/setup-deps installs) over the jlink JDK base, with no Docker Hub: {@code /bin/sh}, {@code /usr/bin/python3}
 * (whatever version it is) with its standard library and the folders its Jupyter modules come from, the {@code jupyter}
 * commands, {@code /usr/share/jupyter}, and the shared libraries {@code ldd} says they need. {@link #NOTEBOOK} has the
 * classic notebook server and nbconvert; other tests name the modules they need and add layers of their own (the lab
 * harness: its JupyterLab build on Debian's jupyter_server).
 */
public final class HostJupyterBase {
    private static final FilePermissions EXECUTABLE = FilePermissions.fromOctalString("755");
    private static final FilePermissions FILE = FilePermissions.fromOctalString("644");
    private static final Instant TIME = FileEntriesLayer.DEFAULT_MODIFICATION_TIME;
    private static final Set<String> SKIPPED = Set.of(
            "test",
            "idlelib",
            "tkinter",
            "ensurepip",
            "pip",
            "setuptools",
            "jedi",
            "_pydevd_bundle",
            "_pydevd_frame_eval",
            "pydevd_plugins",
            "lib2to3");
    private static final List<String> JUPYTER_TREES = List.of("/usr/share/jupyter", "/etc/jupyter");
    /** The classic notebook server and what {@code jupyter nbconvert --execute} needs. */
    public static final HostJupyterBase NOTEBOOK = new HostJupyterBase(
            List.of("jupyter_client", "notebook", "nbconvert", "nbclient"),
            "jupyter-core jupyter-client jupyter-notebook jupyter-nbconvert python3-nbclient",
            Map.of(
                    "jupyter", "jupyter-core",
                    "jupyter-notebook", "jupyter-notebook",
                    "jupyter-nbconvert", "jupyter-nbconvert",
                    "jupyter-kernelspec", "jupyter-client",
                    "jupyter-execute", "python3-nbclient"));

    private final List<String> modules;
    private final String packages;
    /** The commands in /usr/bin it copies, each with the Debian package that has it. */
    private final Map<String, String> commands;

    private HostJupyterBase(List<String> modules, String packages, Map<String, String> commands) {
        this.modules = List.copyOf(modules);
        this.packages = packages;
        this.commands = new TreeMap<>(commands);
    }

    /**
     * A base with these Python modules (and the folders they live in), from these Debian packages, and these
     * commands of {@code /usr/bin} (each with its package).
     */
    public static HostJupyterBase of(List<String> modules, String packages, Map<String, String> commands) {
        return new HostJupyterBase(modules, packages, commands);
    }

    /** Fails (naming what to install) unless this machine has Debian's Python with these modules and commands. */
    public void require() {
        Tools.requirePythonModules(modules, packages);
        commands.forEach((command, pkg) -> Tools.requireExecutable("/usr/bin/" + command, pkg));
    }

    /** Builds the base FROM {@code jdkBase} and pushes it to {@code target}: its Python layer, then {@code more}. */
    public void build(String jdkBase, String target, FileEntriesLayer... more) throws Exception {
        require();
        List<String> python = probe();
        Path interpreter = Path.of(python.get(0)).toRealPath();
        Set<String> trees = new LinkedHashSet<>();
        trees.add(python.get(2)); // the standard library
        trees.addAll(python.subList(3, python.size())); // where the Jupyter modules are (Debian: dist-packages)
        trees.addAll(JUPYTER_TREES);
        Map<String, Path> files = new TreeMap<>();
        files.put("/bin/sh", Path.of("/bin/sh").toRealPath());
        files.put("/usr/bin/python3", interpreter);
        files.put("/usr/bin/" + python.get(1), interpreter);
        for (String command : commands.keySet()) {
            files.put("/usr/bin/" + command, Path.of("/usr/bin", command));
        }
        for (String tree : trees) {
            Path root = Path.of(tree);
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(root)) {
                walk.filter(Files::isRegularFile)
                        .filter(p -> root.relativize(p).getNameCount() == 0
                                || !SKIPPED.contains(
                                        root.relativize(p).getName(0).toString()))
                        .forEach(p -> files.put(p.toString(), p));
            }
        }
        Map<String, Path> libraries = new TreeMap<>();
        for (Map.Entry<String, Path> file : files.entrySet()) {
            if (file.getKey().endsWith(".so")
                    || file.getKey().contains(".so.")
                    || file.getKey().startsWith("/usr/bin/python")
                    || file.getKey().equals("/bin/sh")) {
                libraries.putAll(ldd(file.getValue()));
            }
        }
        FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName("python-jupyter");
        libraries.forEach((path, real) -> files.putIfAbsent(path, real));
        files.forEach((path, source) -> layer.addEntry(new FileEntry(
                source, AbsoluteUnixPath.get(path), Files.isExecutable(source) ? EXECUTABLE : FILE, TIME)));
        var base = Jib.from(RegistryImage.named(jdkBase)).addFileEntriesLayer(layer.build());
        for (FileEntriesLayer extra : more) {
            base.addFileEntriesLayer(extra);
        }
        base.setCreationTime(Instant.EPOCH)
                .containerize(Containerizer.to(RegistryImage.named(target))
                        .setAllowInsecureRegistries(true)
                        .setToolName("jfairing-tests"));
    }

    /** Prints the real interpreter, its versioned name, its standard library, then the folder of each module. */
    private List<String> probe() throws IOException, InterruptedException {
        String probe = "import os, sys, sysconfig, " + String.join(", ", modules) + "\n"
                + "print(os.path.realpath(sys.executable))\n"
                + "print('python%d.%d' % sys.version_info[:2])\n"
                + "print(sysconfig.get_path('stdlib'))\n"
                + "for m in (" + String.join(", ", modules) + "):\n"
                + "    print(os.path.dirname(os.path.dirname(os.path.abspath(m.__file__))))\n";
        Process process = new ProcessBuilder(Tools.PYTHON, "-c", probe)
                .redirectErrorStream(true)
                .start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        List<String> lines =
                output.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        if (process.waitFor() != 0 || lines.size() != 3 + modules.size()) {
            throw new AssertionError("cannot tell where " + Tools.PYTHON
                    + " keeps its standard library and Jupyter modules:\n" + output);
        }
        return lines;
    }

    private static Map<String, Path> ldd(Path binary) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("ldd", binary.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        Map<String, Path> libraries = new TreeMap<>();
        for (String line : output.lines().toList()) {
            String l = line.strip();
            String path = l.contains("=>")
                    ? l.substring(l.indexOf("=>") + 2).strip().split("\\s+")[0]
                    : l.startsWith("/") ? l.split("\\s+")[0] : null;
            if (path != null && path.startsWith("/") && Files.exists(Path.of(path))) {
                libraries.put(path, Path.of(path).toRealPath());
            }
        }
        return libraries;
    }
}
