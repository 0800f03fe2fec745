package io.jfairing.fairing.cli.jobs;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Durations as users write them: 30s, 5m, 1h, 250ms or ISO-8601 (PT1M); 0, none and off are zero. */
final class Durations {
    private Durations() {}

    /** The same syntax as the kernel's options (KernelOptions.parseDuration), which this module cannot see. */
    static Duration parse(String text) {
        String value = text.strip().toLowerCase(Locale.ROOT);
        if (value.isEmpty() || value.equals("0") || value.equals("none") || value.equals("off")) {
            return Duration.ZERO;
        }
        try {
            if (value.startsWith("pt") || value.startsWith("p")) {
                return Duration.parse(value.toUpperCase(Locale.ROOT));
            }
            char unit = value.charAt(value.length() - 1);
            String number = Character.isDigit(unit)
                    ? value
                    : value.substring(0, value.length() - (value.endsWith("ms") ? 2 : 1));
            long amount = Long.parseLong(number.strip());
            if (value.endsWith("ms")) {
                return Duration.ofMillis(amount);
            }
            return switch (unit) {
                case 'm' -> Duration.ofMinutes(amount);
                case 'h' -> Duration.ofHours(amount);
                default -> Duration.ofSeconds(amount);
            };
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not a duration; use e.g. 30s, 5m, 1h or PT1M");
        }
    }
}
