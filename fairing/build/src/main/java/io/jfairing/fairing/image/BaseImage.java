package io.jfairing.fairing.image;

import io.jfairing.fairing.registry.RegistryCredentials;
import java.util.Objects;

/**
 * The image to build on: any registry image with a Java 17+ runtime on its {@code PATH} (a JRE is enough, such as
 * {@code eclipse-temurin:17-jre}, or one made with {@code jfairing base-image}).
 */
public final class BaseImage {
    /** Used when none is given. */
    public static final String DEFAULT = "eclipse-temurin:17-jre";

    private final String reference;
    private final RegistryCredentials credentials;

    private BaseImage(String reference, RegistryCredentials credentials) {
        this.reference = reference;
        this.credentials = credentials;
    }

    public static BaseImage registry(String reference) {
        return new BaseImage(Objects.requireNonNull(reference, "reference"), RegistryCredentials.fromEnvironment());
    }

    /** An empty base: only for images that bring their own runtime (the jlink base image). */
    public static BaseImage scratch() {
        return new BaseImage(null, RegistryCredentials.none());
    }

    public BaseImage withCredentials(RegistryCredentials newCredentials) {
        return new BaseImage(reference, Objects.requireNonNull(newCredentials, "credentials"));
    }

    /** The reference, or null for scratch. */
    public String reference() {
        return reference;
    }

    public boolean isScratch() {
        return reference == null;
    }

    public RegistryCredentials credentials() {
        return credentials;
    }

    @Override
    public String toString() {
        return reference == null ? "scratch" : reference;
    }
}
