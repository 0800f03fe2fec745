package io.jfairing.metadata.mlmd;

import java.util.List;
import java.util.Optional;

/**
 * The ML Metadata (MLMD) view of a store: types, artifacts, executions, contexts, events, attributions,
 * associations and parent contexts, following MLMD's data model so that data can be exchanged with Kubeflow
 * Pipelines. Obtain it with {@code MetadataStore.mlmd()}. The embedded store and the HTTP client implement it
 * alike.
 *
 * <p>Differences from MLMD, on purpose: artifact and execution names need not be unique within a type (many runs
 * log a model called {@code model}); context names are unique within a type, as in MLMD.
 */
public interface MlmdStore {

    /**
     * Stores a type, or returns the stored one of the same kind and name. Adding properties to an existing type is
     * allowed; changing the data type of an existing property is a conflict.
     *
     * @return the stored type, with its id
     */
    Type putType(Type type);

    Optional<Type> getType(TypeKind kind, String name);

    List<Type> getTypes(TypeKind kind);

    /** Creates the artifact (id null) or updates it (id set). Properties are checked against the type. */
    Artifact putArtifact(Artifact artifact);

    Execution putExecution(Execution execution);

    Context putContext(Context context);

    /** Stores the events, all or none. */
    void putEvents(List<Event> events);

    /** Stores attributions and associations, all or none; existing ones are left as they are. */
    void putAttributionsAndAssociations(List<Attribution> attributions, List<Association> associations);

    /** Stores parent-context links, all or none; a link that would make a cycle is rejected. */
    void putParentContexts(List<ParentContext> parentContexts);

    List<Artifact> findArtifacts(MlmdQuery query);

    List<Execution> findExecutions(MlmdQuery query);

    List<Context> findContexts(MlmdQuery query);

    /** Events touching any of the given artifacts or any of the given executions. */
    List<Event> findEvents(List<Long> artifactIds, List<Long> executionIds);

    default Optional<Artifact> getArtifact(long id) {
        return findArtifacts(MlmdQuery.byId(id)).stream().findFirst();
    }

    default Optional<Execution> getExecution(long id) {
        return findExecutions(MlmdQuery.byId(id)).stream().findFirst();
    }

    default Optional<Context> getContext(long id) {
        return findContexts(MlmdQuery.byId(id)).stream().findFirst();
    }

    default Optional<Context> getContext(String type, String name) {
        return findContexts(MlmdQuery.byTypeAndName(type, name)).stream().findFirst();
    }
}
