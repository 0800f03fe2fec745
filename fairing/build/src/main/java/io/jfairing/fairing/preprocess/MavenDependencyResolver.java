package io.jfairing.fairing.preprocess;

import io.jfairing.fairing.FairingException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.aether.RepositoryException;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession.CloseableSession;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResult;
import org.eclipse.aether.supplier.RepositorySystemSupplier;
import org.eclipse.aether.supplier.SessionBuilderSupplier;

/**
 * Resolves {@code %maven} coordinates (and their runtime dependencies) with Maven Resolver: the local repository
 * ({@code -Dmaven.repo.local} or {@code ~/.m2/repository}), Maven Central and the notebook's {@code %mavenRepo}s.
 * No network when everything is in the local repository. (The kernel, which honours settings.xml, passes the jars
 * it resolved instead.)
 */
final class MavenDependencyResolver implements DependencyResolver {
    private static final String CENTRAL = "https://repo.maven.apache.org/maven2/";

    @Override
    public List<Path> resolve(List<String> coordinates, List<String> repositories) throws FairingException {
        if (coordinates.isEmpty()) {
            return List.of();
        }
        List<Dependency> dependencies = new ArrayList<>();
        for (String coordinate : coordinates) {
            try {
                dependencies.add(new Dependency(new DefaultArtifact(coordinate), "runtime"));
            } catch (IllegalArgumentException e) {
                throw new FairingException("%maven " + coordinate
                        + ": not Maven coordinates (group:artifact[:extension[:classifier]]:version)");
            }
        }
        List<RemoteRepository> remotes = new ArrayList<>();
        remotes.add(new RemoteRepository.Builder("central", "default", CENTRAL).build());
        for (String repository : repositories) {
            String[] parts = repository.strip().split("\\s+");
            if (parts.length != 2) {
                throw new FairingException("%mavenRepo " + repository + ": expected an id and a URL");
            }
            remotes.add(new RemoteRepository.Builder(parts[0], "default", parts[1]).build());
        }
        String localProperty = System.getProperty("maven.repo.local");
        Path local = localProperty != null && !localProperty.isBlank()
                ? Path.of(localProperty)
                : Path.of(System.getProperty("user.home"), ".m2", "repository");
        RepositorySystem system = new RepositorySystemSupplier().get();
        try (CloseableSession session = new SessionBuilderSupplier(system)
                .get()
                .withLocalRepositoryBaseDirectories(local)
                .setConfigProperty("aether.remoteRepositoryFilter.prefixes", false)
                .build()) {
            CollectRequest collect =
                    new CollectRequest(dependencies, List.of(), system.newResolutionRepositories(session, remotes));
            DependencyResult result = system.resolveDependencies(
                    session,
                    new DependencyRequest(
                            collect,
                            (node, parents) -> node.getDependency() == null
                                    || Set.of("compile", "runtime")
                                            .contains(node.getDependency().getScope())));
            Set<Path> jars = new LinkedHashSet<>();
            for (ArtifactResult artifact : result.getArtifactResults()) {
                if (artifact.getArtifact() != null && artifact.getArtifact().getPath() != null) {
                    jars.add(artifact.getArtifact().getPath());
                }
            }
            return List.copyOf(jars);
        } catch (RepositoryException e) {
            throw new FairingException(
                    "%maven " + String.join(" ", coordinates) + ": cannot resolve: " + e.getMessage(), e);
        } finally {
            system.shutdown();
        }
    }
}
