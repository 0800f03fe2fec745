package io.jfairing.images.spec;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A team library: Maven coordinates {@code groupId:artifactId[:extension[:classifier]]:version}, and where the spec
 * names it (so that a library that cannot be resolved is reported at its line).
 */
public record Library(String coordinates, SpecLocation location) {
    private static final Pattern COORDINATES = Pattern.compile("[^: ]+:[^: ]+(:[^: ]*){0,2}:[^: ]+");

    public Library {
        Objects.requireNonNull(coordinates, "coordinates");
    }

    static boolean isCoordinates(String text) {
        return COORDINATES.matcher(text).matches();
    }

    /** {@code groupId:artifactId}. */
    public String key() {
        String[] parts = coordinates.split(":");
        return parts[0] + ":" + parts[1];
    }

    /** {@code artifactId}. */
    public String artifactId() {
        return coordinates.split(":")[1];
    }
}
