package io.jfairing.fairing.job;

import java.time.Instant;
import java.util.Objects;

/**
 * One line a replica wrote (stdout and stderr together), without its line terminator.
 *
 * @param time when the runtime received it (container log timestamp, or when the local backend read it)
 */
public record LogLine(String replica, String text, Instant time) {
    public LogLine {
        Objects.requireNonNull(replica, "replica");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(time, "time");
    }

    /** {@code [worker-1] text}. */
    @Override
    public String toString() {
        return "[" + replica + "] " + text;
    }
}
