package io.jfairing.metadata.wire;

import io.jfairing.metadata.RunStatus;
import io.jfairing.metadata.mlmd.Artifact;
import io.jfairing.metadata.mlmd.Association;
import io.jfairing.metadata.mlmd.Attribution;
import io.jfairing.metadata.mlmd.Event;
import io.jfairing.metadata.mlmd.ParentContext;
import java.util.List;

/** Request and response bodies of the REST API that are not API value types themselves. */
public final class Wire {
    private Wire() {}

    public record ExperimentRequest(String name) {}

    public record EndRunRequest(RunStatus status, Long endTime) {}

    public record LogArtifactRequest(Event.Type type, String path, Artifact artifact) {}

    public record EventsRequest(List<Event> events) {}

    public record LinksRequest(List<Attribution> attributions, List<Association> associations) {}

    public record ParentContextsRequest(List<ParentContext> parentContexts) {}

    public record CreateModelRequest(String name, String description) {}

    /** A change of description (null: unchanged), tags to set and tag keys to remove. */
    public record UpdateRequest(
            String description, java.util.Map<String, String> tags, java.util.List<String> removeTags) {

        /** Splits tags where a null value means removal. */
        public static UpdateRequest of(String description, java.util.Map<String, String> tags) {
            java.util.Map<String, String> set = new java.util.LinkedHashMap<>();
            java.util.List<String> remove = new java.util.ArrayList<>();
            if (tags != null) {
                tags.forEach((k, v) -> {
                    if (v == null) {
                        remove.add(k);
                    } else {
                        set.put(k, v);
                    }
                });
            }
            return new UpdateRequest(description, set, remove);
        }

        /** Tags where a removed key has a null value. */
        public java.util.Map<String, String> changes() {
            java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
            if (tags != null) {
                out.putAll(tags);
            }
            if (removeTags != null) {
                removeTags.forEach(k -> out.put(k, null));
            }
            return out;
        }
    }

    public record AliasRequest(int version) {}

    public record DeploymentRequest(int version) {}

    public record ErrorBody(ErrorDetail error) {}

    public record ErrorDetail(String code, String message) {}
}
