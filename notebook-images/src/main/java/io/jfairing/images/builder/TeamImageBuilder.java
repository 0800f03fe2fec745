package io.jfairing.images.builder;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.JibEvent;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.RegistryUnauthorizedException;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.Port;
import io.jfairing.fairing.image.BuiltImage;
import io.jfairing.fairing.image.ImageBuildEvent;
import io.jfairing.fairing.image.ImageBuildException;
import io.jfairing.fairing.image.ImageBuildListener;
import io.jfairing.fairing.image.ImageBuilder;
import io.jfairing.fairing.image.PushTracker;
import io.jfairing.fairing.image.ToolVersion;
import io.jfairing.fairing.registry.RegistryCredentials;
import io.jfairing.images.spec.JavaRuntime;
import io.jfairing.images.spec.NotebookConventions;
import io.jfairing.images.spec.SpecException;
import io.jfairing.images.spec.TeamImageSpec;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.commons.io.FileUtils;

/**
 * Builds a team notebook image from its spec with Jib, without a Docker daemon, and pushes it. Team libraries are
 * resolved first, so a library that does not exist fails before anything is sent. Layers over the base, most stable
 * first: {@code java} (a jlinked JDK, when the spec asks for one), {@code kernel} (the kernelspec and kernel jar),
 * one {@code lib-ARTIFACT} layer per team library, {@code extensions}, {@code lab-extensions} (the JupyterLab
 * extensions the extension jars carry, such as the jfairing panel, in the base's labextensions folder), {@code
 * files}, {@code home}. Everything is
 * deterministic, so an unchanged spec gives the same digest, and a new version of one library pushes that layer only.
 *
 * <pre>{@code
 * BuiltTeamImage image = TeamImageBuilder.create(kernelJar)
 *         .withInsecureRegistries(true)
 *         .build(SpecReader.read(Path.of("data-exploration.yaml")), "2024-06");
 * }</pre>
 *
 * Immutable: each {@code with} method returns a new builder.
 */
public final class TeamImageBuilder {
    /** Label: the spec's name. */
    public static final String LABEL_NAME = "io.jfairing.team-image";
    /** Label: the kernelspec folder in the image. */
    public static final String LABEL_KERNELSPEC = "io.jfairing.kernelspec";
    /** Label: the team libraries' coordinates, comma separated. */
    public static final String LABEL_LIBRARIES = "io.jfairing.libraries";
    /** Label: where Java comes from ({@code base} or {@code jlink}). */
    public static final String LABEL_JAVA = "io.jfairing.java";

    private final Path kernelJar;
    private final LibraryResolver resolver;
    private final RegistryCredentials credentials;
    private final boolean insecure;
    private final Path cacheDirectory;
    private final Path jdkHome;
    private final ImageBuildListener listener;

    private TeamImageBuilder(
            Path kernelJar,
            LibraryResolver resolver,
            RegistryCredentials credentials,
            boolean insecure,
            Path cacheDirectory,
            Path jdkHome,
            ImageBuildListener listener) {
        this.kernelJar = kernelJar;
        this.resolver = resolver;
        this.credentials = credentials;
        this.insecure = insecure;
        this.cacheDirectory = cacheDirectory;
        this.jdkHome = jdkHome;
        this.listener = listener;
    }

    /** A builder that installs the kernel from {@code kernelJar} (the shaded {@code jfairing-kernel.jar}). */
    public static TeamImageBuilder create(Path kernelJar) {
        return new TeamImageBuilder(
                Objects.requireNonNull(kernelJar, "kernelJar"),
                LibraryResolver.standard(),
                RegistryCredentials.fromEnvironment(),
                false,
                ImageBuilder.defaultCacheDirectory(),
                null,
                ImageBuildListener.NONE);
    }

    public TeamImageBuilder withResolver(LibraryResolver newResolver) {
        return new TeamImageBuilder(
                kernelJar,
                Objects.requireNonNull(newResolver, "resolver"),
                credentials,
                insecure,
                cacheDirectory,
                jdkHome,
                listener);
    }

    /** Credentials for the base's and the target's registries (default: Docker's and podman's config files). */
    public TeamImageBuilder withCredentials(RegistryCredentials newCredentials) {
        return new TeamImageBuilder(
                kernelJar,
                resolver,
                Objects.requireNonNull(newCredentials, "credentials"),
                insecure,
                cacheDirectory,
                jdkHome,
                listener);
    }

    /** Allows registries that speak plain HTTP or have unverified certificates. */
    public TeamImageBuilder withInsecureRegistries(boolean allow) {
        return new TeamImageBuilder(kernelJar, resolver, credentials, allow, cacheDirectory, jdkHome, listener);
    }

    public TeamImageBuilder withCacheDirectory(Path directory) {
        return new TeamImageBuilder(
                kernelJar,
                resolver,
                credentials,
                insecure,
                Objects.requireNonNull(directory, "directory"),
                jdkHome,
                listener);
    }

    /** The JDK whose {@code jmods} {@code from: jlink} links (default: the running one). */
    public TeamImageBuilder withJdkHome(Path home) {
        return new TeamImageBuilder(kernelJar, resolver, credentials, insecure, cacheDirectory, home, listener);
    }

    public TeamImageBuilder withListener(ImageBuildListener newListener) {
        return new TeamImageBuilder(
                kernelJar,
                resolver,
                credentials,
                insecure,
                cacheDirectory,
                jdkHome,
                Objects.requireNonNull(newListener, "listener"));
    }

    /** The image reference a build with {@code tag} pushes to: the spec's image with that tag (or its own, or latest). */
    public static String target(TeamImageSpec spec, String tag) {
        String image = spec.image();
        int slash = image.lastIndexOf('/');
        boolean tagged = image.lastIndexOf(':') > slash || image.contains("@");
        if (tag == null || tag.isBlank()) {
            return tagged ? image : image + ":latest";
        }
        String repository = image.contains("@")
                ? image.substring(0, image.indexOf('@'))
                : image.lastIndexOf(':') > slash ? image.substring(0, image.lastIndexOf(':')) : image;
        return repository + ":" + tag;
    }

    /**
     * Resolves the spec's libraries, builds the image and pushes it to {@link #target(TeamImageSpec, String)}.
     *
     * @throws SpecException a library or extension cannot be resolved (nothing was pushed)
     */
    public BuiltTeamImage build(TeamImageSpec spec, String tag) throws SpecException, ImageBuildException {
        Instant start = Instant.now();
        listener.onEvent(new ImageBuildEvent.Stage("resolve"));
        ResolvedLibraries libraries = resolver.resolve(spec);
        String target = target(spec, tag);
        Path staging;
        try {
            staging = Files.createTempDirectory("jfairing-team-image-");
        } catch (IOException e) {
            throw new ImageBuildException(
                    ImageBuildException.Reason.OTHER, "cannot create a staging folder: " + e.getMessage(), e);
        }
        try {
            listener.onEvent(new ImageBuildEvent.Stage("layers"));
            List<FileEntriesLayer> layers = TeamImageLayers.of(spec, libraries, kernelJar, jdkHome, staging);
            JibContainerBuilder container = Jib.from(registryImage(spec.base()));
            layers.forEach(container::addFileEntriesLayer);
            container
                    .setEntrypoint(spec.jupyter().command())
                    .setProgramArguments(List.of())
                    .setUser(NotebookConventions.USER)
                    .setWorkingDirectory(AbsoluteUnixPath.get(NotebookConventions.HOME))
                    .setExposedPorts(Set.of(Port.tcp(NotebookConventions.PORT)))
                    .setEnvironment(environment(spec))
                    .setLabels(labels(spec))
                    .setCreationTime(Instant.EPOCH);
            PushTracker tracker = new PushTracker(listener);
            listener.onEvent(new ImageBuildEvent.Stage("push"));
            JibContainer result = container.containerize(Containerizer.to(registryImage(target))
                    .setToolName("jfairing")
                    .setToolVersion(ToolVersion.get())
                    .setAllowInsecureRegistries(insecure)
                    .setBaseImageLayersCache(cacheDirectory.resolve("base"))
                    .setApplicationLayersCache(cacheDirectory.resolve("layers"))
                    .addEventHandler(JibEvent.class, tracker::onJibEvent));
            List<BuiltImage.Layer> described = new ArrayList<>();
            for (FileEntriesLayer layer : layers) {
                described.add(
                        new BuiltImage.Layer(layer.getName(), layer.getEntries().size()));
            }
            return new BuiltTeamImage(
                    target,
                    result.getDigest().toString(),
                    result.getImageId().toString(),
                    described,
                    tracker.blobs(),
                    Duration.between(start, Instant.now()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImageBuildException(ImageBuildException.Reason.OTHER, "the build was interrupted", e);
        } catch (ImageBuildException e) {
            throw e;
        } catch (Exception e) {
            throw translate(e, spec, target);
        } finally {
            FileUtils.deleteQuietly(staging.toFile());
        }
    }

    static Map<String, String> environment(TeamImageSpec spec) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("HOME", NotebookConventions.HOME);
        env.put("NB_USER", NotebookConventions.USER_NAME);
        env.put("NB_UID", String.valueOf(NotebookConventions.UID));
        env.put("NB_GID", String.valueOf(NotebookConventions.GID));
        env.put(NotebookConventions.ENV_NB_PREFIX, "/");
        env.put("JAVA_HOME", spec.java().home());
        env.putAll(spec.env());
        return env;
    }

    static Map<String, String> labels(TeamImageSpec spec) {
        Map<String, String> labels = new LinkedHashMap<>(spec.labels());
        labels.put(LABEL_NAME, spec.name());
        labels.put(
                LABEL_KERNELSPEC,
                NotebookConventions.KERNELS + "/" + spec.kernel().name());
        labels.put(LABEL_JAVA, spec.java().source() == JavaRuntime.Source.JLINK ? "jlink" : "base");
        labels.put(
                LABEL_LIBRARIES,
                spec.libraries().stream().map(l -> l.coordinates()).collect(Collectors.joining(",")));
        if (!spec.description().isBlank()) {
            labels.putIfAbsent("org.opencontainers.image.description", spec.description());
        }
        return labels;
    }

    private RegistryImage registryImage(String reference) throws ImageBuildException {
        try {
            ImageReference parsed = ImageReference.parse(reference);
            RegistryImage image = RegistryImage.named(parsed);
            credentials.retrievers(parsed, log -> {}).forEach(image::addCredentialRetriever);
            return image;
        } catch (InvalidImageReferenceException e) {
            throw new ImageBuildException(
                    ImageBuildException.Reason.INVALID_REFERENCE, "'" + reference + "' is not an image reference", e);
        }
    }

    private static ImageBuildException translate(Exception e, TeamImageSpec spec, String target) {
        Throwable cause = e;
        while (cause instanceof ExecutionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof RegistryUnauthorizedException unauthorized) {
                return new ImageBuildException(
                        ImageBuildException.Reason.UNAUTHORIZED,
                        "the registry refused access to " + unauthorized.getImageReference()
                                + ": check the credentials (podman login / docker login)",
                        e);
            }
            if (t instanceof ConnectException) {
                return new ImageBuildException(
                        ImageBuildException.Reason.UNREACHABLE,
                        "cannot reach the registry of "
                                + (String.valueOf(t.getMessage()).contains(registryOf(spec.base()))
                                        ? spec.base()
                                        : target)
                                + ": " + t.getMessage(),
                        e);
            }
        }
        String message = String.valueOf(cause.getMessage());
        if (message.contains(spec.base())
                && (message.contains("not found")
                        || message.contains("MANIFEST_UNKNOWN")
                        || message.contains("manifest unknown")
                        || message.contains("NAME_UNKNOWN"))) {
            return new ImageBuildException(
                    ImageBuildException.Reason.BASE_IMAGE_NOT_FOUND,
                    "the base image " + spec.base() + " (" + spec.file() + ", base) was not found in its registry",
                    e);
        }
        return new ImageBuildException(
                ImageBuildException.Reason.OTHER,
                "cannot build " + target + ": " + cause.getClass().getSimpleName() + ": " + message,
                e);
    }

    private static String registryOf(String reference) {
        try {
            return ImageReference.parse(reference).getRegistry();
        } catch (InvalidImageReferenceException e) {
            return reference;
        }
    }
}
