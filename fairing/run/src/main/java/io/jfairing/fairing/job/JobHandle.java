package io.jfairing.fairing.job;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * A submitted job, wherever it runs. Thread-safe. Re-attach from another process with {@link Backend#attach(String)}.
 *
 * <pre>{@code
 * JobHandle job = backend.submit(request);
 * try (Subscription logs = job.followLogs(System.out::println)) {
 *     job.waitForCompletion(Duration.ofMinutes(30)).orThrow();
 * }
 * }</pre>
 */
public interface JobHandle {
    /** The job's name (valid for the backend: RFC 1035 on Kubernetes). */
    String name();

    /** The {@link Backend#name()} it runs on. */
    String backend();

    /** The current status, asked for now. */
    JobStatus status() throws JobException;

    /**
     * Calls {@code listener} with the current status and then with each change (phase, a replica's phase, the message)
     * until the job ends or the subscription is closed. A dropped watch is re-established; no change is lost.
     */
    Subscription onStatus(Consumer<JobStatus> listener) throws JobException;

    /**
     * Follows the logs of every replica live, from the first line, each line once and in order per replica, until
     * every replica ended or the subscription is closed. Replicas that start later are followed when they start.
     * A dropped log stream resumes where it stopped, without losing or repeating lines.
     */
    Subscription followLogs(Consumer<LogLine> sink) throws JobException;

    /** The logs written so far by every replica (replica by replica, in order within each). */
    List<LogLine> logs() throws JobException;

    /**
     * Blocks until the job ends, then returns how it ended (a failed job is an outcome, not an exception).
     *
     * @throws JobException         when the job cannot be watched (deleted meanwhile, API server gone for longer
     *                              than the retry window) or the timeout passed (the job keeps running)
     * @throws InterruptedException when interrupted: the job keeps running; cancel it if that is wanted
     */
    JobOutcome waitForCompletion(Duration timeout) throws JobException, InterruptedException;

    /** Stops a running job (its processes, containers or pods) and keeps its record; does nothing once it ended. */
    void cancel() throws JobException;

    /** Removes the job and what it left (pods, containers, work folders). Its metadata run stays. */
    void delete() throws JobException;

    /** The metadata store's run recording this job, or null when it is not recorded. */
    Long runId();

    /** A listener or log follower to stop. */
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
