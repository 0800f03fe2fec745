package io.jfairing.fairing.backend.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.BytesLimitTerminateTimeTailPrettyLoggable;
import io.fabric8.kubernetes.client.dsl.LogWatch;
import io.fabric8.kubernetes.client.dsl.Loggable;
import io.jfairing.fairing.job.LogLine;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Follows one replica's container log ({@code follow=true&timestamps=true}) from its first line until the container
 * ended, reconnecting from where it stopped ({@code sinceTime}, then {@link LogCursor} drops the repeated lines)
 * when the stream ends while the container still runs. Once the container ended, a last read without follow picks
 * up whatever the broken stream missed. A line is delivered only once its line feed arrived, so a stream cut in
 * the middle of a line does not deliver half of it.
 */
final class PodLogStream implements Runnable {
    private final KubernetesClient client;
    private final String namespace;
    private final String pod;
    private final String container;
    private final String replica;
    private final Consumer<LogLine> sink;
    private final BooleanSupplier containerEnded;
    private final Duration retryDelay;
    private final LogCursor cursor = new LogCursor();
    private volatile boolean closed;
    private volatile LogWatch current;
    private int reconnects;

    PodLogStream(
            KubernetesClient client,
            String namespace,
            String pod,
            String container,
            String replica,
            Consumer<LogLine> sink,
            BooleanSupplier containerEnded,
            Duration retryDelay) {
        this.client = client;
        this.namespace = namespace;
        this.pod = pod;
        this.container = container;
        this.replica = replica;
        this.sink = sink;
        this.containerEnded = containerEnded;
        this.retryDelay = retryDelay;
    }

    @Override
    public void run() {
        boolean first = true;
        while (!closed) {
            boolean ended = containerEnded.getAsBoolean();
            if (!first) {
                cursor.reconnected();
            }
            first = false;
            try {
                if (ended) {
                    try (InputStream in = loggable().getLogInputStream()) {
                        read(in, true);
                    }
                    return;
                }
                LogWatch watch = loggable().watchLog();
                current = watch;
                try (watch;
                        InputStream in = watch.getOutput()) {
                    read(in, false);
                }
            } catch (KubernetesClientException | IOException e) {
                if (closed) {
                    return;
                }
                if (e instanceof KubernetesClientException k
                        && (k.getCode() == 404 || k.getCode() == 401 || k.getCode() == 403)) {
                    // the pod is gone (deleted with the job), or its log may not be read (RBAC "get pods/log"):
                    // retrying cannot help
                    return;
                }
            } finally {
                current = null;
            }
            reconnects++;
            sleep();
        }
    }

    /** How many times the stream was opened again after it broke or ended early. */
    int reconnects() {
        return reconnects;
    }

    void close() {
        closed = true;
        LogWatch w = current;
        if (w != null) {
            w.close();
        }
    }

    private Loggable loggable() {
        BytesLimitTerminateTimeTailPrettyLoggable logs = client.pods()
                .inNamespace(namespace)
                .withName(pod)
                .inContainer(container)
                .usingTimestamps();
        String since = cursor.sinceTime();
        return since == null ? logs : logs.sinceTime(since);
    }

    private void read(InputStream in, boolean acceptUnterminated) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        byte[] buffer = new byte[8192];
        int n;
        while (!closed && (n = in.read(buffer)) >= 0) {
            for (int i = 0; i < n; i++) {
                byte b = buffer[i];
                if (b == '\n') {
                    deliver(line);
                    line.reset();
                } else {
                    line.write(b);
                }
            }
        }
        if (acceptUnterminated && line.size() > 0 && !closed) {
            deliver(line);
        }
    }

    private void deliver(ByteArrayOutputStream bytes) {
        String text = bytes.toString(StandardCharsets.UTF_8);
        if (text.endsWith("\r")) {
            text = text.substring(0, text.length() - 1);
        }
        LogCursor.Entry entry = LogCursor.parse(text, Instant.now());
        if (cursor.advance(entry)) {
            sink.accept(new LogLine(replica, entry.text(), entry.time()));
        }
    }

    private void sleep() {
        try {
            Thread.sleep(retryDelay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }
}
