package io.jfairing.fairing.preprocess;

import io.jfairing.fairing.FairingException;
import java.nio.file.Path;
import java.util.List;

/**
 * Turns {@code %maven} coordinates into jar files, transitive dependencies included. The kernel passes its own
 * resolver (or the session's resolved class path and {@link #none()}); the command line uses Maven's.
 */
@FunctionalInterface
public interface DependencyResolver {
    /**
     * @param coordinates {@code group:artifact[:extension[:classifier]]:version}, in order
     * @param repositories extra repositories as {@code id url}, from {@code %mavenRepo}
     */
    List<Path> resolve(List<String> coordinates, List<String> repositories) throws FairingException;

    /** For callers that add the resolved jars themselves: resolves nothing. */
    static DependencyResolver none() {
        return (coordinates, repositories) -> List.of();
    }

    /** Maven Resolver with the local repository ({@code ~/.m2/repository}) and Maven Central. */
    static DependencyResolver maven() {
        return new MavenDependencyResolver();
    }
}
