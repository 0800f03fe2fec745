package io.jfairing.fairing.image;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InsecureRegistryException;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.JibEvent;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.RegistryUnauthorizedException;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FileEntry;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import io.jfairing.fairing.compile.CompiledNotebook;
import io.jfairing.fairing.preprocess.InputFile;
import io.jfairing.fairing.preprocess.Workload;
import io.jfairing.metadata.MetadataStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.commons.io.FileUtils;

/**
 * Builds the image of a compiled notebook with Jib, without a Docker daemon. Layers, most stable first: the base
 * image's, the dependency jars ({@code /app/libs}), the runner ({@code /app/runner}), the compiled code
 * ({@code /app/code}), the input files ({@code /app/work}). The entrypoint runs the runner as user 1000 in
 * {@code /app/work}. Everything is deterministic (sorted entries, fixed permissions and timestamps), so the same
 * inputs give the same digest, an unchanged rebuild sends nothing and a changed cell sends only the code layer.
 *
 * <pre>{@code
 * BuiltImage image = ImageBuilder.from(BaseImage.registry("127.0.0.1:5000/jre:17"))
 *         .withInsecureRegistries(true)
 *         .withListener(event -> System.out.println(event))
 *         .build(compiled, ImageTarget.registry("127.0.0.1:5000/train:latest"));
 * }</pre>
 *
 * Immutable: each {@code with} method returns a new builder.
 */
public final class ImageBuilder {
    private static final FilePermissions FILE = FilePermissions.fromOctalString("644");
    private static final FilePermissions DIRECTORY = FilePermissions.fromOctalString("755");
    private static final Instant TIME = FileEntriesLayer.DEFAULT_MODIFICATION_TIME;

    private final BaseImage base;
    private final boolean allowInsecure;
    private final ImageFormat format;
    private final ImageBuildListener listener;
    private final Map<String, String> environment;
    private final Path cacheDirectory;
    private final boolean serving;

    private ImageBuilder(
            BaseImage base,
            boolean allowInsecure,
            ImageFormat format,
            ImageBuildListener listener,
            Map<String, String> environment,
            Path cacheDirectory) {
        this(base, allowInsecure, format, listener, environment, cacheDirectory, false);
    }

    private ImageBuilder(
            BaseImage base,
            boolean allowInsecure,
            ImageFormat format,
            ImageBuildListener listener,
            Map<String, String> environment,
            Path cacheDirectory,
            boolean serving) {
        this.serving = serving;
        this.base = base;
        this.allowInsecure = allowInsecure;
        this.format = format;
        this.listener = listener;
        this.environment = Map.copyOf(environment);
        this.cacheDirectory = cacheDirectory;
    }

    public static ImageBuilder from(BaseImage base) {
        return new ImageBuilder(
                Objects.requireNonNull(base, "base"),
                false,
                ImageFormat.Docker,
                ImageBuildListener.NONE,
                Map.of(),
                defaultCacheDirectory());
    }

    /** {@code $XDG_CACHE_HOME/jfairing/jib} or {@code ~/.cache/jfairing/jib}: Jib's base and layer caches. */
    public static Path defaultCacheDirectory() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path root = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return root.resolve("jfairing").resolve("jib");
    }

    /** Allows registries (base and target) that speak plain HTTP or have unverified certificates. */
    public ImageBuilder withInsecureRegistries(boolean allow) {
        return new ImageBuilder(base, allow, format, listener, environment, cacheDirectory, serving);
    }

    /** OCI manifests instead of Docker v2.2 ones. */
    public ImageBuilder withOciFormat(boolean oci) {
        return new ImageBuilder(
                base,
                allowInsecure,
                oci ? ImageFormat.OCI : ImageFormat.Docker,
                listener,
                environment,
                cacheDirectory,
                serving);
    }

    public ImageBuilder withListener(ImageBuildListener newListener) {
        return new ImageBuilder(
                base,
                allowInsecure,
                format,
                Objects.requireNonNull(newListener, "listener"),
                environment,
                cacheDirectory,
                serving);
    }

    /** Extra environment variables of the image (such as {@code JFAIRING_METADATA_URI}); never put secrets here. */
    public ImageBuilder withEnvironment(Map<String, String> variables) {
        Map<String, String> merged = new LinkedHashMap<>(environment);
        merged.putAll(variables);
        return new ImageBuilder(base, allowInsecure, format, listener, merged, cacheDirectory, serving);
    }

    public ImageBuilder withCacheDirectory(Path directory) {
        return new ImageBuilder(base, allowInsecure, format, listener, environment, directory, serving);
    }

    /**
     * A serving image: the entrypoint runs {@value ImageLayout#SERVING_MAIN} (the notebook's cells, then its
     * {@code Predictor} behind the KServe V1/V2 server on port {@value ImageLayout#SERVING_PORT}, exposed) instead of
     * the runner. The base image's Java runtime needs the jdk.httpserver module.
     */
    public ImageBuilder withServing(boolean serve) {
        return new ImageBuilder(base, allowInsecure, format, listener, environment, cacheDirectory, serve);
    }

    public BaseImage baseImage() {
        return base;
    }

    /** Builds the image of {@code code} and sends it to {@code target}. */
    public BuiltImage build(CompiledNotebook code, ImageTarget target) throws ImageBuildException {
        Instant start = Instant.now();
        Path staging;
        try {
            staging = Files.createTempDirectory("jfairing-image-");
        } catch (IOException e) {
            throw new ImageBuildException(
                    ImageBuildException.Reason.OTHER, "cannot create a staging folder: " + e.getMessage(), e);
        }
        try {
            if (!code.workload().leftOutFiles().isEmpty()) {
                listener.onEvent(
                        new ImageBuildEvent.InputsLeftOut(code.workload().leftOutFiles()));
            }
            listener.onEvent(new ImageBuildEvent.Stage("layers"));
            List<FileEntriesLayer> layers = layers(code, staging);
            JibContainerBuilder container = containerBuilder();
            layers.forEach(container::addFileEntriesLayer);
            Workload workload = code.workload();
            container
                    .setEntrypoint(entrypoint(workload, serving ? ImageLayout.SERVING_MAIN : ImageLayout.RUNNER_MAIN))
                    .setUser(ImageLayout.USER)
                    .setWorkingDirectory(AbsoluteUnixPath.get(ImageLayout.WORKDIR))
                    .setEnvironment(environment())
                    .setFormat(format)
                    .setCreationTime(Instant.EPOCH)
                    .addLabel(ImageLayout.LABEL_NOTEBOOK, workload.name())
                    .addLabel(ImageLayout.LABEL_CODE_DIGEST, code.codeDigest());
            workload.entryClass().ifPresent(entry -> container.addLabel(ImageLayout.LABEL_ENTRY_CLASS, entry));
            if (serving) {
                container
                        .addLabel(ImageLayout.LABEL_SERVING, "true")
                        .addExposedPort(com.google.cloud.tools.jib.api.buildplan.Port.tcp(ImageLayout.SERVING_PORT));
            }
            PushTracker tracker = new PushTracker(listener);
            probe(target);
            listener.onEvent(new ImageBuildEvent.Stage("push"));
            JibContainer result = container.containerize(containerizer(target, tracker));
            listener.onEvent(new ImageBuildEvent.Progress(1.0, "done"));
            List<BuiltImage.Layer> described = new ArrayList<>();
            for (FileEntriesLayer layer : layers) {
                described.add(
                        new BuiltImage.Layer(layer.getName(), layer.getEntries().size()));
            }
            return new BuiltImage(
                    target.reference(),
                    result.getDigest().toString(),
                    result.getImageId().toString(),
                    code.codeDigest(),
                    described,
                    tracker.blobs(),
                    Duration.between(start, Instant.now()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImageBuildException(ImageBuildException.Reason.OTHER, "the build was interrupted", e);
        } catch (ImageBuildException e) {
            throw e;
        } catch (Exception e) {
            throw translate(e, target);
        } finally {
            FileUtils.deleteQuietly(staging.toFile());
        }
    }

    /** Without insecure registries, fails fast on a registry that is down or not trusted (Jib would retry for a minute). */
    private void probe(ImageTarget target) throws ImageBuildException {
        if (allowInsecure) {
            return;
        }
        List<String> registries = new ArrayList<>();
        if (!base.isScratch()) {
            registries.add(registryOf(base.reference()));
        }
        if (target.kind() == ImageTarget.Kind.REGISTRY && !registries.contains(registryOf(target.reference()))) {
            registries.add(registryOf(target.reference()));
        }
        for (String registry : registries) {
            var finding = io.jfairing.fairing.registry.RegistryProbe.checkSecure(registry, Duration.ofSeconds(10));
            if (finding.isPresent()) {
                boolean insecure =
                        finding.get().problem() == io.jfairing.fairing.registry.RegistryProbe.Problem.NOT_SECURE;
                throw new ImageBuildException(
                        insecure ? ImageBuildException.Reason.INSECURE : ImageBuildException.Reason.UNREACHABLE,
                        finding.get().message()
                                + (insecure
                                        ? "; allow it with --insecure (ImageBuilder.withInsecureRegistries(true)) "
                                                + "only if you trust the network"
                                        : ""),
                        null);
            }
        }
    }

    private JibContainerBuilder containerBuilder() throws ImageBuildException {
        if (base.isScratch()) {
            return Jib.fromScratch();
        }
        return Jib.from(registryImage(base.reference(), base.credentials()));
    }

    private RegistryImage registryImage(String reference, io.jfairing.fairing.registry.RegistryCredentials credentials)
            throws ImageBuildException {
        try {
            ImageReference parsed = ImageReference.parse(reference);
            RegistryImage image = RegistryImage.named(parsed);
            credentials
                    .retrievers(
                            parsed,
                            log -> listener.onEvent(new ImageBuildEvent.Log(
                                    log.getLevel().name().toLowerCase(java.util.Locale.ROOT), log.getMessage())))
                    .forEach(image::addCredentialRetriever);
            return image;
        } catch (InvalidImageReferenceException e) {
            throw new ImageBuildException(
                    ImageBuildException.Reason.INVALID_REFERENCE,
                    "\"" + reference + "\" is not an image reference (expected [registry/]repository[:tag][@digest])",
                    e);
        }
    }

    private Containerizer containerizer(ImageTarget target, PushTracker tracker) throws ImageBuildException {
        Containerizer containerizer = switch (target.kind()) {
            case REGISTRY -> Containerizer.to(registryImage(target.reference(), target.credentials()));
            case DOCKER_ARCHIVE, OCI_ARCHIVE -> {
                try {
                    Path file = target.file().toAbsolutePath();
                    if (file.getParent() != null) {
                        Files.createDirectories(file.getParent());
                    }
                    yield Containerizer.to(TarImage.at(file).named(target.reference()));
                } catch (InvalidImageReferenceException e) {
                    throw new ImageBuildException(
                            ImageBuildException.Reason.INVALID_REFERENCE,
                            "\"" + target.reference() + "\" is not an image reference",
                            e);
                } catch (IOException e) {
                    throw new ImageBuildException(
                            ImageBuildException.Reason.OTHER,
                            "cannot write " + target.file() + ": " + e.getMessage(),
                            e);
                }
            }
        };
        return containerizer
                .setToolName("jfairing")
                .setToolVersion(ToolVersion.get())
                .setAllowInsecureRegistries(allowInsecure)
                .setBaseImageLayersCache(cacheDirectory.resolve("base"))
                .setApplicationLayersCache(cacheDirectory.resolve("layers"))
                .addEventHandler(JibEvent.class, tracker::onJibEvent);
    }

    private Map<String, String> environment() {
        Map<String, String> env = new TreeMap<>();
        env.put(ImageLayout.ENV_RUNTIME, "container");
        env.put(MetadataStore.ENV_HOME, ImageLayout.WORKDIR + "/.jfairing");
        env.put("HOME", ImageLayout.WORKDIR);
        env.putAll(environment);
        return env;
    }

    /** The command a job image runs: the runner with the image's class path and program (a pipeline step's command). */
    public static List<String> entrypoint(Workload workload) {
        return entrypoint(workload, ImageLayout.RUNNER_MAIN);
    }

    static List<String> entrypoint(Workload workload, String mainClass) {
        StringBuilder classpath = new StringBuilder(ImageLayout.RUNNER + ":" + ImageLayout.CODE + "/classes");
        for (String folder : classFolders(workload).values()) {
            classpath.append(':').append(ImageLayout.LIBS).append('/').append(folder);
        }
        classpath.append(':').append(ImageLayout.LIBS).append("/*");
        return List.of("java", "-cp", classpath.toString(), mainClass, ImageLayout.CODE + "/program.txt");
    }

    /** The layers over the base, in order; empty layers are left out. */
    private List<FileEntriesLayer> layers(CompiledNotebook code, Path staging) throws IOException {
        Workload workload = code.workload();
        List<FileEntriesLayer> layers = new ArrayList<>();

        FileEntriesLayer.Builder dependencies = FileEntriesLayer.builder().setName("dependencies");
        Set<String> names = new HashSet<>();
        Map<Path, String> folders = classFolders(workload);
        TreeMap<String, Path> jars = new TreeMap<>();
        Map<String, String> inImage = new HashMap<>();
        for (Path entry : workload.classpath()) {
            if (Files.isDirectory(entry)) {
                continue;
            }
            String name = entry.getFileName().toString();
            if (!names.add(name)) {
                name = Integer.toHexString(entry.toString().hashCode()) + "-" + name;
            }
            jars.put(name, entry);
            inImage.put(entry.toString(), ImageLayout.LIBS + "/" + name);
        }
        folders.forEach((folder, name) -> inImage.put(folder.toString(), ImageLayout.LIBS + "/" + name));
        jars.forEach((name, jar) -> dependencies.addEntry(
                new FileEntry(jar, AbsoluteUnixPath.get(ImageLayout.LIBS + "/" + name), FILE, TIME)));
        for (Map.Entry<Path, String> folder : folders.entrySet()) {
            addTree(dependencies, folder.getKey(), ImageLayout.LIBS + "/" + folder.getValue());
        }
        if (!dependencies.build().getEntries().isEmpty()) {
            layers.add(dependencies.build());
        }

        FileEntriesLayer.Builder runner = FileEntriesLayer.builder().setName("runner");
        addTree(runner, RunnerFiles.classesDirectory(), ImageLayout.RUNNER);
        Path workdir = Files.createDirectories(staging.resolve("work"));
        runner.addEntry(
                new FileEntry(workdir, AbsoluteUnixPath.get(ImageLayout.WORKDIR), DIRECTORY, TIME, ImageLayout.USER));
        layers.add(runner.build());

        FileEntriesLayer.Builder codeLayer = FileEntriesLayer.builder().setName("code");
        // a magic used as a value gives the paths the image has its jars at
        addTree(
                codeLayer,
                code.writeTo(staging.resolve("code"), path -> inImage.getOrDefault(path, path)),
                ImageLayout.CODE);
        layers.add(codeLayer.build());

        if (!workload.inputFiles().isEmpty()) {
            FileEntriesLayer.Builder files = FileEntriesLayer.builder().setName("files");
            // the working folder and the folders of the files, owned by the user: else the layer's implicit parent
            // folders (root's) would hide the runner layer's /app/work and the code could not write there
            java.util.TreeSet<String> workFolders = new java.util.TreeSet<>();
            workFolders.add(ImageLayout.WORKDIR);
            for (InputFile file : workload.inputFiles()) {
                String target = file.target().replace('\\', '/');
                for (int slash = target.indexOf('/'); slash > 0; slash = target.indexOf('/', slash + 1)) {
                    workFolders.add(ImageLayout.WORKDIR + "/" + target.substring(0, slash));
                }
            }
            for (String folder : workFolders) {
                files.addEntry(new FileEntry(workdir, AbsoluteUnixPath.get(folder), DIRECTORY, TIME, ImageLayout.USER));
            }
            for (InputFile file : workload.inputFiles()) {
                files.addEntry(new FileEntry(
                        file.source(),
                        AbsoluteUnixPath.get(ImageLayout.WORKDIR + "/" + file.target()),
                        FILE,
                        TIME,
                        ImageLayout.USER));
            }
            layers.add(files.build());
        }
        return layers;
    }

    private static Map<Path, String> classFolders(Workload workload) {
        Map<Path, String> folders = new LinkedHashMap<>();
        int i = 0;
        for (Path entry : workload.classpath()) {
            if (Files.isDirectory(entry)) {
                folders.put(entry, "classes-" + (i++));
            }
        }
        return folders;
    }

    /** Adds every file under {@code folder} (sorted, 644) at {@code target}. */
    private static void addTree(FileEntriesLayer.Builder layer, Path folder, String target) throws IOException {
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
            layer.addEntry(new FileEntry(file, AbsoluteUnixPath.get(target + "/" + relative), FILE, TIME));
        }
    }

    private ImageBuildException translate(Exception e, ImageTarget target) {
        Throwable cause = e;
        while (cause instanceof ExecutionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String registry = target.kind() == ImageTarget.Kind.REGISTRY ? registryOf(target.reference()) : null;
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof RegistryUnauthorizedException unauthorized) {
                String which = unauthorized.getImageReference();
                return new ImageBuildException(
                        ImageBuildException.Reason.UNAUTHORIZED,
                        "the registry refused access to "
                                + which + " (" + httpStatus(unauthorized)
                                + "): check the credentials (--username/--password, "
                                + "or `podman login`/`docker login`)",
                        e);
            }
            if (t instanceof InsecureRegistryException) {
                return new ImageBuildException(
                        ImageBuildException.Reason.INSECURE,
                        t.getMessage()
                                + "; allow it with --insecure (ImageBuilder.withInsecureRegistries(true)) only if you trust the network",
                        e);
            }
            if (t.getClass().getSimpleName().equals("RegistryCredentialsNotSentException")) {
                return new ImageBuildException(
                        ImageBuildException.Reason.INSECURE,
                        "credentials were not sent over plain HTTP: "
                                + "serve the registry over HTTPS (an unverified certificate is fine with --insecure)",
                        e);
            }
            if (t instanceof ConnectException
                    || t instanceof UnknownHostException
                    || t instanceof NoRouteToHostException
                    || t instanceof SocketTimeoutException
                    || t.getClass().getSimpleName().equals("HttpHostConnectException")) {
                return new ImageBuildException(
                        ImageBuildException.Reason.UNREACHABLE,
                        unreachable(registry, String.valueOf(t.getMessage())) + ": " + t.getMessage(),
                        e);
            }
        }
        String message = String.valueOf(cause.getMessage());
        if (cause instanceof RegistryException
                && !base.isScratch()
                && message.contains(base.reference())
                && (message.contains("not found")
                        || message.contains("MANIFEST_UNKNOWN")
                        || message.contains("manifest unknown")
                        || message.contains("NAME_UNKNOWN"))) {
            return new ImageBuildException(
                    ImageBuildException.Reason.BASE_IMAGE_NOT_FOUND,
                    "the base image " + base.reference() + " was not found in its registry",
                    e);
        }
        if (cause instanceof RegistryException || cause instanceof IOException) {
            if (!base.isScratch()
                    && cause instanceof IOException
                    && message.contains(registryOf(base.reference()))
                    && (cause.getCause() instanceof ConnectException)) {
                return new ImageBuildException(
                        ImageBuildException.Reason.UNREACHABLE,
                        "cannot reach the base image's registry: " + message,
                        e);
            }
        }
        return new ImageBuildException(
                ImageBuildException.Reason.OTHER,
                "cannot build the image " + target + ": " + cause.getClass().getSimpleName() + ": " + message,
                e);
    }

    private static String httpStatus(RegistryUnauthorizedException e) {
        String text = String.valueOf(e.getMessage()) + " "
                + (e.getCause() == null ? "" : e.getCause().getMessage());
        return text.contains("403") ? "403 Forbidden" : "401 Unauthorized";
    }

    /** Which registry a failed connection was to: the base image's when the failure names it and not the target's. */
    private String unreachable(String targetRegistry, String failure) {
        String baseRegistry = base.isScratch() ? null : registryOf(base.reference());
        if (baseRegistry != null && names(failure, baseRegistry) && !names(failure, targetRegistry)) {
            return "cannot reach the base image's registry " + baseRegistry;
        }
        return "cannot reach the registry" + (targetRegistry == null ? "" : " " + targetRegistry);
    }

    /** Whether {@code text} names {@code registry} as a whole host[:port] (127.0.0.1:1 is not 127.0.0.1:10000). */
    private static boolean names(String text, String registry) {
        return registry != null
                && Pattern.compile(Pattern.quote(registry) + "(?![\\w.:-])")
                        .matcher(text)
                        .find();
    }

    private static String registryOf(String reference) {
        try {
            return ImageReference.parse(reference).getRegistry();
        } catch (InvalidImageReferenceException e) {
            return reference;
        }
    }
}
