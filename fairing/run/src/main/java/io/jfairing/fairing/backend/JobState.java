package io.jfairing.fairing.backend;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The state folder of one job run on this machine (local processes or podman containers), shared by every process
 * that attaches to it:
 * <pre>
 * NAME/job.json                what was submitted (replicas, run id, deadline, cleanup)
 * NAME/outcome.json            how it ended, written once by whoever saw it end first
 * NAME/cancelled, deadline-exceeded, run-finished, image-pull-error, cleaned-up   markers
 * NAME/replicas/R/log          stdout and stderr of replica R, as written
 * NAME/replicas/R/pid          local processes: "PID START_MILLIS" of its supervising shell
 * NAME/replicas/R/exit         local processes: its exit code, written by that shell when the JVM ended
 * NAME/replicas/R/stopped      marker: stopped by jfairing because another replica failed
 * NAME/replicas/R/work/        its working folder
 * </pre>
 */
public final class JobState {
    public static final String JOB_FILE = "job.json";
    public static final String OUTCOME_FILE = "outcome.json";
    public static final String CANCELLED = "cancelled";
    public static final String DEADLINE_EXCEEDED = "deadline-exceeded";
    public static final String RUN_FINISHED = "run-finished";
    public static final String IMAGE_PULL_ERROR = "image-pull-error";
    public static final String CLEANED_UP = "cleaned-up";
    public static final ObjectMapper JSON =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** What job.json holds. */
    public record JobRecord(
            String name,
            String backend,
            String kind,
            long createdAt,
            Long activeDeadlineSeconds,
            Long runId,
            String cleanup,
            List<String> replicas) {}

    /** What outcome.json holds. */
    public record OutcomeRecord(
            String phase,
            String failedReplica,
            Integer exitCode,
            String reason,
            List<String> lastLogLines,
            long durationMillis,
            long endedAt) {}

    private final Path dir;

    public JobState(Path dir) {
        this.dir = dir;
    }

    public Path path() {
        return dir;
    }

    public String name() {
        return dir.getFileName().toString();
    }

    public boolean exists() {
        return Files.isRegularFile(dir.resolve(JOB_FILE));
    }

    public Path marker(String name) {
        return dir.resolve(name);
    }

    public boolean has(String marker) {
        return Files.exists(dir.resolve(marker));
    }

    /** Creates the marker; false when it was there already (markers are created once). */
    public boolean mark(String marker) {
        return createOnce(dir.resolve(marker));
    }

    public Path replica(String replica) {
        return dir.resolve("replicas").resolve(replica);
    }

    public Path log(String replica) {
        return replica(replica).resolve("log");
    }

    public Path pidFile(String replica) {
        return replica(replica).resolve("pid");
    }

    public Path exitFile(String replica) {
        return replica(replica).resolve("exit");
    }

    public Path stoppedMarker(String replica) {
        return replica(replica).resolve("stopped");
    }

    public Path work(String replica) {
        return replica(replica).resolve("work");
    }

    public JobRecord readJob() throws IOException {
        return JSON.readValue(dir.resolve(JOB_FILE).toFile(), JobRecord.class);
    }

    public void writeJob(JobRecord record) throws IOException {
        writeAtomically(
                dir.resolve(JOB_FILE), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(record));
    }

    public OutcomeRecord readOutcome() throws IOException {
        Path file = dir.resolve(OUTCOME_FILE);
        return Files.isRegularFile(file) ? JSON.readValue(file.toFile(), OutcomeRecord.class) : null;
    }

    /** Writes outcome.json unless it exists; returns the stored one (this one, or the one written first). */
    public OutcomeRecord writeOutcomeOnce(OutcomeRecord outcome) throws IOException {
        Path file = dir.resolve(OUTCOME_FILE);
        Path temp = Files.createTempFile(dir, "outcome", ".tmp");
        Files.write(temp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(outcome));
        try {
            Files.createLink(file, temp); // atomic, fails when the file exists: the first writer wins
        } catch (FileAlreadyExistsException e) {
            // another process saw the end first
        } finally {
            Files.deleteIfExists(temp);
        }
        return readOutcome();
    }

    /** The exit code the replica's shell wrote, or null while it runs (or when it vanished). */
    public Integer exitCode(String replica) {
        try {
            String text = Files.readString(exitFile(replica)).strip();
            return text.isEmpty() ? null : Integer.valueOf(text);
        } catch (java.nio.file.NoSuchFileException e) {
            return null;
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }

    /** When the exit file was written (epoch millis), or 0. */
    public long exitTime(String replica) {
        try {
            return Files.getLastModifiedTime(exitFile(replica)).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    /** When a marker was created (epoch millis), or 0. */
    public long markerTime(String marker) {
        try {
            return Files.getLastModifiedTime(dir.resolve(marker)).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    /** The process recorded in the pid file when it is alive and is the one started (not a reused pid). */
    public java.util.Optional<ProcessHandle> process(String replica) {
        try {
            String[] parts = Files.readString(pidFile(replica)).strip().split(" ");
            long pid = Long.parseLong(parts[0]);
            long started = Long.parseLong(parts[1]);
            return ProcessHandle.of(pid)
                    .filter(ProcessHandle::isAlive)
                    .filter(p -> p.info()
                            .startInstant()
                            .map(i -> Math.abs(i.toEpochMilli() - started) < 2_000)
                            .orElse(true));
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    public boolean started(String replica) {
        return Files.exists(pidFile(replica));
    }

    public void writePid(String replica, ProcessHandle process) throws IOException {
        long started = process.info()
                .startInstant()
                .map(java.time.Instant::toEpochMilli)
                .orElse(0L);
        writeAtomically(
                pidFile(replica),
                (process.pid() + " " + started + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Deletes the whole folder (tolerating files that vanish meanwhile). */
    public void deleteAll() throws IOException {
        deleteTree(dir);
    }

    /**
     * Deletes a folder and what it holds. A file that another process writes meanwhile (the last look of a job's
     * watcher in another JVM) makes a folder non-empty again; the walk is then retried a few times.
     */
    public static void deleteTree(Path root) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                deleteTreeOnce(root);
                return;
            } catch (java.nio.file.DirectoryNotEmptyException | java.nio.file.NoSuchFileException e) {
                if (attempt == 5) {
                    throw e;
                }
            }
        }
    }

    private static void deleteTreeOnce(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static boolean createOnce(Path file) {
        try {
            Files.createFile(file);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeAtomically(Path file, byte[] bytes) throws IOException {
        Path temp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
        Files.write(temp, bytes);
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
