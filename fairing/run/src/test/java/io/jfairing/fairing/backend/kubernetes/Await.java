package io.jfairing.fairing.backend.kubernetes;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for something a background thread does (a watch event, a log line), failing with a description after a long while. */
final class Await {
    private Await() {}

    static void until(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }
}
