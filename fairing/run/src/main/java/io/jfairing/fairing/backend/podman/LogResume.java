package io.jfairing.fairing.backend.podman;

import io.jfairing.fairing.container.ContainerLogLine;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Resuming a log stream without losing or repeating a line: {@code podman logs --since T} gives again every line
 * stamped T or later, so the lines already given at the last timestamp are counted and skipped when they come again.
 * Timestamps have nanoseconds; lines without one are passed on.
 */
final class LogResume {
    private Instant last;
    private int seenAtLast;
    private int skipAtLast;
    private boolean resumed;

    /** Where to resume from: null for the start. Call before each new stream. */
    Instant since() {
        if (last != null) {
            resumed = true;
            skipAtLast = seenAtLast;
        }
        return last;
    }

    /** Passes the line on unless a resumed stream gives it again. */
    void offer(ContainerLogLine line, Consumer<ContainerLogLine> sink) {
        Instant time = line.time();
        if (time != null && resumed && last != null) {
            if (time.isBefore(last)) {
                return;
            }
            if (time.equals(last) && skipAtLast > 0) {
                skipAtLast--;
                return;
            }
        }
        if (time != null) {
            if (time.equals(last)) {
                seenAtLast++;
            } else {
                last = time;
                seenAtLast = 1;
                skipAtLast = 0;
            }
        }
        sink.accept(line);
    }
}
