package io.jfairing.metadata.mlmd;

/** Puts an artifact into a context. */
public record Attribution(long contextId, long artifactId) {}
