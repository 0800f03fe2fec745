package io.jfairing.fairing.serve;

import java.util.Arrays;

/** What the handles share while they wait for a model server: a pause, and the end of a log for an error message. */
final class Polling {
    private static final int TAIL_LINES = 30;

    private Polling() {}

    static void sleep(long millis) throws ServeException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServeException("interrupted while waiting for the model server", e);
        }
    }

    /** The last lines of a log. */
    static String tail(String log) {
        String[] lines = log.split("\n");
        return String.join("\n", Arrays.asList(lines).subList(Math.max(0, lines.length - TAIL_LINES), lines.length));
    }
}
