package io.jfairing.kernel.install;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jfairing-kernel install}: writes a kernelspec so that Jupyter can start this kernel. */
@Command(
        name = "install",
        mixinStandardHelpOptions = true,
        description = "Install the kernelspec (kernel.json and the kernel jar) for Jupyter.")
public final class InstallCommand implements Callable<Integer> {
    static final class Location {
        @Option(names = "--user", description = "Install for the current user (the default).")
        boolean user;

        @Option(
                names = "--sys-prefix",
                description =
                        "Install into the active Python environment (conda or virtualenv, else python3's sys.prefix).")
        boolean sysPrefix;

        @Option(
                names = "--prefix",
                paramLabel = "DIR",
                description = "Install into DIR/share/jupyter/kernels (use JUPYTER_PATH=DIR/share/jupyter).")
        Path prefix;
    }

    @ArgGroup(exclusive = true)
    Location location = new Location();

    @Option(names = "--name", defaultValue = "java", description = "Kernel name (default: ${DEFAULT-VALUE}).")
    String name;

    @Option(
            names = "--display-name",
            defaultValue = "Java (jfairing)",
            description = "Name shown in Jupyter (default: ${DEFAULT-VALUE}).")
    String displayName;

    @Option(
            names = "--jvm-option",
            paramLabel = "OPTION",
            description = "A JVM option for the kernel, e.g. --jvm-option=-Xmx2g (repeatable).")
    List<String> jvmOptions = new ArrayList<>();

    @Option(
            names = "--env",
            paramLabel = "NAME=VALUE",
            description = "An environment variable for the kernel (repeatable).")
    Map<String, String> env = new LinkedHashMap<>();

    @Option(
            names = "--cell-timeout",
            paramLabel = "DURATION",
            description = "A time limit for each cell, e.g. 30s or 10m (default: none).")
    String cellTimeout;

    @Option(
            names = "--java",
            paramLabel = "PATH",
            description =
                    "The java executable (or JDK folder) to run the kernel with: a JDK 17 or newer. Default: the newest "
                            + "JDK with jdk.jshell in $JAVA_HOME, /usr/lib/jvm, or the one running this command.")
    Path java;

    @Option(
            names = "--extension",
            paramLabel = "JAR|DIR",
            description =
                    "A kernel extension to load at start-up: a jar, or a folder of jars such as kernel-extensions/target/extension (repeatable).")
    List<Path> extensions = new ArrayList<>();

    @Option(
            names = {"--no-cache", "--no-cds"},
            description =
                    "Do not record a start-up cache (an AOT cache on JDK 24+, else a CDS archive: it makes start-up faster).")
    boolean noCds;

    @Option(
            names = "--classpath",
            paramLabel = "ENTRY",
            description = "A jar, folder or DIR/* that every session's cells start with "
                    + "(repeatable): cells compile against it and kernel extensions in it load at start-up.")
    List<String> classpath = new ArrayList<>();

    @Option(
            names = "--extension-path",
            paramLabel = "ENTRY",
            description = "A jar, folder or DIR/* of kernel extensions left in place (in an image), "
                    + "loaded like --extension's in a class loader of their own (repeatable).")
    List<String> extensionPaths = new ArrayList<>();

    @Option(
            names = "--no-lab-extension",
            description =
                    "Do not install the JupyterLab extensions that the --extension jars carry (the jfairing panel)"
                            + " into the Jupyter data folder's labextensions/ (beside kernels/).")
    boolean noLabExtension;

    @Option(
            names = "--lab-extension-jar",
            paramLabel = "JAR|DIR",
            description = "A jar (or folder of jars) whose JupyterLab extensions to install without making it a kernel"
                    + " extension of this kernelspec: for an image whose --extension-path jars are a layer of their own"
                    + " (repeatable).")
    List<Path> labExtensionJars = new ArrayList<>();

    @Option(
            names = "--labextensions",
            paramLabel = "DIR",
            description = "Where the JupyterLab extensions go (default: the labextensions/ folder beside kernels/;"
                    + " below --destdir when given). A Jupyter data folder's labextensions/ that the server reads,"
                    + " such as /opt/conda/share/jupyter/labextensions.")
    Path labExtensionsFolder;

    @Option(
            names = "--destdir",
            paramLabel = "DIR",
            description = "Write the files below DIR, naming them in kernel.json as if "
                    + "installed without it (like make's DESTDIR; for building images). No CDS archive is made.")
    Path destdir;

    @Override
    public Integer call() throws Exception {
        Kernelspec spec = new Kernelspec(
                name,
                displayName,
                jvmOptions,
                env,
                cellTimeout,
                java,
                !noCds && destdir == null,
                extensions,
                classpath,
                extensionPaths,
                destdir);
        Path kernels = KernelspecInstaller.kernelsDirectory(location.user, location.sysPrefix, location.prefix);
        InstalledKernelspec installed = new KernelspecInstaller(spec).install(kernels);
        System.out.println(installed.summary(name));
        if (!noLabExtension) {
            Path labextensions = labExtensionsFolder != null
                    ? labExtensionsFolder.toAbsolutePath()
                    : kernels.getParent().resolve("labextensions");
            List<Path> jars = new ArrayList<>(KernelspecInstaller.extensionJars(extensions));
            jars.addAll(KernelspecInstaller.extensionJars(labExtensionJars));
            for (String extension :
                    new LabExtensionInstaller(jars).installInto(KernelspecInstaller.below(destdir, labextensions))) {
                System.out.println(
                        "Installed the JupyterLab extension " + extension + " in " + labextensions.resolve(extension));
            }
        }
        if (spec.classDataSharing() && installed.cache() == StartupCache.NONE) {
            System.err.println("Note: no start-up cache could be recorded on this JDK (with these --jvm-option values):"
                    + " the kernel works, it only starts slower.");
        }
        return 0;
    }
}
