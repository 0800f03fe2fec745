package io.github.spencerpark.jupyter.messages;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Date;

/**
 * jfairing's replacement for basekernel 2.3.0's message timestamp, which it shadows on the class path (the
 * shaded kernel jar leaves basekernel's copy out). basekernel writes header dates with minute precision
 * ({@code 2026-11-23T11:12+0000}), which jupyter_client cannot parse, so nbclient's timings break. This one
 * writes ISO 8601 with microseconds in UTC ({@code 2026-11-23T11:12:20.101527Z}), as ipykernel does, and
 * reads both forms. Same public API as basekernel's class.
 */
public class KernelTimestamp {
    private static final DateTimeFormatter WRITE = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd'T'HH:mm:ss")
            .appendFraction(ChronoField.MICRO_OF_SECOND, 6, 6, true)
            .appendLiteral('Z')
            .toFormatter()
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mmZ");

    private String serialized;
    private Instant instant;

    public static KernelTimestamp now() {
        return new KernelTimestamp(Instant.now());
    }

    public KernelTimestamp(String serialized) {
        this.serialized = serialized;
    }

    public KernelTimestamp(Date date) {
        this.instant = date.toInstant();
    }

    KernelTimestamp(Instant instant) {
        this.instant = instant;
    }

    public Date getDate() {
        if (instant == null) {
            instant = parse(serialized);
        }
        return Date.from(instant);
    }

    public String getDateString() {
        if (serialized == null) {
            serialized = WRITE.format(instant);
        }
        return serialized;
    }

    private static Instant parse(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException iso) {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException instantForm) {
                try {
                    return OffsetDateTime.parse(text, MINUTES).toInstant();
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException("Invalid date string '" + text + "'", e);
                }
            }
        }
    }
}
