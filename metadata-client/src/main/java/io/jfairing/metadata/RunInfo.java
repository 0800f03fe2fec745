package io.jfairing.metadata;

import java.util.Map;

/**
 * A run as stored: identity, status, times, params, tags and the latest value of each metric.
 *
 * @param id the run's id (the id of its MLMD execution)
 * @param uuid a globally unique id (the execution's external id), stable when data moves between stores
 * @param startTime milliseconds since the epoch
 * @param endTime milliseconds since the epoch; null while running
 * @param metrics the latest value of each metric (highest step, then latest timestamp)
 */
public record RunInfo(
        long id,
        String uuid,
        long experimentId,
        String name,
        RunStatus status,
        long startTime,
        Long endTime,
        Map<String, String> params,
        Map<String, String> tags,
        Map<String, Double> metrics) {

    public RunInfo {
        params = params == null ? Map.of() : Map.copyOf(params);
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
    }
}
