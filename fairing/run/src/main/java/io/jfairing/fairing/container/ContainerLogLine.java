package io.jfairing.fairing.container;

import java.time.Instant;
import java.util.regex.Pattern;

/**
 * One line of {@code podman logs --timestamps}: the time the runtime received it and its text.
 *
 * @param time null when the line had no timestamp
 */
public record ContainerLogLine(Instant time, String text) {
    /**
     * The timestamp podman writes before the rest of a line that reached its log in pieces: a partial line has no
     * newline of its own, so the next piece, with its own timestamp, follows right after it ({@code ...Loader} then
     * {@code 2026-12-06T05:34:41.263048945Z  in an unnamed module}), wherever the writer split the line. It has all
     * nine digits of nanoseconds, which a program's own {@code Instant.now()} on Linux (microseconds) does not print.
     */
    private static final Pattern CONTINUATION =
            Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}(?:Z|[+-]\\d\\d:\\d\\d) ");

    /**
     * Splits {@code 2026-11-23T13:31:16.123456789Z text} (or with an offset) at the first space, and joins the pieces of
     * a line that podman logged in parts.
     */
    public static ContainerLogLine parse(String line) {
        int space = line.indexOf(' ');
        if (space > 0) {
            Instant time = ContainerState.time(line.substring(0, space));
            if (time != null) {
                return new ContainerLogLine(
                        time, CONTINUATION.matcher(line.substring(space + 1)).replaceAll(""));
            }
        }
        return new ContainerLogLine(null, line);
    }
}
