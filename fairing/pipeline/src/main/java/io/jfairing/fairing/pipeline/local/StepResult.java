package io.jfairing.fairing.pipeline.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * One step of a local pipeline run: how it ended, how many tries it took, how long, its log file, its output files by
 * name, the cache key, and the metadata run it was recorded as (null when none).
 */
public record StepResult(
        String step,
        StepState state,
        int attempts,
        Duration duration,
        Path log,
        Map<String, Path> outputs,
        String cacheKey,
        Long metadataRunId) {
    public StepResult {
        outputs = Map.copyOf(outputs);
    }
}
