package io.jfairing.metadata.registry;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What to register as a new model version: a run's model artifact (the only {@code system.Model} the run wrote,
 * or the one {@code artifactId} names), or an artifact alone.
 *
 * @param runId the run that wrote the model; null when {@code artifactId} is given
 * @param artifactId the model artifact; null to take the run's only model output
 */
public record VersionSpec(Long runId, Long artifactId, String description, Map<String, String> tags) {

    public VersionSpec {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }

    public static VersionSpec ofRun(long runId) {
        return new VersionSpec(runId, null, null, Map.of());
    }

    public static VersionSpec ofArtifact(long artifactId) {
        return new VersionSpec(null, artifactId, null, Map.of());
    }

    public VersionSpec withDescription(String text) {
        return new VersionSpec(runId, artifactId, text, tags);
    }

    public VersionSpec withTag(String key, String value) {
        Map<String, String> t = new LinkedHashMap<>(tags);
        t.put(key, value);
        return new VersionSpec(runId, artifactId, description, t);
    }
}
