package io.jfairing.metadata;

/**
 * An experiment: a named group of runs. Stored as an MLMD context of type {@code jfairing.Experiment}; its id is
 * that context's id.
 */
public record Experiment(long id, String name, Long createTime) {}
