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

    public record ErrorBody(ErrorDetail error) {}

    public record ErrorDetail(String code, String message) {}
}
