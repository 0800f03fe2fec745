package io.jfairing.fairing.container;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A container as {@code podman inspect} shows it: name, labels, status ({@code created}, {@code running},
 * {@code exited}...), exit code, whether the kernel's OOM killer ended it, and the runtime's error.
 *
 * @param exitCode null until it exited
 * @param error    empty when the runtime reported none
 */
public record ContainerState(
        String id,
        String name,
        Map<String, String> labels,
        String status,
        Integer exitCode,
        boolean oomKilled,
        String error,
        Instant startedAt,
        Instant finishedAt) {
    public ContainerState {
        labels = Map.copyOf(labels);
        error = error == null ? "" : error;
    }

    public boolean running() {
        return status.equals("running") || status.equals("paused");
    }

    public boolean exited() {
        return status.equals("exited") || status.equals("stopped") || status.equals("dead");
    }

    /** One element of {@code podman inspect}'s JSON array. */
    static ContainerState fromInspect(JsonNode node) {
        JsonNode state = node.path("State");
        Map<String, String> labels = new TreeMap<>();
        node.path("Config")
                .path("Labels")
                .fields()
                .forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        String status = state.path("Status").asText("unknown").toLowerCase(Locale.ROOT);
        boolean ended = status.equals("exited") || status.equals("stopped") || status.equals("dead");
        Integer exit = ended && state.has("ExitCode") ? state.get("ExitCode").asInt() : null;
        String name = node.path("Name").asText("");
        return new ContainerState(
                node.path("Id").asText(""),
                name.startsWith("/") ? name.substring(1) : name,
                labels,
                status,
                exit,
                state.path("OOMKilled").asBoolean(false),
                state.path("Error").asText(""),
                time(state.path("StartedAt").asText(null)),
                time(state.path("FinishedAt").asText(null)));
    }

    /** RFC 3339 with nanoseconds, as podman's JSON gives times; null for Go's zero time. */
    static Instant time(String text) {
        if (text == null || text.isBlank() || text.startsWith("0001-01-01")) {
            return null;
        }
        try {
            return java.time.OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
