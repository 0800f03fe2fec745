package io.jfairing.metadata;

/** Which way to walk the lineage graph from an artifact. */
public enum LineageDirection {
    /** Towards what the artifact was made from: the executions that output it, their inputs, and so on. */
    UPSTREAM,
    /** Towards what was made from the artifact: the executions that read it, their outputs, and so on. */
    DOWNSTREAM,
    BOTH
}
