package io.jfairing.metadata.mlmd;

import java.util.ArrayList;
import java.util.List;

/**
 * Which artifacts, executions or contexts to find. Every condition set must hold (AND). Not every condition
 * applies to every kind of node: {@code uri} only to artifacts, {@code parentsOf}/{@code childrenOf} only to
 * contexts, {@code contextId} not to contexts; using one where it does not apply is an invalid request.
 *
 * @param ids any of these ids (empty: any)
 * @param type the type's name
 * @param name the node's name
 * @param uri the artifact's uri
 * @param contextId artifacts attributed to / executions associated with this context
 * @param artifactId executions with an event on this artifact / contexts this artifact is attributed to
 * @param executionId artifacts with an event on this execution / contexts this execution is associated with
 * @param parentsOf contexts that are parents of this context
 * @param childrenOf contexts that are children of this context
 * @param limit at most this many, newest first (default and maximum 10,000)
 */
public record MlmdQuery(
        List<Long> ids,
        String type,
        String name,
        String uri,
        Long contextId,
        Long artifactId,
        Long executionId,
        Long parentsOf,
        Long childrenOf,
        Integer limit) {

    public static final int MAX_LIMIT = 10_000;

    public MlmdQuery {
        ids = ids == null ? List.of() : List.copyOf(ids);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static MlmdQuery byId(long id) {
        return builder().id(id).build();
    }

    public static MlmdQuery byType(String type) {
        return builder().type(type).build();
    }

    public static MlmdQuery byTypeAndName(String type, String name) {
        return builder().type(type).name(name).build();
    }

    public static MlmdQuery byName(String name) {
        return builder().name(name).build();
    }

    public static MlmdQuery byUri(String uri) {
        return builder().uri(uri).build();
    }

    public static MlmdQuery inContext(long contextId) {
        return builder().contextId(contextId).build();
    }

    public static final class Builder {
        private final List<Long> ids = new ArrayList<>();
        private String type;
        private String name;
        private String uri;
        private Long contextId;
        private Long artifactId;
        private Long executionId;
        private Long parentsOf;
        private Long childrenOf;
        private Integer limit;

        public Builder id(long id) {
            ids.add(id);
            return this;
        }

        public Builder ids(List<Long> ids) {
            this.ids.addAll(ids);
            return this;
        }

        public Builder type(String type) {
            this.type = type;
            return this;
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder uri(String uri) {
            this.uri = uri;
            return this;
        }

        public Builder contextId(long contextId) {
            this.contextId = contextId;
            return this;
        }

        public Builder artifactId(long artifactId) {
            this.artifactId = artifactId;
            return this;
        }

        public Builder executionId(long executionId) {
            this.executionId = executionId;
            return this;
        }

        public Builder parentsOf(long contextId) {
            this.parentsOf = contextId;
            return this;
        }

        public Builder childrenOf(long contextId) {
            this.childrenOf = contextId;
            return this;
        }

        public Builder limit(int limit) {
            this.limit = limit;
            return this;
        }

        public MlmdQuery build() {
            return new MlmdQuery(
                    ids, type, name, uri, contextId, artifactId, executionId, parentsOf, childrenOf, limit);
        }
    }
}
