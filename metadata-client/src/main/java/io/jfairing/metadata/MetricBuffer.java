package io.jfairing.metadata;

import io.jfairing.metadata.wire.Json;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client-side batching of metric points: {@link #add} puts a point in an in-memory buffer (a lock and an array
 * store, well under a microsecond); a background thread swaps the buffer out and writes it in batches of at most
 * {@code maxBatch} when a batch is full or {@code flushInterval} has passed. When the buffer is full {@code add}
 * blocks until the writer has caught up: points are never dropped. {@link #flush} waits until every point added
 * before it is written; {@link #close} flushes and stops the thread.
 *
 * <p>Every batch carries an id ({@link RunBatch#batchId()}), the same on every attempt, so the store writes it
 * once however often it is sent. When the store cannot be reached (a server restarting, a network outage: a plain
 * {@link MetadataException}), the batch and every point after it go to a spool file, in order, and the writer
 * retries the oldest with backoff (up to 2 s apart) for up to {@link LogBuffering#retryFor()}, warning while the
 * store is away; when it is back the spool is re-sent and then deleted. {@code flush} and {@code close} wait for
 * an absent store at most {@link LogBuffering#closeTimeout()}, then throw {@link StillPending} (the points stay
 * spooled and the writer goes on trying). Any other error (a rejected batch) is kept and thrown from the next
 * {@code add}, {@code flush} or {@code close}.
 */
final class MetricBuffer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MetricBuffer.class);
    private static final long FIRST_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long MAX_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final long WARN_EVERY_NANOS = TimeUnit.SECONDS.toNanos(30);

    /** Points not yet written when {@code flush} or {@code close} stopped waiting for an absent store. */
    static final class StillPending extends MetadataException {
        private static final long serialVersionUID = 1L;

        StillPending(String message) {
            super(message);
        }
    }

    private final String name;
    private final Consumer<RunBatch> sink;
    private final LogBuffering options;
    private final int maxBatch;
    private final long intervalNanos;
    private final String writerId =
            UUID.randomUUID().toString().replace("-", "").substring(0, 16);

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notFull = lock.newCondition();
    private final Condition work = lock.newCondition();
    private final Condition written = lock.newCondition();

    private MetricPoint[] buffer;
    private MetricPoint[] spare;
    private int size;
    private long added;
    private long done;
    private long flushTarget;
    private boolean closed;
    private RuntimeException failure;
    private Thread thread;
    private Thread shutdownHook;

    // the writer thread's own state
    private long sequence;
    private Spool spool;
    private long outageStart;
    private long lastWarning;
    private long backoff = FIRST_BACKOFF_NANOS;
    private long nextAttempt;
    private volatile Path spoolFile;

    MetricBuffer(String name, LogBuffering options, Consumer<RunBatch> sink) {
        this.name = name;
        this.sink = sink;
        this.options = options;
        this.maxBatch = options.maxBatch();
        this.intervalNanos = options.flushInterval().toNanos();
        this.buffer = new MetricPoint[options.capacity()];
        this.spare = new MetricPoint[options.capacity()];
    }

    void add(MetricPoint p) {
        lock.lock();
        try {
            if (thread == null) {
                start();
            }
            while (size == buffer.length && failure == null && !closed) {
                notFull.awaitUninterruptibly();
            }
            if (failure != null) {
                throw failed();
            }
            if (closed) {
                throw new IllegalStateException("run " + name + " is closed");
            }
            buffer[size++] = p;
            added++;
            // the first point wakes the writer, idle since its last batch, to start its flush interval
            if (size == 1 || size == maxBatch || size == buffer.length / 2 || size == buffer.length) {
                work.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Blocks until every point added so far is written (for an absent store: at most the close timeout). */
    void flush() {
        flush(options.closeTimeout());
    }

    private void flush(Duration timeout) {
        lock.lock();
        try {
            long target = added;
            if (done >= target && failure == null) {
                return;
            }
            flushTarget = Math.max(flushTarget, target);
            work.signal();
            long left = timeout.toNanos();
            while (done < target && failure == null) {
                if (left <= 0) {
                    throw new StillPending(
                            (target - done) + " metric points of run " + name + " are not written yet after"
                                    + " waiting " + human(timeout)
                                    + " (the close timeout) for the metadata store. They are kept (spooled"
                                    + " under " + options.spoolDirectory()
                                    + ") and sent when it is back, as long as this process lives"
                                    + " (retrying for up to " + human(options.retryFor()) + ")");
                }
                try {
                    left = written.awaitNanos(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new MetadataException(
                            "interrupted while waiting for the metrics of run " + name + " to be written", e);
                }
            }
            if (failure != null) {
                throw failed();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        Thread t;
        boolean flushed = false;
        try {
            flush();
            flushed = true;
        } finally {
            lock.lock();
            try {
                closed = true;
                work.signal();
                notFull.signalAll();
                t = thread;
            } finally {
                lock.unlock();
            }
            if (t != null && t != Thread.currentThread()) {
                try {
                    t.join(flushed ? 10_000 : 100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            removeShutdownHook();
        }
    }

    private MetadataException failed() {
        if (failure instanceof MetadataException m && !(m.getClass() == MetadataException.class)) {
            return m;
        }
        return new MetadataException(
                "writing buffered metrics of run " + name + " failed: " + failure.getMessage(), failure);
    }

    private void start() {
        thread = new Thread(this::loop, "jfairing-metadata-flush-" + name);
        thread.setDaemon(true);
        thread.start();
        // a training script that forgets close() still gets its last points written when the JVM exits normally
        shutdownHook = new Thread(
                () -> {
                    try {
                        flush(
                                options.closeTimeout().compareTo(Duration.ofSeconds(30)) < 0
                                        ? options.closeTimeout()
                                        : Duration.ofSeconds(30));
                    } catch (RuntimeException e) {
                        log.warn("could not flush metrics of run {} at exit: {}", name, e.getMessage());
                    }
                },
                "jfairing-metadata-exit-flush-" + name);
        try {
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            shutdownHook = null;
        }
    }

    private void removeShutdownHook() {
        Thread hook = shutdownHook;
        shutdownHook = null;
        if (hook != null && hook != Thread.currentThread()) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is exiting; the hook runs anyway
            }
        }
    }

    private boolean spooling() {
        return spool != null && !spool.isEmpty();
    }

    private void loop() {
        while (true) {
            MetricPoint[] batch = null;
            int n = 0;
            lock.lock();
            try {
                while (size == 0 && !closed && !spooling()) {
                    work.awaitUninterruptibly();
                }
                if (size == 0 && !spooling()) { // closed, nothing left
                    if (spool != null) {
                        spool.delete();
                    }
                    return;
                }
                if (!spooling()) {
                    // wait for a full batch, a flush request, close, or the interval
                    long deadline = System.nanoTime() + intervalNanos;
                    while (size < maxBatch && !closed && flushTarget <= done) {
                        long left = deadline - System.nanoTime();
                        if (left <= 0) {
                            break;
                        }
                        try {
                            work.awaitNanos(left);
                        } catch (InterruptedException e) {
                            break;
                        }
                    }
                }
                if (size > 0 && failure == null) {
                    batch = buffer;
                    n = size;
                    buffer = spare;
                    spare = null;
                    size = 0;
                    notFull.signalAll();
                }
            } finally {
                lock.unlock();
            }
            if (batch != null) {
                send(batch, n);
                Arrays.fill(batch, 0, n, null);
                lock.lock();
                try {
                    spare = batch;
                } finally {
                    lock.unlock();
                }
            }
            if (spooling()) {
                drainSpool();
            }
        }
    }

    private void send(MetricPoint[] batch, int n) {
        for (int from = 0; from < n; from += maxBatch) {
            List<MetricPoint> chunk = List.of(Arrays.copyOfRange(batch, from, Math.min(n, from + maxBatch)));
            RunBatch b = RunBatch.ofMetrics(chunk).withBatchId(writerId + "-" + (++sequence));
            if (spooling()) {
                if (!toSpool(b, n - from)) {
                    return;
                }
                continue;
            }
            try {
                sink.accept(b);
                markDone(chunk.size());
            } catch (RuntimeException e) {
                if (!isTransient(e)) {
                    fail(
                            e,
                            n - from,
                            "dropping " + (n - from) + " metric points of run " + name + " after a failed write: "
                                    + e.getMessage());
                    return;
                }
                if (!toSpool(b, n - from)) {
                    return;
                }
                away(e);
            }
        }
    }

    private boolean toSpool(RunBatch b, long pointsLeftInBatch) {
        try {
            if (spool == null) {
                Path dir = options.spoolDirectory();
                Files.createDirectories(dir);
                spool = new Spool(dir.resolve("run-" + name + "-" + writerId + ".spool"));
                spoolFile = spool.file;
            }
            spool.append(b);
            return true;
        } catch (IOException | RuntimeException e) {
            long pending = pointsLeftInBatch + (spool == null ? 0 : spool.points);
            fail(
                    new MetadataException(
                            "cannot keep the metric points of run " + name + " in a spool file under "
                                    + options.spoolDirectory() + " while the metadata store is unreachable: "
                                    + e.getMessage(),
                            e),
                    pending,
                    "dropping " + pending + " metric points of run " + name + ": " + e.getMessage());
            return false;
        }
    }

    /** Re-sends spooled batches, oldest first, until one fails; then waits (backoff) and returns to the loop. */
    private void drainSpool() {
        if (outageStart != 0 && System.nanoTime() - nextAttempt < 0) {
            backoffWait(); // woken early by new points: they go to the spool, the store is not asked again yet
            return;
        }
        while (spooling()) {
            RunBatch b;
            try {
                b = spool.peek();
            } catch (IOException | RuntimeException e) {
                fail(
                        new MetadataException("cannot read the spool file " + spool.file + ": " + e.getMessage(), e),
                        spool.points,
                        "dropping the spooled points of run " + name + ": " + e.getMessage());
                return;
            }
            try {
                sink.accept(b);
            } catch (RuntimeException e) {
                if (!isTransient(e)) {
                    fail(
                            e,
                            spool.points,
                            "dropping " + spool.points + " spooled metric points of run " + name
                                    + " after a failed write: " + e.getMessage());
                    return;
                }
                away(e);
                if (System.nanoTime() - outageStart > options.retryFor().toNanos()) {
                    long pending = spool.points;
                    failKeepingSpool(
                            new MetadataException(
                                    "gave up writing the metrics of run " + name + ": the metadata"
                                            + " store was unreachable for " + human(options.retryFor()) + " ("
                                            + e.getMessage() + "); "
                                            + pending + " points are kept in " + spool.file,
                                    e),
                            pending);
                    return;
                }
                nextAttempt = System.nanoTime() + backoff;
                backoff = Math.min(MAX_BACKOFF_NANOS, backoff * 2);
                backoffWait();
                return;
            }
            spool.pop();
            markDone(b.metrics().size());
            backoff = FIRST_BACKOFF_NANOS; // it answers: the next failure starts the backoff over
        }
        spool.reset();
        log.info(
                "the metadata store is reachable again: the metrics of run {} held during the {} s outage are written",
                name,
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - outageStart));
        outageStart = 0;
        backoff = FIRST_BACKOFF_NANOS;
    }

    private void away(RuntimeException e) {
        long now = System.nanoTime();
        if (outageStart == 0) {
            outageStart = now;
            lastWarning = now;
            log.warn(
                    "cannot reach the metadata store for run {} ({}); its metric points are kept in {} and re-sent when"
                            + " it is back (retrying for up to {})",
                    name,
                    e.getMessage(),
                    spoolFile,
                    human(options.retryFor()));
        } else if (now - lastWarning > WARN_EVERY_NANOS) {
            lastWarning = now;
            log.warn(
                    "the metadata store is still unreachable for run {} after {} s; {} metric points wait in {}",
                    name,
                    TimeUnit.NANOSECONDS.toSeconds(now - outageStart),
                    spool == null ? 0 : spool.points,
                    spoolFile);
        }
    }

    private void backoffWait() {
        lock.lock();
        try {
            long left = nextAttempt - System.nanoTime();
            // new points keep coming: move them to the spool before the buffer fills and add() would block
            while (left > 0 && size < buffer.length / 2) {
                left = work.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            // the writer is a daemon nobody interrupts; go on
        } finally {
            lock.unlock();
        }
    }

    static String human(Duration d) {
        long ms = d.toMillis();
        return ms < 10_000 ? ms + " ms" : ms < 600_000 ? d.toSeconds() + " s" : d.toMinutes() + " min";
    }

    /** A transient error: the store could not be reached or answered 5xx (a plain MetadataException). */
    private static boolean isTransient(RuntimeException e) {
        return e.getClass() == MetadataException.class;
    }

    private void markDone(long n) {
        lock.lock();
        try {
            done += n;
            written.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void fail(RuntimeException e, long dropped, String warning) {
        log.warn(warning);
        if (spool != null) {
            spool.delete();
            spool = null;
        }
        failKeepingSpool(e, dropped);
    }

    private void failKeepingSpool(RuntimeException e, long pending) {
        if (spool != null) {
            spool.forget();
            spool = null;
        }
        lock.lock();
        try {
            if (failure == null) {
                failure = e;
            }
            // keep accounting so flush() callers wake up; the error is reported to them
            done = added;
            size = 0;
            notFull.signalAll();
            written.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Batches waiting for the store, in a file: JSON {@link RunBatch} records back to back (each with its batch id);
     * where each begins is kept in memory.
     */
    private static final class Spool {
        final Path file;
        private final FileChannel channel;
        private final ArrayDeque<long[]> records = new ArrayDeque<>(); // offset, length, points
        private long end;
        long points;

        Spool(Path file) throws IOException {
            this.file = file;
            this.channel = FileChannel.open(
                    file,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.READ,
                    StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
        }

        boolean isEmpty() {
            return records.isEmpty();
        }

        void append(RunBatch b) throws IOException {
            byte[] bytes = Json.write(b);
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            long pos = end;
            while (buf.hasRemaining()) {
                pos += channel.write(buf, pos);
            }
            records.add(new long[] {end, bytes.length, b.metrics().size()});
            end = pos;
            points += b.metrics().size();
        }

        RunBatch peek() throws IOException {
            long[] r = records.peek();
            ByteBuffer buf = ByteBuffer.allocate((int) r[1]);
            long pos = r[0];
            while (buf.hasRemaining()) {
                int k = channel.read(buf, pos);
                if (k < 0) {
                    throw new EOFException("the spool file " + file + " is shorter than what was written to it");
                }
                pos += k;
            }
            return Json.read(buf.array(), RunBatch.class);
        }

        void pop() {
            points -= records.poll()[2];
        }

        /** Empty again: start the file over. */
        void reset() {
            try {
                channel.truncate(0);
            } catch (IOException e) {
                log.debug("cannot truncate {}: {}", file, e.getMessage());
            }
            end = 0;
        }

        /** Closes the file and deletes it. */
        void delete() {
            forget();
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                log.debug("cannot delete {}: {}", file, e.getMessage());
            }
        }

        /** Closes the file and leaves it where it is. */
        void forget() {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }
}
