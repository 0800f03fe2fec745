package io.jfairing.kernel;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The kernel's version as its build wrote it ({@code 0.1.0-SNAPSHOT}): what kernel_info and the banner report. */
final class KernelVersion {
    private static final String VERSION = read();

    private KernelVersion() {}

    static String get() {
        return VERSION;
    }

    private static String read() {
        try (InputStream in = KernelVersion.class.getResourceAsStream("kernel-version.properties")) {
            if (in == null) {
                throw new IllegalStateException("kernel-version.properties is missing from "
                        + KernelVersion.class.getName() + "'s jar (a broken build)");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
