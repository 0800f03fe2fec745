package io.jfairing.images.builder;

import io.jfairing.images.spec.Extension;
import io.jfairing.images.spec.Library;
import io.jfairing.images.spec.SpecException;
import io.jfairing.images.spec.TeamImageSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.building.DefaultSettingsBuilderFactory;
import org.apache.maven.settings.building.DefaultSettingsBuildingRequest;
import org.apache.maven.settings.building.SettingsBuildingException;
import org.eclipse.aether.RepositoryException;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession.CloseableSession;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.graph.DependencyFilter;
import org.eclipse.aether.graph.DependencyNode;
import org.eclipse.aether.graph.Exclusion;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResult;
import org.eclipse.aether.supplier.RepositorySystemSupplier;
import org.eclipse.aether.supplier.SessionBuilderSupplier;
import org.eclipse.aether.util.repository.AuthenticationBuilder;

/**
 * Resolves a spec's team libraries and kernel extensions with Maven Resolver, before anything is built or pushed:
 * one request for all (so Maven's version mediation applies across them), then each jar is given to the first
 * library whose dependency tree holds it. A library that cannot be resolved is a {@link SpecException} at its line.
 *
 * <p>Repositories are the spec's; credentials for them come from the {@code <server>} of the same id in
 * {@code ~/.m2/settings.xml}, never from the spec.
 */
public final class LibraryResolver {
    private static final Set<String> SCOPES = Set.of("compile", "runtime");
    private static final DependencyFilter RUNTIME = (node, parents) -> node.getDependency() == null
            || (SCOPES.contains(node.getDependency().getScope())
                    && !node.getDependency().isOptional());

    private final Path localRepository;
    private final Path settingsFile;
    private final boolean offline;

    private LibraryResolver(Path localRepository, Path settingsFile, boolean offline) {
        this.localRepository = localRepository;
        this.settingsFile = settingsFile;
        this.offline = offline;
    }

    /** {@code -Dmaven.repo.local} or {@code ~/.m2/repository}, and {@code ~/.m2/settings.xml} for credentials. */
    public static LibraryResolver standard() {
        String property = System.getProperty("maven.repo.local");
        Path home = Path.of(System.getProperty("user.home"), ".m2");
        return new LibraryResolver(
                property != null && !property.isBlank() ? Path.of(property) : home.resolve("repository"),
                home.resolve("settings.xml"),
                false);
    }

    public LibraryResolver withLocalRepository(Path directory) {
        return new LibraryResolver(directory, settingsFile, offline);
    }

    /** Only the local repository: nothing is downloaded. */
    public LibraryResolver offline(boolean noNetwork) {
        return new LibraryResolver(localRepository, settingsFile, noNetwork);
    }

    public Path localRepository() {
        return localRepository;
    }

    /** Resolves {@code spec}'s libraries and Maven-coordinate extensions; jar extensions are taken as they are. */
    public ResolvedLibraries resolve(TeamImageSpec spec) throws SpecException {
        List<Library> extensions = spec.kernel().extensions().stream()
                .flatMap(e -> e.asLibrary().stream())
                .toList();
        if (spec.libraries().isEmpty() && extensions.isEmpty()) {
            return new ResolvedLibraries(List.of(), jarExtensions(spec));
        }
        List<Library> all = new ArrayList<>(spec.libraries());
        all.addAll(extensions);
        RepositorySystem system = new RepositorySystemSupplier().get();
        try (CloseableSession session = new SessionBuilderSupplier(system)
                .get()
                .withLocalRepositoryBaseDirectories(localRepository)
                .setOffline(offline)
                .setConfigProperty("aether.remoteRepositoryFilter.prefixes", false)
                .build()) {
            List<RemoteRepository> remotes = system.newResolutionRepositories(session, remotes(spec));
            DependencyResult result;
            try {
                result = system.resolveDependencies(
                        session,
                        new DependencyRequest(
                                new CollectRequest(dependencies(spec.libraries(), extensions), List.of(), remotes),
                                RUNTIME));
            } catch (RepositoryException e) {
                throw failures(system, session, remotes, all, e);
            }
            List<List<ResolvedJar>> owned = assign(result, all);
            List<LibraryLayer> layers = new ArrayList<>();
            for (int i = 0; i < spec.libraries().size(); i++) {
                layers.add(new LibraryLayer(spec.libraries().get(i), owned.get(i)));
            }
            List<ResolvedJar> extensionJars = new ArrayList<>();
            owned.subList(spec.libraries().size(), owned.size()).forEach(extensionJars::addAll);
            extensionJars.addAll(jarExtensions(spec));
            return new ResolvedLibraries(layers, extensionJars);
        } finally {
            system.shutdown();
        }
    }

    /**
     * The jars of each of {@code declared}, in order: its own, then those of its dependency tree that no earlier
     * one reached (the tree is Maven's after conflict resolution, so a library declared itself keeps its jar).
     */
    private static List<List<ResolvedJar>> assign(DependencyResult result, List<Library> declared) {
        Map<String, Path> files = new HashMap<>();
        for (ArtifactResult artifact : result.getArtifactResults()) {
            if (artifact.getArtifact() != null && artifact.getArtifact().getPath() != null) {
                files.put(key(artifact.getArtifact()), artifact.getArtifact().getPath());
            }
        }
        Map<String, DependencyNode> children = new HashMap<>();
        for (DependencyNode child : result.getRoot().getChildren()) {
            children.putIfAbsent(
                    child.getArtifact().getGroupId() + ":" + child.getArtifact().getArtifactId(), child);
        }
        Set<String> taken = new HashSet<>();
        List<List<Artifact>> artifacts = new ArrayList<>();
        Map<String, Integer> names = new HashMap<>();
        for (Library library : declared) {
            List<Artifact> reached = new ArrayList<>();
            DependencyNode child = children.get(library.key());
            if (child != null) {
                collect(child, taken, reached);
            }
            reached.forEach(a -> names.merge(fileBase(a), 1, Integer::sum));
            artifacts.add(reached);
        }
        List<List<ResolvedJar>> jars = new ArrayList<>();
        for (List<Artifact> reached : artifacts) {
            List<ResolvedJar> layer = new ArrayList<>();
            for (Artifact artifact : reached) {
                Path file = files.get(key(artifact));
                if (file != null && file.getFileName().toString().endsWith(".jar")) {
                    String base = fileBase(artifact);
                    layer.add(new ResolvedJar(
                            coordinates(artifact),
                            file,
                            (names.get(base) > 1 ? artifact.getGroupId() + "." : "") + base + ".jar"));
                }
            }
            jars.add(layer);
        }
        return jars;
    }

    private static List<ResolvedJar> jarExtensions(TeamImageSpec spec) {
        List<ResolvedJar> jars = new ArrayList<>();
        for (Extension extension : spec.kernel().extensions()) {
            if (extension.jar() != null) {
                jars.add(new ResolvedJar(
                        extension.value(),
                        extension.jar(),
                        extension.jar().getFileName().toString()));
            }
        }
        return jars;
    }

    /** Depth first, in the tree's order; an artifact belongs to the first library that reaches it. */
    private static void collect(DependencyNode node, Set<String> taken, List<Artifact> into) {
        if (node.getArtifact() != null && !RUNTIME.accept(node, List.of())) {
            return;
        }
        if (node.getArtifact() != null && taken.add(key(node.getArtifact()))) {
            into.add(node.getArtifact());
        }
        for (DependencyNode child : node.getChildren()) {
            collect(child, taken, into);
        }
    }

    /** Resolves each library alone to say which ones fail, and why. */
    private static SpecException failures(
            RepositorySystem system,
            CloseableSession session,
            List<RemoteRepository> remotes,
            List<Library> libraries,
            RepositoryException overall) {
        List<SpecException.Problem> problems = new ArrayList<>();
        String from =
                remotes.stream().map(r -> r.getId() + " (" + r.getUrl() + ")").collect(Collectors.joining(", "));
        for (Library library : libraries) {
            try {
                system.resolveDependencies(
                        session,
                        new DependencyRequest(
                                new CollectRequest(dependencies(List.of(library)), List.of(), remotes), RUNTIME));
            } catch (RepositoryException e) {
                problems.add(new SpecException.Problem(
                        library.location(),
                        "cannot resolve " + library.coordinates()
                                + (session.isOffline() ? " offline from the local repository" : " from " + from) + ": "
                                + reason(e)));
            }
        }
        if (problems.isEmpty()) {
            problems.add(new SpecException.Problem(
                    libraries.get(0).location().withField("libraries"),
                    "the libraries cannot be resolved together: " + reason(overall)));
        }
        return new SpecException(problems);
    }

    private static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.lines().findFirst().orElse(message);
    }

    private static List<Dependency> dependencies(List<Library> libraries) {
        return dependencies(libraries, List.of());
    }

    private static List<Dependency> dependencies(List<Library> libraries, List<Library> extensions) {
        List<Dependency> dependencies = new ArrayList<>();
        for (Library library : libraries) {
            dependencies.add(new Dependency(new DefaultArtifact(library.coordinates()), "runtime"));
        }
        for (Library extension : extensions) {
            // extensions depend on the kernel's API, which the kernel jar in the image already is
            dependencies.add(new Dependency(
                    new DefaultArtifact(extension.coordinates()),
                    "runtime",
                    false,
                    List.of(new Exclusion("io.jfairing", "jfairing-kernel", "*", "*"))));
        }
        return dependencies;
    }

    private List<RemoteRepository> remotes(TeamImageSpec spec) throws SpecException {
        Map<String, Server> servers = servers(spec);
        List<RemoteRepository> remotes = new ArrayList<>();
        for (TeamImageSpec.Repository repository : spec.repositories()) {
            RemoteRepository.Builder builder =
                    new RemoteRepository.Builder(repository.id(), "default", repository.url());
            Server server = servers.get(repository.id());
            if (server != null && server.getUsername() != null) {
                builder.setAuthentication(new AuthenticationBuilder()
                        .addUsername(server.getUsername())
                        .addPassword(server.getPassword())
                        .build());
            }
            remotes.add(builder.build());
        }
        return remotes;
    }

    private Map<String, Server> servers(TeamImageSpec spec) throws SpecException {
        if (settingsFile == null || !Files.isRegularFile(settingsFile)) {
            return Map.of();
        }
        DefaultSettingsBuildingRequest request = new DefaultSettingsBuildingRequest();
        request.setUserSettingsFile(settingsFile.toFile());
        request.setSystemProperties(System.getProperties());
        try {
            Settings settings = new DefaultSettingsBuilderFactory()
                    .newInstance()
                    .build(request)
                    .getEffectiveSettings();
            Map<String, Server> servers = new LinkedHashMap<>();
            for (Server server : settings.getServers()) {
                if (server.getPassword() != null
                        && server.getPassword().startsWith("{")
                        && server.getPassword().endsWith("}")) {
                    throw new SpecException(
                            spec.libraries().isEmpty()
                                    ? new io.jfairing.images.spec.SpecLocation(spec.file(), 1, 1, "repositories")
                                    : spec.libraries().get(0).location().withField("repositories"),
                            "the password of server '" + server.getId() + "' in " + settingsFile
                                    + " is encrypted; jfairing images reads plain passwords or ${env.NAME} references only");
                }
                servers.put(server.getId(), server);
            }
            return servers;
        } catch (SettingsBuildingException e) {
            throw new SpecException(
                    new io.jfairing.images.spec.SpecLocation(settingsFile, 1, 1, ""),
                    "cannot read Maven settings: " + reason(e));
        }
    }

    private static String key(Artifact artifact) {
        return artifact.getGroupId() + ":" + artifact.getArtifactId() + ":" + artifact.getExtension() + ":"
                + artifact.getClassifier() + ":" + artifact.getBaseVersion();
    }

    /** {@code artifactId-version[-classifier]}: the jar's name in the image, unless two would clash. */
    private static String fileBase(Artifact artifact) {
        return artifact.getArtifactId() + "-" + artifact.getVersion()
                + (artifact.getClassifier().isEmpty() ? "" : "-" + artifact.getClassifier());
    }

    private static String coordinates(Artifact artifact) {
        return artifact.getGroupId() + ":" + artifact.getArtifactId()
                + (artifact.getClassifier().isEmpty() ? "" : ":" + artifact.getClassifier()) + ":"
                + artifact.getVersion();
    }
}
