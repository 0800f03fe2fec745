package io.jfairing.images.builder;

import java.nio.file.Path;

/**
 * A jar a team library brought in.
 *
 * @param coordinates {@code groupId:artifactId[:classifier]:version}
 * @param file the jar in the local Maven repository
 * @param fileName its name in the image ({@code artifactId-version.jar}, group-qualified when two would clash)
 */
public record ResolvedJar(String coordinates, Path file, String fileName) {}
