package io.jfairing.metadata;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What to start a run with.
 *
 * @param experimentName the experiment (created when missing); or
 * @param experimentId an existing experiment's id
 * @param name a display name; generated when null
 * @param startTime milliseconds since the epoch; now when null
 */
public record RunSpec(String experimentName, Long experimentId, String name, Map<String, String> tags, Long startTime) {

    public RunSpec {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }

    public static Builder builder(String experimentName) {
        return new Builder().experimentName(experimentName);
    }

    public static Builder builder(long experimentId) {
        return new Builder().experimentId(experimentId);
    }

    public static final class Builder {
        private String experimentName;
        private Long experimentId;
        private String name;
        private final Map<String, String> tags = new LinkedHashMap<>();
        private Long startTime;

        private Builder() {}

        public Builder experimentName(String experimentName) {
            this.experimentName = experimentName;
            return this;
        }

        public Builder experimentId(long experimentId) {
            this.experimentId = experimentId;
            return this;
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder tag(String key, String value) {
            tags.put(key, value);
            return this;
        }

        public Builder startTime(long startTime) {
            this.startTime = startTime;
            return this;
        }

        public RunSpec build() {
            return new RunSpec(experimentName, experimentId, name, tags, startTime);
        }
    }
}
