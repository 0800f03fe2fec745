package io.jfairing.fairing.pipeline.local;

/** How a step of a local pipeline run ended. */
public enum StepState {
    /** Ran and succeeded (perhaps after retries). */
    SUCCEEDED,
    /** Not run: the cache held its outputs for the same code, image and inputs. */
    CACHED,
    /** Ran and failed on every try. */
    FAILED,
    /** Not run: its condition did not hold. */
    NOT_TRIGGERED,
    /** Not run, because a step before it (or another branch) failed. */
    SKIPPED
}
