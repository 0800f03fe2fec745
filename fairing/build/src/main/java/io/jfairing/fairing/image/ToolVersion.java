package io.jfairing.fairing.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** jfairing's version, as the build wrote it: the tool version in an image's history ({@code jfairing:0.1.0}). */
public final class ToolVersion {
    private static final String VERSION = read();

    private ToolVersion() {}

    /** The version of jfairing this class belongs to, such as {@code 0.1.0-SNAPSHOT}. */
    public static String get() {
        return VERSION;
    }

    private static String read() {
        try (InputStream in = ToolVersion.class.getResourceAsStream("jfairing-version.properties")) {
            if (in == null) {
                throw new IllegalStateException("jfairing-version.properties is missing from "
                        + ToolVersion.class.getName() + "'s jar (a broken build)");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
