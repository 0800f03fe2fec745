package io.jfairing.metadata.registry;

import java.util.List;
import java.util.Map;

/**
 * One registered version of a model: the model artifact a run wrote, numbered within its model.
 *
 * @param artifactId the {@code system.Model} artifact (its lineage leads to the run and the datasets it read)
 * @param runId the run that wrote the artifact; null when the artifact was registered without a run
 * @param uri where the model file is (the artifact's uri)
 * @param aliases the aliases that point to this version
 * @param deployments the deployments recorded as serving this version
 */
public record ModelVersion(
        String model,
        int version,
        long artifactId,
        Long runId,
        String uri,
        String description,
        Map<String, String> tags,
        List<String> aliases,
        List<String> deployments,
        long createTime,
        long updateTime) {

    public ModelVersion {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
        deployments = deployments == null ? List.of() : List.copyOf(deployments);
    }

    /** This version as a fixed reference, {@code models:/NAME/VERSION}. */
    public ModelReference reference() {
        return ModelReference.ofVersion(model, version);
    }
}
