package io.jfairing.metadata.registry;

import io.jfairing.metadata.InvalidRequestException;
import io.jfairing.metadata.MetadataStore;
import io.jfairing.metadata.NotFoundException;
import io.jfairing.metadata.mlmd.Artifact;
import io.jfairing.metadata.mlmd.Event;
import io.jfairing.metadata.mlmd.SystemTypes;
import java.util.ArrayList;
import java.util.List;

/**
 * The model artifact a new version is made from, found in the store's lineage: the run's only {@code system.Model}
 * output, or the artifact a {@link VersionSpec} names (which must be an output of its run when both are given).
 *
 * @param runId the run that wrote the artifact (from the spec, or the artifact's producing execution); may be null
 */
public record ModelSource(Artifact artifact, Long runId) {

    /** Finds the source of {@code spec} in {@code store}. */
    public static ModelSource find(MetadataStore store, VersionSpec spec) {
        if (spec.runId() == null && spec.artifactId() == null) {
            throw new InvalidRequestException("a model version is made from a run (runId) or a model artifact"
                    + " (artifactId): give at least one");
        }
        if (spec.artifactId() != null) {
            Artifact a = store.mlmd()
                    .getArtifact(spec.artifactId())
                    .orElseThrow(() -> new NotFoundException("artifact " + spec.artifactId() + " does not exist"));
            if (!SystemTypes.MODEL.equals(a.type())) {
                throw new InvalidRequestException("artifact " + a.id() + " is a " + a.type() + ", not a "
                        + SystemTypes.MODEL + ": register a model the run logged with run.logModel(...)");
            }
            List<Long> producers = producers(store, a.id());
            if (spec.runId() != null && !producers.contains(spec.runId())) {
                store.getRun(spec.runId());
                throw new InvalidRequestException(
                        "artifact " + a.id() + " is not an output of run " + spec.runId() + producersText(producers));
            }
            Long run = spec.runId() != null ? spec.runId() : producers.isEmpty() ? null : producers.get(0);
            return new ModelSource(a, run);
        }
        long runId = spec.runId();
        store.getRun(runId);
        List<Long> ids = new ArrayList<>();
        for (Event e : store.mlmd().findEvents(List.of(), List.of(runId))) {
            if (e.type() == Event.Type.OUTPUT && !ids.contains(e.artifactId())) {
                ids.add(e.artifactId());
            }
        }
        List<Artifact> models = new ArrayList<>();
        for (Long id : ids) {
            store.mlmd()
                    .getArtifact(id)
                    .filter(a -> SystemTypes.MODEL.equals(a.type()))
                    .ifPresent(models::add);
        }
        if (models.isEmpty()) {
            throw new InvalidRequestException("run " + runId + " logged no model: log one with run.logModel(...)"
                    + " (or %metadata log --model), or register an artifact by its id");
        }
        if (models.size() > 1) {
            StringBuilder names = new StringBuilder();
            for (Artifact a : models) {
                names.append(names.length() == 0 ? "" : ", ")
                        .append(a.id())
                        .append(" (")
                        .append(a.name())
                        .append(')');
            }
            throw new InvalidRequestException("run " + runId + " logged " + models.size() + " models: " + names
                    + "; name the one to register by its artifact id");
        }
        return new ModelSource(models.get(0), runId);
    }

    private static List<Long> producers(MetadataStore store, long artifactId) {
        List<Long> out = new ArrayList<>();
        for (Event e : store.mlmd().findEvents(List.of(artifactId), List.of())) {
            if (e.type() == Event.Type.OUTPUT) {
                out.add(e.executionId());
            }
        }
        return out;
    }

    private static String producersText(List<Long> producers) {
        return producers.isEmpty() ? " (no run wrote it)" : " (it was written by run " + producers.get(0) + ")";
    }
}
