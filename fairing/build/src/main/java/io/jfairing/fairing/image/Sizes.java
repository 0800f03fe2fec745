package io.jfairing.fairing.image;

import java.util.Locale;

/** Byte counts for people: {@code 512 B}, {@code 4.2 KiB}, {@code 36.1 MiB}. */
public final class Sizes {
    private Sizes() {}

    public static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
    }
}
