package io.jfairing.fairing.backend.podman;

import io.jfairing.fairing.backend.FailureReasons;
import io.jfairing.fairing.backend.JobState;
import io.jfairing.fairing.backend.SupervisedJob;
import io.jfairing.fairing.container.ContainerLogLine;
import io.jfairing.fairing.container.ContainerState;
import io.jfairing.fairing.container.Podman;
import io.jfairing.fairing.container.PodmanException;
import io.jfairing.fairing.job.JobEnvironment;
import io.jfairing.fairing.job.JobException;
import io.jfairing.fairing.job.LogLine;
import io.jfairing.metadata.MetadataStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A job of the podman backend: its replicas are containers found by label; a waiting thread per container
 * ({@code podman wait}) wakes the handle when one exits. Logs come from {@code podman logs --timestamps}; a stream
 * that drops is resumed from the last timestamp seen, skipping the lines already given, so none is lost or repeated.
 */
final class PodmanJobHandle extends SupervisedJob {
    private static final String START_ERROR = "start-error";
    private static final String FINAL = "final";
    private static final String ARCHIVED_LOG = "log";
    private static final String CREATED = "created";

    private final Podman podman;
    private final Duration stopGrace;
    private final AtomicBoolean watching = new AtomicBoolean();

    PodmanJobHandle(Podman podman, JobState state, JobState.JobRecord record, MetadataStore store, Duration stopGrace) {
        super(state, record, store);
        this.podman = podman;
        this.stopGrace = stopGrace;
    }

    static String containerName(String job, String replica) {
        return job + "-" + replica;
    }

    static Path startError(JobState state, String replica) {
        return state.replica(replica).resolve(START_ERROR);
    }

    private String container(String replica) {
        return containerName(name(), replica);
    }

    @Override
    protected Duration pollInterval() {
        return Duration.ofMillis(500); // each look runs podman; the wait threads wake waiters at once
    }

    static Path createdMarker(JobState state, String replica) {
        return state.replica(replica).resolve(CREATED);
    }

    /** Watches every replica (a handle from {@code attach}). */
    void startWatching() {
        if (!watching.compareAndSet(false, true)) {
            return;
        }
        for (String replica : record.replicas()) {
            watch(replica);
        }
    }

    /**
     * A thread blocks in {@code podman wait} for the replica's container and wakes the handle when it exits. It waits
     * for the container to be created by looking for the marker the starting thread writes (no podman call).
     */
    void watch(String replica) {
        Thread t = new Thread(
                () -> {
                    try {
                        if (awaitCreated(replica)) {
                            podman.await(container(replica));
                        }
                    } catch (PodmanException | RuntimeException e) {
                        // gone: the next look tells
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    poke();
                },
                "jfairing-podman-wait-" + container(replica));
        t.setDaemon(true);
        t.start();
    }

    /** Blocks until the container was created (true), or will never be (false: start or pull error, job ended). */
    private boolean awaitCreated(String replica) throws InterruptedException {
        while (true) {
            if (Files.exists(createdMarker(state, replica))) {
                return true;
            }
            if (ended() || Files.exists(startError(state, replica)) || state.has(JobState.IMAGE_PULL_ERROR)) {
                return false;
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    @Override
    protected List<Observed> observe() throws IOException {
        Map<String, ContainerState> containers = new HashMap<>();
        try {
            for (ContainerState c : podman.list(Map.of(JobEnvironment.LABEL_JOB_NAME, name()))) {
                containers.put(c.labels().getOrDefault(PodmanJobBackend.LABEL_REPLICA, ""), c);
            }
        } catch (PodmanException e) {
            throw new IOException(e.getMessage(), e);
        }
        List<Observed> out = new ArrayList<>();
        for (String r : record.replicas()) {
            Path kept = state.replica(r).resolve(FINAL);
            ContainerState c = containers.get(r);
            if (c == null && Files.exists(kept)) {
                String[] f = Files.readString(kept).strip().split(" ");
                out.add(new Observed(
                        r, true, false, Integer.valueOf(f[0]), Boolean.parseBoolean(f[1]), Long.parseLong(f[2])));
            } else if (Files.exists(startError(state, r)) && (c == null || !c.running())) {
                out.add(new Observed(
                        r,
                        true,
                        false,
                        c != null && c.exitCode() != null && c.exitCode() != 0 ? c.exitCode() : 128,
                        false,
                        Files.getLastModifiedTime(startError(state, r)).toMillis(),
                        FailureReasons.CONTAINER_CANNOT_RUN));
            } else if (c == null || c.status().equals("created") || c.status().equals("configured")) {
                out.add(new Observed(r, false, false, null, false, 0));
            } else if (c.exited()) {
                out.add(new Observed(
                        r,
                        true,
                        false,
                        c.exitCode(),
                        c.oomKilled(),
                        c.finishedAt() == null
                                ? System.currentTimeMillis()
                                : c.finishedAt().toEpochMilli()));
            } else {
                out.add(new Observed(r, true, true, null, false, 0));
            }
        }
        return out;
    }

    @Override
    protected List<String> lastLines(String replica, int n) throws IOException {
        if (Files.exists(startError(state, replica))) {
            return Files.readAllLines(startError(state, replica));
        }
        List<String> lines = new ArrayList<>();
        try {
            readLogs(replica, line -> lines.add(line.text()));
        } catch (JobException e) {
            throw new IOException(e.getMessage(), e);
        }
        return lines.size() <= n ? lines : lines.subList(lines.size() - n, lines.size());
    }

    @Override
    protected void stop(List<String> replicas) throws IOException {
        List<CompletableFuture<Void>> stops = new ArrayList<>();
        for (String r : replicas) {
            stops.add(CompletableFuture.runAsync(() -> {
                try {
                    podman.stop(container(r), stopGrace);
                } catch (PodmanException e) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
            }));
        }
        try {
            CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new)).join();
        } catch (RuntimeException e) {
            throw new IOException("cannot stop the containers of job " + name() + ": " + e.getMessage(), e);
        }
    }

    /** Keeps each container's logs and exit in the state folder, then removes the containers. */
    @Override
    protected void removeResources(boolean all) throws IOException {
        try {
            for (String r : record.replicas()) {
                java.util.Optional<ContainerState> c = podman.inspect(container(r));
                if (c.isEmpty()) {
                    continue;
                }
                if (!all) {
                    Files.createDirectories(state.replica(r));
                    List<String> raw = new ArrayList<>();
                    Process logs = podman.logs(container(r), false, null);
                    try (BufferedReader in =
                            new BufferedReader(new InputStreamReader(logs.getInputStream(), StandardCharsets.UTF_8))) {
                        in.lines()
                                .filter(l -> ContainerLogLine.parse(l).time() != null)
                                .forEach(raw::add);
                    }
                    Files.write(state.replica(r).resolve(ARCHIVED_LOG), raw);
                    ContainerState s = c.get();
                    Files.writeString(
                            state.replica(r).resolve(FINAL),
                            (s.exitCode() == null ? 137 : s.exitCode()) + " " + s.oomKilled() + " "
                                    + (s.finishedAt() == null
                                            ? System.currentTimeMillis()
                                            : s.finishedAt().toEpochMilli())
                                    + "\n");
                }
                podman.remove(container(r));
            }
        } catch (PodmanException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    @Override
    public Subscription followLogs(Consumer<LogLine> sink) throws JobException {
        Objects.requireNonNull(sink, "sink");
        AtomicBoolean open = new AtomicBoolean(true);
        Object lock = new Object();
        List<Process> streams = java.util.Collections.synchronizedList(new ArrayList<>());
        for (String replica : record.replicas()) {
            Thread t = new Thread(
                    () -> follow(
                            replica,
                            line -> {
                                synchronized (lock) {
                                    if (open.get()) {
                                        sink.accept(line);
                                    }
                                }
                            },
                            open,
                            streams),
                    "jfairing-podman-logs-" + container(replica));
            t.setDaemon(true);
            t.start();
        }
        return () -> {
            open.set(false);
            synchronized (streams) {
                streams.forEach(Process::destroy);
            }
        };
    }

    private void follow(String replica, Consumer<LogLine> sink, AtomicBoolean open, List<Process> streams) {
        LogResume resume = new LogResume();
        Consumer<ContainerLogLine> emit = line -> sink.accept(toLogLine(replica, line));
        try {
            if (!awaitCreated(replica)) {
                return;
            }
            while (open.get()) {
                if (readArchive(replica, resume, emit)) {
                    return;
                }
                Process stream = podman.logs(container(replica), true, resume.since());
                streams.add(stream);
                try (BufferedReader in =
                        new BufferedReader(new InputStreamReader(stream.getInputStream(), StandardCharsets.UTF_8))) {
                    String raw;
                    while ((raw = in.readLine()) != null) {
                        ContainerLogLine line = ContainerLogLine.parse(raw);
                        if (line.time() != null) { // every container line has its time; podman's own messages do not
                            resume.offer(line, emit);
                        }
                    }
                } finally {
                    streams.remove(stream);
                    stream.destroy();
                }
                java.util.Optional<ContainerState> after = podman.inspect(container(replica));
                if (after.isEmpty()) {
                    // removed by the cleanup policy, maybe while the stream was read: the rest is in the archived log
                    readArchive(replica, resume, emit);
                    return;
                }
                if (after.get().exited()) {
                    return; // the stream ended because the container did: every line was read
                }
                Thread.sleep(100); // the stream dropped while the container runs: resume from the last line's time
            }
        } catch (PodmanException | IOException e) {
            // podman gone or the job deleted
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Gives the lines of the log kept when the container was removed, past those given; false when there is none. */
    private boolean readArchive(String replica, LogResume resume, Consumer<ContainerLogLine> emit) throws IOException {
        Path archived = state.replica(replica).resolve(ARCHIVED_LOG);
        if (!Files.exists(archived)) {
            return false;
        }
        resume.since();
        for (String raw : Files.readAllLines(archived)) {
            resume.offer(ContainerLogLine.parse(raw), emit);
        }
        return true;
    }

    private static LogLine toLogLine(String replica, ContainerLogLine line) {
        return new LogLine(replica, line.text(), line.time() == null ? Instant.now() : line.time());
    }

    @Override
    public List<LogLine> logs() throws JobException {
        List<LogLine> out = new ArrayList<>();
        for (String replica : record.replicas()) {
            readLogs(replica, line -> out.add(toLogLine(replica, line)));
        }
        return out;
    }

    private void readLogs(String replica, Consumer<ContainerLogLine> sink) throws JobException {
        try {
            Path archived = state.replica(replica).resolve(ARCHIVED_LOG);
            if (podman.inspect(container(replica)).isEmpty()) {
                if (Files.exists(archived)) {
                    Files.readAllLines(archived).forEach(raw -> sink.accept(ContainerLogLine.parse(raw)));
                }
                return;
            }
            Process logs = podman.logs(container(replica), false, null);
            try (BufferedReader in =
                    new BufferedReader(new InputStreamReader(logs.getInputStream(), StandardCharsets.UTF_8))) {
                in.lines()
                        .map(ContainerLogLine::parse)
                        .filter(l -> l.time() != null)
                        .forEach(sink);
            }
        } catch (PodmanException | IOException e) {
            throw new JobException("cannot read the logs of " + container(replica) + ": " + e.getMessage(), e);
        }
    }
}
