package io.jfairing.fairing.baseimage;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.JibEvent;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FileEntry;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import io.jfairing.fairing.FairingException;
import io.jfairing.fairing.image.BuiltImage;
import io.jfairing.fairing.image.ImageBuildEvent;
import io.jfairing.fairing.image.ImageBuildListener;
import io.jfairing.fairing.image.ImageTarget;
import io.jfairing.fairing.image.ToolVersion;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;
import org.apache.commons.io.FileUtils;

/**
 * Makes a JRE-only base image from the local JDK, for registries that cannot reach Docker Hub: {@code jlink} a
 * runtime into {@code /opt/jre}, add the system libraries {@code ldd} says it needs (libc, libz, the loader, ...),
 * a {@code /etc/passwd} with user 1000 and a {@code /tmp}, and push it FROM scratch with Jib. No compiler, no shell:
 * notebook code is compiled at build time.
 *
 * <pre>{@code
 * BuiltImage base = JlinkBaseImage.builder().insecure(true).build()
 *         .build(ImageTarget.registry("127.0.0.1:5000/jfairing/jre:17"));
 * }</pre>
 */
public final class JlinkBaseImage {
    /** Java SE with the modules common libraries need, and jdk.httpserver for the model server; no compiler, no jshell. */
    public static final List<String> DEFAULT_MODULES =
            List.of("java.se", "jdk.unsupported", "jdk.crypto.ec", "jdk.zipfs", "jdk.httpserver");
    /** Native libraries of the desktop toolkit that need X11; never loaded headless, so their dependencies are left out. */
    private static final List<String> GUI_LIBRARIES = List.of("libawt_xawt.so", "libjawt.so", "libsplashscreen.so");

    private static final FilePermissions EXECUTABLE = FilePermissions.fromOctalString("755");
    private static final FilePermissions FILE = FilePermissions.fromOctalString("644");
    private static final Instant TIME = FileEntriesLayer.DEFAULT_MODIFICATION_TIME;

    private final List<String> modules;
    private final Path javaHome;
    private final boolean insecure;
    private final ImageBuildListener listener;

    private JlinkBaseImage(Builder builder) {
        this.modules = List.copyOf(builder.modules);
        this.javaHome = builder.javaHome;
        this.insecure = builder.insecure;
        this.listener = builder.listener;
    }

    public static Builder builder() {
        return new Builder();
    }

    public BuiltImage build(ImageTarget target) throws FairingException {
        Instant start = Instant.now();
        Path work;
        try {
            work = Files.createTempDirectory("jfairing-base-");
        } catch (IOException e) {
            throw new FairingException("cannot create a work folder: " + e.getMessage(), e);
        }
        try {
            Path jre = work.resolve("jre");
            listener.onEvent(new ImageBuildEvent.Stage("jlink"));
            jlink(jre);
            Path etc = Files.createDirectories(work.resolve("etc"));
            Files.writeString(
                    etc.resolve("passwd"),
                    "root:x:0:0:root:/root:/sbin/nologin\n" + "fairing:x:1000:1000:jfairing:/app/work:/sbin/nologin\n");
            Files.writeString(etc.resolve("group"), "root:x:0:\nfairing:x:1000:\n");
            Path tmp = Files.createDirectories(work.resolve("tmp"));

            FileEntriesLayer.Builder system = FileEntriesLayer.builder().setName("system");
            for (Map.Entry<String, Path> library : libraries(jre).entrySet()) {
                system.addEntry(
                        new FileEntry(library.getValue(), AbsoluteUnixPath.get(library.getKey()), EXECUTABLE, TIME));
            }
            system.addEntry(new FileEntry(etc.resolve("passwd"), AbsoluteUnixPath.get("/etc/passwd"), FILE, TIME));
            system.addEntry(new FileEntry(etc.resolve("group"), AbsoluteUnixPath.get("/etc/group"), FILE, TIME));
            system.addEntry(
                    new FileEntry(tmp, AbsoluteUnixPath.get("/tmp"), FilePermissions.fromOctalString("777"), TIME));

            FileEntriesLayer.Builder runtime = FileEntriesLayer.builder().setName("jre");
            List<Path> files;
            try (Stream<Path> walk = Files.walk(jre)) {
                files = walk.filter(Files::isRegularFile)
                        .sorted(Comparator.comparing(p -> jre.relativize(p).toString()))
                        .toList();
            }
            for (Path file : files) {
                String relative = jre.relativize(file).toString().replace(java.io.File.separatorChar, '/');
                runtime.addEntry(new FileEntry(
                        file,
                        AbsoluteUnixPath.get("/opt/jre/" + relative),
                        Files.isExecutable(file) ? EXECUTABLE : FILE,
                        TIME));
            }

            JibContainerBuilder container = Jib.fromScratch()
                    .addFileEntriesLayer(system.build())
                    .addFileEntriesLayer(runtime.build())
                    .setEnvironment(
                            Map.of("PATH", "/opt/jre/bin:/usr/bin:/bin", "JAVA_HOME", "/opt/jre", "LANG", "C.UTF-8"))
                    .setCreationTime(Instant.EPOCH)
                    .addLabel("io.jfairing.base", "jlink")
                    .addLabel("io.jfairing.java.version", System.getProperty("java.version"))
                    .addLabel("io.jfairing.java.modules", String.join(",", modules));
            listener.onEvent(new ImageBuildEvent.Stage("push"));
            JibContainer result = container.containerize(containerizer(target));
            return new BuiltImage(
                    target.reference(),
                    result.getDigest().toString(),
                    result.getImageId().toString(),
                    "",
                    List.of(
                            new BuiltImage.Layer(
                                    "system", system.build().getEntries().size()),
                            new BuiltImage.Layer("jre", files.size())),
                    List.of(),
                    Duration.between(start, Instant.now()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FairingException("interrupted", e);
        } catch (FairingException e) {
            throw e;
        } catch (Exception e) {
            throw new FairingException("cannot build the base image " + target + ": " + e.getMessage(), e);
        } finally {
            FileUtils.deleteQuietly(work.toFile());
        }
    }

    private Containerizer containerizer(ImageTarget target) throws InvalidImageReferenceException {
        Containerizer containerizer;
        if (target.kind() == ImageTarget.Kind.REGISTRY) {
            ImageReference reference = ImageReference.parse(target.reference());
            RegistryImage image = RegistryImage.named(reference);
            target.credentials().retrievers(reference, log -> {}).forEach(image::addCredentialRetriever);
            containerizer = Containerizer.to(image);
        } else {
            containerizer = Containerizer.to(TarImage.at(target.file()).named(target.reference()));
        }
        return containerizer
                .setToolName("jfairing")
                .setToolVersion(ToolVersion.get())
                .setAllowInsecureRegistries(insecure)
                .addEventHandler(JibEvent.class, event -> {
                    if (event instanceof LogEvent log) {
                        listener.onEvent(new ImageBuildEvent.Log(
                                log.getLevel().name().toLowerCase(Locale.ROOT), log.getMessage()));
                    }
                });
    }

    /** Runs jlink as a child process (so that an interrupt stops it at once), or in this JVM when there is no binary. */
    private void jlink(Path output) throws FairingException, InterruptedException {
        List<String> args = new ArrayList<>(List.of(
                "--add-modules",
                String.join(",", modules),
                "--strip-debug",
                "--no-header-files",
                "--no-man-pages",
                "--compress=2",
                "--output",
                output.toString()));
        if (javaHome != null) {
            args.addAll(0, List.of("--module-path", javaHome.resolve("jmods").toString()));
        }
        Path binary = Path.of(System.getProperty("java.home"), "bin", "jlink");
        if (Files.isExecutable(binary)) {
            List<String> command = new ArrayList<>(List.of(binary.toString()));
            command.addAll(args);
            Path log = output.resolveSibling("jlink.log");
            Process process;
            try {
                process = new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
            } catch (IOException e) {
                throw new FairingException("cannot start " + binary + ": " + e.getMessage(), e);
            }
            try {
                int status = process.waitFor(); // an interrupt ends the wait, and the finally block ends jlink
                if (status != 0) {
                    throw new FairingException("jlink failed (" + status + "): "
                            + Files.readString(log, StandardCharsets.UTF_8).strip());
                }
            } catch (IOException e) {
                throw new FairingException("jlink failed and its output could not be read: " + e.getMessage(), e);
            } finally {
                process.destroyForcibly();
            }
            return;
        }
        ToolProvider jlink = ToolProvider.findFirst("jlink")
                .orElseThrow(
                        () -> new FairingException("jlink is not available: run jfairing on a JDK (with jdk.jlink)"));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8);
        int status = jlink.run(out, out, args.toArray(String[]::new));
        if (status != 0) {
            throw new FairingException("jlink failed (" + status + "): "
                    + log.toString(StandardCharsets.UTF_8).strip());
        }
    }

    /** glibc's libraries that native code bundled in jars (sqlite-jdbc, netty, ...) links against besides libc. */
    static final List<String> GLIBC_COMPANIONS = List.of("libpthread.so.0", "libdl.so.2", "librt.so.1");

    /**
     * Adds {@link #GLIBC_COMPANIONS} from beside libc: since glibc 2.34 they are stubs the JDK no longer needs, but a
     * library built on an older glibc (sqlite-jdbc's, extracted from its jar at run time) still names them.
     */
    private static void addGlibcCompanions(Map<String, Path> libraries) throws IOException {
        String libc = libraries.keySet().stream()
                .filter(p -> p.endsWith("/libc.so.6"))
                .findFirst()
                .orElse(null);
        if (libc == null) {
            return;
        }
        String folder = libc.substring(0, libc.lastIndexOf('/') + 1);
        for (String name : GLIBC_COMPANIONS) {
            Path file = Path.of(folder + name);
            if (Files.exists(file)) {
                libraries.putIfAbsent(folder + name, file.toRealPath());
            }
        }
    }

    /** The system libraries the runtime's binaries need, by path in the image (as {@code ldd} prints it). */
    static Map<String, Path> libraries(Path jre) throws IOException, FairingException {
        List<Path> binaries = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(jre)) {
            walk.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(".so")
                            || p.getParent().getFileName().toString().equals("bin"))
                    .filter(p -> !GUI_LIBRARIES.contains(p.getFileName().toString()))
                    .sorted()
                    .forEach(binaries::add);
        }
        Map<String, Path> libraries = new TreeMap<>();
        TreeSet<String> missing = new TreeSet<>();
        java.util.Set<String> own = new java.util.HashSet<>();
        try (Stream<Path> walk = Files.walk(jre)) {
            walk.filter(Files::isRegularFile)
                    .forEach(p -> own.add(p.getFileName().toString()));
        }
        for (Path binary : binaries) {
            for (String line : ldd(binary)) {
                String l = line.strip();
                String path = null;
                if (l.contains("=>")) {
                    String right = l.substring(l.indexOf("=>") + 2).strip();
                    if (right.startsWith("not found")) {
                        String name = l.substring(0, l.indexOf("=>")).strip();
                        if (!own.contains(name)) { // the runtime's own libraries are found through its RPATH
                            missing.add(name);
                        }
                        continue;
                    }
                    path = right.split("\\s+")[0];
                } else if (l.startsWith("/")) {
                    path = l.split("\\s+")[0];
                }
                if (path != null && path.startsWith("/") && !path.startsWith(jre.toString())) {
                    Path file = Path.of(path);
                    if (Files.exists(file)) {
                        libraries.put(path, file.toRealPath());
                    }
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new FairingException("the runtime needs libraries this machine lacks: " + String.join(", ", missing));
        }
        addGlibcCompanions(libraries);
        return libraries;
    }

    private static List<String> ldd(Path binary) throws IOException, FairingException {
        Process process = new ProcessBuilder("ldd", binary.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FairingException("interrupted", e);
        }
        if (output.contains("not a dynamic executable")) {
            return List.of();
        }
        return output.lines().toList();
    }

    public static final class Builder {
        private List<String> modules = DEFAULT_MODULES;
        private Path javaHome;
        private boolean insecure;
        private ImageBuildListener listener = ImageBuildListener.NONE;

        private Builder() {}

        /** The Java modules to put in the runtime (default {@link #DEFAULT_MODULES}). */
        public Builder modules(List<String> newModules) {
            this.modules = List.copyOf(newModules);
            return this;
        }

        /** The JDK whose {@code jmods} to link (default: the running one). */
        public Builder javaHome(Path home) {
            this.javaHome = home;
            return this;
        }

        public Builder insecure(boolean allow) {
            this.insecure = allow;
            return this;
        }

        public Builder listener(ImageBuildListener newListener) {
            this.listener = Objects.requireNonNull(newListener, "listener");
            return this;
        }

        public JlinkBaseImage build() {
            return new JlinkBaseImage(this);
        }
    }
}
