package io.jfairing.metadata;

import io.jfairing.metadata.mlmd.Artifact;
import io.jfairing.metadata.mlmd.Event;
import io.jfairing.metadata.mlmd.Execution;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The lineage subgraph around an artifact: the artifacts and executions reached within {@code maxHops} edges
 * (artifact to execution is one hop, execution to artifact another), and the events (edges) between them.
 * Upstream follows what the artifact was made from; downstream what was made from it; BOTH is the union of the
 * two walks (siblings reached by turning around are not included).
 */
public record Lineage(
        long artifactId,
        LineageDirection direction,
        int maxHops,
        List<Artifact> artifacts,
        List<Execution> executions,
        List<Event> events) {

    public Lineage {
        artifacts = List.copyOf(artifacts);
        executions = List.copyOf(executions);
        events = List.copyOf(events);
    }

    public Optional<Artifact> artifact(long id) {
        return artifacts.stream().filter(a -> a.id() == id).findFirst();
    }

    public Optional<Execution> execution(long id) {
        return executions.stream().filter(e -> e.id() == id).findFirst();
    }

    /** Ids of the executions in this subgraph that wrote {@code artifactId}. */
    public List<Long> producersOf(long artifactId) {
        return events.stream()
                .filter(e -> e.artifactId() == artifactId && e.type().isOutput())
                .map(Event::executionId)
                .distinct()
                .collect(Collectors.toList());
    }

    /** Ids of the executions in this subgraph that read {@code artifactId}. */
    public List<Long> consumersOf(long artifactId) {
        return events.stream()
                .filter(e -> e.artifactId() == artifactId && e.type().isInput())
                .map(Event::executionId)
                .distinct()
                .collect(Collectors.toList());
    }

    /** Ids of the artifacts in this subgraph that {@code executionId} read. */
    public List<Long> inputsOf(long executionId) {
        return events.stream()
                .filter(e -> e.executionId() == executionId && e.type().isInput())
                .map(Event::artifactId)
                .distinct()
                .collect(Collectors.toList());
    }

    /** Ids of the artifacts in this subgraph that {@code executionId} wrote. */
    public List<Long> outputsOf(long executionId) {
        return events.stream()
                .filter(e -> e.executionId() == executionId && e.type().isOutput())
                .map(Event::artifactId)
                .distinct()
                .collect(Collectors.toList());
    }
}
