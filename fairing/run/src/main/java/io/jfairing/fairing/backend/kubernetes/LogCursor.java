package io.jfairing.fairing.backend.kubernetes;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * Where a replica's log was read up to, so that a reconnected stream neither loses nor repeats lines. Lines come
 * with the kubelet's timestamps ({@code timestamps=true}, nanoseconds); a reconnect asks for {@code sinceTime} (whole
 * seconds, as the API takes it), which repeats the lines of that second: those up to the last one delivered are
 * skipped by counting how many lines with the last timestamp were delivered.
 */
final class LogCursor {
    private Instant last;
    private int deliveredAtLast;
    private int seenAtLast;

    /** A timestamped line as the API server sends it: {@code 2026-01-02T03:04:05.123456789Z text}. */
    record Entry(Instant time, String text) {}

    /** Parses a line read with timestamps; a line without one keeps its text and gets {@code fallback}. */
    static Entry parse(String line, Instant fallback) {
        int space = line.indexOf(' ');
        if (space > 0) {
            try {
                return new Entry(Instant.parse(line.substring(0, space)), line.substring(space + 1));
            } catch (DateTimeParseException e) {
                // no timestamp: keep the whole line
            }
        }
        return new Entry(fallback, line);
    }

    /** The {@code sinceTime} to reconnect with (RFC 3339, whole seconds); null before the first line. */
    synchronized String sinceTime() {
        return last == null ? null : last.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** Starts reading a new stream (a reconnect): lines up to the cursor will be skipped. */
    synchronized void reconnected() {
        seenAtLast = 0;
    }

    /** Whether the entry is new (and moves the cursor past it), or a repeat of one delivered before a reconnect. */
    synchronized boolean advance(Entry entry) {
        if (last != null) {
            int cmp = entry.time().compareTo(last);
            if (cmp < 0) {
                return false;
            }
            if (cmp == 0) {
                seenAtLast++;
                if (seenAtLast <= deliveredAtLast) {
                    return false;
                }
                deliveredAtLast++;
                return true;
            }
        }
        last = entry.time();
        deliveredAtLast = 1;
        seenAtLast = 1;
        return true;
    }
}
