package io.jfairing.fairing.backend.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogCursorTest {
    static final Instant T = Instant.parse("2026-01-01T10:00:05.100Z");

    @Test
    void aReconnectFromTheSameSecondSkipsExactlyTheLinesDelivered() {
        LogCursor cursor = new LogCursor();
        List<String> out = new ArrayList<>();
        // first stream: two lines share a timestamp (the kubelet can write them in the same nanosecond)
        feed(cursor, out, "2026-01-01T10:00:04.900Z a", "2026-01-01T10:00:05.100Z b", "2026-01-01T10:00:05.100Z c");
        assertThat(cursor.sinceTime()).isEqualTo("2026-01-01T10:00:05Z");
        cursor.reconnected();
        // sinceTime=10:00:05 repeats every line of that second, then goes on; a third line with the same stamp is new
        feed(
                cursor,
                out,
                "2026-01-01T10:00:05.100Z b",
                "2026-01-01T10:00:05.100Z c",
                "2026-01-01T10:00:05.100Z d",
                "2026-01-01T10:00:05.700Z e");
        cursor.reconnected();
        feed(
                cursor,
                out,
                "2026-01-01T10:00:05.100Z b",
                "2026-01-01T10:00:05.100Z c",
                "2026-01-01T10:00:05.100Z d",
                "2026-01-01T10:00:05.700Z e",
                "2026-01-01T10:00:06.000Z f");
        assertThat(out).containsExactly("a", "b", "c", "d", "e", "f");
    }

    @Test
    void aLineWithoutATimestampIsKeptWhole() {
        LogCursor.Entry e = LogCursor.parse("no timestamp here", T);
        assertThat(e.text()).isEqualTo("no timestamp here");
        assertThat(e.time()).isEqualTo(T);
        assertThat(LogCursor.parse("2026-01-01T10:00:05.123456789Z  indented", T)
                        .text())
                .isEqualTo(" indented");
    }

    private static void feed(LogCursor cursor, List<String> out, String... lines) {
        for (String line : lines) {
            LogCursor.Entry e = LogCursor.parse(line, T);
            if (cursor.advance(e)) {
                out.add(e.text());
            }
        }
    }
}
