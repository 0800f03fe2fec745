package io.jfairing.fairing.container;

import java.time.Instant;

/**
 * One line of {@code podman logs --timestamps}: the time the runtime received it and its text.
 *
 * @param time null when the line had no timestamp
 */
public record ContainerLogLine(Instant time, String text) {
    /** Splits {@code 2026-11-23T13:31:16.123456789Z text} (or with an offset) at the first space. */
    public static ContainerLogLine parse(String line) {
        int space = line.indexOf(' ');
        if (space > 0) {
            Instant time = ContainerState.time(line.substring(0, space));
            if (time != null) {
                return new ContainerLogLine(time, line.substring(space + 1));
            }
        }
        return new ContainerLogLine(null, line);
    }
}
