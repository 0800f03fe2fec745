package io.jfairing.kernel.install;

import io.jfairing.kernel.KernelOptions;
import io.jfairing.kernel.loader.RuntimeJar;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Writes a kernelspec directory: the kernel jar, the cell runtime's jar for the cells' compiler, the extensions'
 * jars, {@code kernel.json}, and a start-up cache recorded on the JDK the kernel runs on (the newest with
 * {@code jdk.jshell} unless {@link Kernelspec#java()} names one).
 */
public final class KernelspecInstaller {
    private static final String WARMUP_CLASS = "io.jfairing.kernel.Warmup";

    private final Kernelspec spec;

    public KernelspecInstaller(Kernelspec spec) {
        this.spec = spec;
    }

    /**
     * Installs into {@code kernelsDirectory/NAME} (below {@link Kernelspec#destdir()} when set), replacing an
     * earlier install.
     */
    public InstalledKernelspec install(Path kernelsDirectory) throws IOException, InterruptedException {
        if (spec.cellTimeout() != null) {
            KernelOptions.parseDuration(spec.cellTimeout()); // fail before writing anything
        }
        Path jar = runningJar();
        Path target = kernelsDirectory.resolve(spec.name()); // as kernel.json names it
        Path written = below(spec.destdir(), target);
        Files.createDirectories(written);
        Path installedJar = target.resolve("jfairing-kernel.jar");
        Files.copy(jar, written.resolve("jfairing-kernel.jar"), StandardCopyOption.REPLACE_EXISTING);
        // the cell runtime's classes on their own, for the cells' compiler (the kernel jar also holds its libraries)
        RuntimeJar.extract(written.resolve("jfairing-kernel.jar"), written.resolve(RuntimeJar.FILE_NAME));
        String classpath = installedJar.toString();
        List<String> properties = new ArrayList<>();
        List<String> extensions = new ArrayList<>();
        if (installExtensions(written)) {
            extensions.add(target.resolve("extensions").toString());
        }
        extensions.addAll(spec.extensionPaths());
        if (!extensions.isEmpty()) {
            // loaded by the kernel in a class loader of their own, not from the kernel's class path
            properties.add(
                    "-D" + KernelOptions.EXTENSIONS_PROPERTY + "=" + String.join(File.pathSeparator, extensions));
        }
        if (!spec.classpath().isEmpty()) {
            // what every session's cells start with (the kernel expands dir/*)
            properties.add(
                    "-D" + KernelOptions.CLASSPATH_PROPERTY + "=" + String.join(File.pathSeparator, spec.classpath()));
        }
        KernelJdk runtime = null; // unknown when installing for another machine (--destdir)
        String java;
        if (spec.destdir() != null && spec.java() != null) {
            java = spec.java().toString(); // a path inside the image or package, not on this machine
        } else {
            runtime = spec.java() != null ? KernelJdk.ofExecutable(spec.java()) : chooseRuntime();
            if (!runtime.canRunKernel()) {
                throw new IllegalArgumentException("--java " + spec.java() + ": Java " + runtime.feature() + " at "
                        + runtime.home() + " cannot run the kernel: it needs a JDK 17 or newer with jdk.jshell");
            }
            java = spec.java() != null
                    ? spec.java().toAbsolutePath().toString()
                    : runtime.java().toString();
        }
        List<String> jvm = new ArrayList<>();
        if (spec.jvmOptions().stream().noneMatch(option -> option.matches("-XX:\\+Use\\w*GC"))) {
            jvm.add("-XX:+UseSerialGC"); // fewest threads and quickest start; a notebook can choose another GC
        }
        jvm.add("-Xss4m");
        jvm.addAll(properties);
        jvm.addAll(spec.jvmOptions());
        for (StartupCache cache : List.of(StartupCache.AOT_CACHE, StartupCache.CDS_ARCHIVE)) {
            Files.deleteIfExists(written.resolve(cache.fileName())); // an earlier install's
        }
        StartupCache cache = StartupCache.NONE;
        if (spec.classDataSharing() && runtime != null) {
            cache = record(runtime, java, jvm, classpath, target);
            jvm.addAll(cache.runOptions(target.resolve(cache.fileName())));
        }
        Map<String, String> env =
                new TreeMap<>(spec.env()); // sorted: the same kernel.json bytes every time (images are reproducible)
        if (spec.cellTimeout() != null) {
            env.put("JFAIRING_CELL_TIMEOUT", spec.cellTimeout());
        }
        List<String> argv = new ArrayList<>();
        argv.add(java);
        argv.addAll(jvm);
        argv.addAll(List.of("-jar", installedJar.toString(), "run", "{connection_file}"));
        Files.writeString(
                written.resolve("kernel.json"),
                KernelJson.write(argv, spec.displayName(), env),
                StandardCharsets.UTF_8);
        return new InstalledKernelspec(target, Optional.ofNullable(runtime), cache);
    }

    /** Where {@code path} is written: below {@code destdir} when there is one (like make's DESTDIR), else itself. */
    static Path below(Path destdir, Path path) {
        if (destdir == null) {
            return path;
        }
        Path absolute = path.toAbsolutePath();
        return destdir.toAbsolutePath().resolve(absolute.getRoot().relativize(absolute));
    }

    /** The newest JDK on this machine that can run the kernel, else the one running the installer. */
    private static KernelJdk chooseRuntime() {
        return KernelJdks.onThisMachine().newestForKernel().orElseGet(KernelJdk::current);
    }

    /**
     * Records the cache that suits {@code runtime}: an AOT cache on JDK 24 and newer, else (or when that fails) a
     * CDS archive; {@link StartupCache#NONE} when neither could be recorded (start-up is only slower).
     */
    private static StartupCache record(KernelJdk runtime, String java, List<String> jvm, String classpath, Path target)
            throws IOException, InterruptedException {
        List<StartupCache> tries = runtime.hasAotCache()
                ? List.of(StartupCache.AOT_CACHE, StartupCache.CDS_ARCHIVE)
                : List.of(StartupCache.CDS_ARCHIVE);
        for (StartupCache cache : tries) {
            Path file = target.resolve(cache.fileName());
            boolean recorded = run(java, jvm, cache.recordOptions(file), List.of("-cp", classpath, WARMUP_CLASS));
            List<String> create = cache.createOptions(file);
            if (recorded && !create.isEmpty()) {
                recorded = run(java, jvm, create, List.of("-cp", classpath));
            }
            Files.deleteIfExists(StartupCache.configuration(file));
            if (recorded && Files.isRegularFile(file)) {
                return cache;
            }
            Files.deleteIfExists(file);
        }
        return StartupCache.NONE;
    }

    /**
     * Copies the extension jars into {@code folder/extensions} (replacing what an earlier install put there); returns
     * whether there were any.
     */
    private boolean installExtensions(Path folder) throws IOException {
        Path extensions = folder.resolve("extensions");
        if (Files.isDirectory(extensions)) {
            try (var old = Files.list(extensions)) {
                for (Path file : (Iterable<Path>) old::iterator) {
                    Files.delete(file);
                }
            }
        }
        List<Path> jars = extensionJars(spec.extensions());
        for (Path jar : jars) {
            Files.createDirectories(extensions);
            Files.copy(jar, extensions.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
        return !jars.isEmpty();
    }

    /** The jars given, with each folder replaced by the jars in it (sorted by name). */
    static List<Path> extensionJars(List<Path> given) throws IOException {
        List<Path> jars = new ArrayList<>();
        for (Path path : given) {
            if (Files.isDirectory(path)) {
                try (var files = Files.list(path)) {
                    List<Path> found = files.filter(
                                    f -> f.getFileName().toString().endsWith(".jar"))
                            .sorted()
                            .toList();
                    if (found.isEmpty()) {
                        throw new IOException("--extension " + path + ": the folder holds no jar");
                    }
                    jars.addAll(found);
                }
            } else if (Files.isRegularFile(path)
                    && path.getFileName().toString().endsWith(".jar")) {
                jars.add(path);
            } else {
                throw new IOException("--extension " + path + ": not a jar file or a folder of jars");
            }
        }
        return jars;
    }

    /**
     * Runs {@code java} with the kernel's options and a cache's: the training run is {@link io.jfairing.kernel.Warmup}
     * (the kernel's start-up and a few cells), so that later starts map those classes (JShell's compiler above all)
     * instead of loading them. Returns whether it ended well within 10 minutes.
     */
    private static boolean run(String java, List<String> jvm, List<String> cacheOptions, List<String> program)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(jvm);
        command.addAll(cacheOptions);
        command.addAll(program);
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!process.waitFor(10, TimeUnit.MINUTES)) { // seconds on an idle machine, minutes on a loaded one
            process.destroyForcibly();
            return false;
        }
        return process.exitValue() == 0;
    }

    static Path runningJar() throws IOException {
        try {
            Path location = Path.of(KernelspecInstaller.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            if (!Files.isRegularFile(location) || !location.toString().endsWith(".jar")) {
                throw new IOException(
                        "install must run from the kernel jar (java -jar jfairing-kernel.jar install), not from "
                                + location);
            }
            return location;
        } catch (URISyntaxException e) {
            throw new IOException("cannot locate the kernel jar", e);
        }
    }

    /** Where kernelspecs go for {@code --user}, {@code --sys-prefix} or {@code --prefix}, as {@code jupyter kernelspec install} does. */
    public static Path kernelsDirectory(boolean user, boolean sysPrefix, Path prefix)
            throws IOException, InterruptedException {
        if (prefix != null) {
            return prefix.toAbsolutePath().resolve("share/jupyter/kernels");
        }
        if (sysPrefix) {
            return Path.of(pythonPrefix()).resolve("share/jupyter/kernels");
        }
        String data = System.getenv("JUPYTER_DATA_DIR");
        if (data != null && !data.isBlank()) {
            return Path.of(data).resolve("kernels");
        }
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        Path home = Path.of(System.getProperty("user.home"));
        if (os.contains("mac")) {
            return home.resolve("Library/Jupyter/kernels");
        }
        if (os.contains("win")) {
            return Path.of(System.getenv().getOrDefault("APPDATA", home.toString()))
                    .resolve("jupyter/kernels");
        }
        String xdg = System.getenv("XDG_DATA_HOME");
        return (xdg == null || xdg.isBlank() ? home.resolve(".local/share") : Path.of(xdg)).resolve("jupyter/kernels");
    }

    private static String pythonPrefix() throws IOException, InterruptedException {
        for (String variable : List.of("CONDA_PREFIX", "VIRTUAL_ENV")) {
            String value = System.getenv(variable);
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        Process process = new ProcessBuilder("python3", "-c", "import sys; print(sys.prefix)")
                .redirectErrorStream(true)
                .start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (process.waitFor() != 0 || out.isEmpty()) {
            throw new IOException(
                    "--sys-prefix: no conda or virtualenv is active and python3 did not report sys.prefix; use --user or --prefix");
        }
        return out;
    }
}
