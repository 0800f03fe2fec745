package io.jfairing.metadata.mlmd;

import java.util.List;
import java.util.Objects;

/**
 * An edge between an execution and an artifact: the execution read ({@code INPUT}) or wrote ({@code OUTPUT}) the
 * artifact. The path names the artifact within the execution (for example {@code ["train"]} or
 * {@code ["shards", 3]}).
 *
 * @param time milliseconds since the epoch; set by the store when null
 */
public record Event(long artifactId, long executionId, Type type, List<Step> path, Long time) {

    public Event {
        Objects.requireNonNull(type, "type");
        path = path == null ? List.of() : List.copyOf(path);
    }

    public static Event input(long artifactId, long executionId, String name) {
        return new Event(artifactId, executionId, Type.INPUT, name == null ? List.of() : List.of(Step.key(name)), null);
    }

    public static Event output(long artifactId, long executionId, String name) {
        return new Event(
                artifactId, executionId, Type.OUTPUT, name == null ? List.of() : List.of(Step.key(name)), null);
    }

    /** The path as a string, for example {@code train} or {@code shards/3}. */
    public String pathName() {
        StringBuilder sb = new StringBuilder();
        for (Step s : path) {
            if (sb.length() > 0) {
                sb.append('/');
            }
            sb.append(s.key() != null ? s.key() : String.valueOf(s.index()));
        }
        return sb.toString();
    }

    /** MLMD's {@code Event.Type}. */
    public enum Type {
        UNKNOWN,
        DECLARED_OUTPUT,
        DECLARED_INPUT,
        INPUT,
        OUTPUT,
        INTERNAL_INPUT,
        INTERNAL_OUTPUT,
        PENDING_OUTPUT;

        /** True for the types that mean the execution read the artifact. */
        public boolean isInput() {
            return this == INPUT || this == DECLARED_INPUT || this == INTERNAL_INPUT;
        }

        /** True for the types that mean the execution wrote the artifact. */
        public boolean isOutput() {
            return this == OUTPUT || this == DECLARED_OUTPUT || this == INTERNAL_OUTPUT || this == PENDING_OUTPUT;
        }
    }

    /** One step of a path: exactly one of an index or a key. */
    public record Step(Long index, String key) {
        public Step {
            if ((index == null) == (key == null)) {
                throw new IllegalArgumentException("a path step has exactly one of index and key");
            }
        }

        public static Step key(String key) {
            return new Step(null, key);
        }

        public static Step index(long index) {
            return new Step(index, null);
        }
    }
}
