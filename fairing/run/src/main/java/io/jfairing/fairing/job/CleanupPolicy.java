package io.jfairing.fairing.job;

/**
 * What is left behind once a job ended: its pods or containers, processes' work folders. Deleting after success
 * keeps failed jobs around to look at.
 */
public enum CleanupPolicy {
    KEEP,
    DELETE_ON_SUCCESS,
    DELETE_ALWAYS
}
