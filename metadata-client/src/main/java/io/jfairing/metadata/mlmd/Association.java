package io.jfairing.metadata.mlmd;

/** Puts an execution into a context. */
public record Association(long contextId, long executionId) {}
