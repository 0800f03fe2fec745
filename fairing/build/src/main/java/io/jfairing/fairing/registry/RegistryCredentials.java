package io.jfairing.fairing.registry;

import com.google.cloud.tools.jib.api.Credential;
import com.google.cloud.tools.jib.api.CredentialRetriever;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.frontend.CredentialRetrieverFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where the credentials for a registry come from, tried in order: explicit user and password, a Docker
 * {@code config.json} ({@code auths}, {@code credHelpers}, {@code credsStore}, through Jib's retrievers), a
 * {@code docker-credential-*} helper. Credentials are only ever sent to the registry; they never go into an image.
 */
public final class RegistryCredentials {
    private sealed interface Source permits Explicit, DockerConfig, Helper {}

    private record Explicit(String username, String password) implements Source {
        @Override
        public String toString() {
            return "Explicit[" + username + ", ****]";
        }
    }

    private record DockerConfig(Path file) implements Source {}

    private record Helper(String helper) implements Source {}

    private static final RegistryCredentials NONE = new RegistryCredentials(List.of());

    private final List<Source> sources;

    private RegistryCredentials(List<Source> sources) {
        this.sources = List.copyOf(sources);
    }

    /** Anonymous access. */
    public static RegistryCredentials none() {
        return NONE;
    }

    public static RegistryCredentials of(String username, String password) {
        return new RegistryCredentials(List.of(new Explicit(
                Objects.requireNonNull(username, "username"), Objects.requireNonNull(password, "password"))));
    }

    /** A Docker (or podman) {@code config.json}/{@code auth.json}: {@code auths}, {@code credHelpers}, {@code credsStore}. */
    public static RegistryCredentials dockerConfig(Path configFile) {
        return new RegistryCredentials(List.of(new DockerConfig(configFile)));
    }

    /**
     * The config files Docker and podman use, those that exist: {@code $DOCKER_CONFIG/config.json},
     * {@code ~/.docker/config.json}, {@code $REGISTRY_AUTH_FILE}, {@code $XDG_RUNTIME_DIR/containers/auth.json},
     * {@code ~/.config/containers/auth.json}.
     */
    public static RegistryCredentials fromEnvironment() {
        return fromEnvironment(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    static RegistryCredentials fromEnvironment(Map<String, String> env, Path home) {
        List<Path> candidates = new ArrayList<>();
        if (env.get("DOCKER_CONFIG") != null) {
            candidates.add(Path.of(env.get("DOCKER_CONFIG"), "config.json"));
        }
        candidates.add(home.resolve(".docker/config.json"));
        if (env.get("REGISTRY_AUTH_FILE") != null) {
            candidates.add(Path.of(env.get("REGISTRY_AUTH_FILE")));
        }
        if (env.get("XDG_RUNTIME_DIR") != null) {
            candidates.add(Path.of(env.get("XDG_RUNTIME_DIR"), "containers/auth.json"));
        }
        candidates.add(home.resolve(".config/containers/auth.json"));
        List<Source> sources = new ArrayList<>();
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate)
                    && sources.stream().noneMatch(s -> s.equals(new DockerConfig(candidate)))) {
                sources.add(new DockerConfig(candidate));
            }
        }
        return new RegistryCredentials(sources);
    }

    /** A credential helper: a name ({@code gcr} for {@code docker-credential-gcr} on the PATH) or the helper's path. */
    public static RegistryCredentials helper(String helper) {
        return new RegistryCredentials(List.of(new Helper(helper)));
    }

    /** These sources, then {@code next}'s. */
    public RegistryCredentials or(RegistryCredentials next) {
        List<Source> all = new ArrayList<>(sources);
        all.addAll(next.sources);
        return new RegistryCredentials(all);
    }

    public boolean isEmpty() {
        return sources.isEmpty();
    }

    /** Jib's retrievers for {@code image}, in order. */
    public List<CredentialRetriever> retrievers(ImageReference image, Consumer<LogEvent> logger) {
        CredentialRetrieverFactory factory = CredentialRetrieverFactory.forImage(image, logger);
        List<CredentialRetriever> retrievers = new ArrayList<>();
        for (Source source : sources) {
            if (source instanceof Explicit explicit) {
                retrievers.add(factory.known(
                        Credential.from(explicit.username(), explicit.password()), "explicit credentials"));
            } else if (source instanceof DockerConfig config) {
                retrievers.add(factory.dockerConfig(config.file()));
            } else if (source instanceof Helper helper) {
                retrievers.add(
                        helper.helper().contains("/")
                                ? factory.dockerCredentialHelper(Path.of(helper.helper()))
                                : factory.dockerCredentialHelper("docker-credential-" + helper.helper()));
            }
        }
        return retrievers;
    }

    /** The credential the first source that has one gives for {@code image} ({@code host[:port]/repo[:tag]}). */
    public Optional<Credential> lookup(String image) throws CredentialLookupException {
        ImageReference reference;
        try {
            reference = ImageReference.parse(image);
        } catch (InvalidImageReferenceException e) {
            throw new CredentialLookupException("not an image reference: " + image, e);
        }
        for (CredentialRetriever retriever : retrievers(reference, event -> {})) {
            try {
                Optional<Credential> credential = retriever.retrieve();
                if (credential.isPresent()) {
                    return credential;
                }
            } catch (Exception e) {
                throw new CredentialLookupException(
                        "cannot read credentials for " + reference.getRegistry() + ": " + e.getMessage(), e);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "RegistryCredentials" + sources;
    }

    /** A credential source failed (a helper that exits non-zero, an unreadable config). */
    public static final class CredentialLookupException extends io.jfairing.fairing.FairingException {
        private static final long serialVersionUID = 1L;

        public CredentialLookupException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
