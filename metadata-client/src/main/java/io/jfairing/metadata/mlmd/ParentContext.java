package io.jfairing.metadata.mlmd;

/** Makes {@code parentContextId} a parent of {@code childContextId}. Cycles are rejected. */
public record ParentContext(long childContextId, long parentContextId) {}
