package io.jfairing.fairing.backend.kubernetes;

import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Serves pod logs from the mock API server as a kubelet would (the CRUD mode serves none): each container's lines with
 * their timestamps, {@code timestamps=true}, {@code sinceTime} (whole seconds: lines of that second on),
 * {@code tailLines}, {@code follow=true}. A mock response cannot stay open, so a followed stream ends after the lines
 * written so far, as a broken stream would; {@link #cutNextFollow} makes the next one end in the middle of a line.
 */
final class KubeletLogs {
    private final KubernetesMockServer server;
    private final String namespace;
    private final Map<String, List<Instant>> times = new ConcurrentHashMap<>();
    private final Map<String, List<String>> texts = new ConcurrentHashMap<>();
    private final Set<String> registered = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> cuts = new ConcurrentHashMap<>();
    private final Map<String, Integer> followRequests = new ConcurrentHashMap<>();
    private Instant clock = Instant.parse("2026-01-01T10:00:00Z");

    KubeletLogs(KubernetesMockServer server, String namespace) {
        this.server = server;
        this.namespace = namespace;
    }

    /** Appends lines, 300 ms apart, so that several share a second (as sinceTime repeats them). */
    synchronized void write(String pod, String container, String... lines) {
        String key = pod + "/" + container;
        for (String line : lines) {
            clock = clock.plusMillis(300);
            times.computeIfAbsent(key, k -> new ArrayList<>()).add(clock);
            texts.computeIfAbsent(key, k -> new ArrayList<>()).add(line);
            register(pod, container, "");
            register(pod, container, "&sinceTime=" + clock.truncatedTo(ChronoUnit.SECONDS));
        }
    }

    /** The next followed stream of the container ends after {@code lines} lines and half of the next one. */
    void cutNextFollow(String pod, String container, int lines) {
        cuts.put(pod + "/" + container, lines);
    }

    /** How many times the container's log was opened with follow=true. */
    int followRequests(String pod, String container) {
        return followRequests.getOrDefault(pod + "/" + container, 0);
    }

    private void register(String pod, String container, String since) {
        String base = "/api/v1/namespaces/" + namespace + "/pods/" + pod + "/log?pretty=false&container=" + container;
        if (!registered.add(base + since)) {
            return;
        }
        Instant from = since.isEmpty() ? Instant.MIN : Instant.parse(since.substring("&sinceTime=".length()));
        String key = pod + "/" + container;
        server.expect()
                .get()
                .withPath(base + since + "&timestamps=true&follow=true")
                .andReply(200, request -> follow(key, from))
                .always();
        server.expect()
                .get()
                .withPath(base + since + "&timestamps=true")
                .andReply(200, request -> body(key, from, true, Integer.MAX_VALUE))
                .always();
        if (since.isEmpty()) {
            server.expect()
                    .get()
                    .withPath(base + "&tailLines=20")
                    .andReply(200, request -> tail(key, 20))
                    .always();
            server.expect()
                    .get()
                    .withPath(base)
                    .andReply(200, request -> body(key, Instant.MIN, false, Integer.MAX_VALUE))
                    .always();
        }
    }

    private String follow(String key, Instant from) {
        followRequests.merge(key, 1, Integer::sum);
        Integer cut = cuts.remove(key);
        if (cut == null) {
            return body(key, from, true, Integer.MAX_VALUE);
        }
        String whole = body(key, from, true, cut + 1);
        // end in the middle of the last line: its first half arrives, its line feed does not
        int lastStart = whole.lastIndexOf('\n', whole.length() - 2) + 1;
        return whole.substring(0, lastStart + (whole.length() - lastStart) / 2);
    }

    private synchronized String body(String key, Instant from, boolean timestamps, int max) {
        List<Instant> t = times.getOrDefault(key, List.of());
        List<String> x = texts.getOrDefault(key, List.of());
        StringBuilder out = new StringBuilder();
        int n = 0;
        for (int i = 0; i < t.size() && n < max; i++) {
            if (!t.get(i).isBefore(from)) {
                out.append(timestamps ? t.get(i) + " " : "").append(x.get(i)).append('\n');
                n++;
            }
        }
        return out.toString();
    }

    private synchronized String tail(String key, int lines) {
        List<String> x = texts.getOrDefault(key, List.of());
        return x.subList(Math.max(0, x.size() - lines), x.size()).stream()
                .map(l -> l + "\n")
                .collect(Collectors.joining());
    }
}
