package io.jfairing.fairing.job;

import java.util.List;

/**
 * Where jobs run: a Kubernetes cluster, child JVMs on this machine, or podman containers on this machine.
 * Thread-safe; one per target, closed when done (it may hold a client and threads).
 */
public interface Backend extends AutoCloseable {
    /** A short name for messages and records: {@code kubernetes}, {@code local}, {@code podman}. */
    String name();

    /**
     * Creates the job and returns at once, without waiting for it to start. Everything that can be checked before
     * creation is checked first (a job kind this backend cannot run, a missing operator, a local run that lacks a
     * {@link JobRequest#program()}): then nothing is created.
     */
    JobHandle submit(JobRequest request) throws JobException;

    /** Re-attaches to a job submitted earlier (by this or another process) by its name. */
    JobHandle attach(String jobName) throws JobException;

    /** The jobs this backend knows of (submitted by jfairing), newest first. */
    List<JobStatus> list() throws JobException;

    @Override
    default void close() throws JobException {}
}
