package io.jfairing.fairing.job;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/** A running sweep: trials as they finish, the best one so far, and the outcome. Thread-safe. */
public interface TuningHandle {
    String name();

    /** Every trial so far, in the order they were started. */
    List<Trial> trials() throws JobException;

    /** Calls {@code listener} for each trial already finished, then for each trial as it finishes. */
    JobHandle.Subscription onTrial(Consumer<Trial> listener) throws JobException;

    /** Blocks until the sweep ends (all trials ran, the goal was reached, or too many failed). */
    TuningOutcome waitForCompletion(Duration timeout) throws JobException, InterruptedException;

    /** Stops the running trials and starts no more. */
    void cancel() throws JobException;

    /** Removes the sweep and its trials' jobs. */
    void delete() throws JobException;
}
