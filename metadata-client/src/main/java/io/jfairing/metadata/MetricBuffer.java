package io.jfairing.metadata;

import java.util.Arrays;
import java.util.List;
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
 * <p>A failed write is retried (3 attempts, with backoff) when the error may be transient; after that the error is
 * kept and thrown from the next {@code add}, {@code flush} or {@code close}.
 */
final class MetricBuffer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MetricBuffer.class);
  private static final int ATTEMPTS = 3;

  private final String name;
  private final Consumer<List<MetricPoint>> sink;
  private final int maxBatch;
  private final long intervalNanos;

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

  MetricBuffer(String name, LogBuffering options, Consumer<List<MetricPoint>> sink) {
    this.name = name;
    this.sink = sink;
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
      if (size == maxBatch) {
        work.signal();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Blocks until every point added so far is written. */
  void flush() {
    lock.lock();
    try {
      long target = added;
      if (done >= target && failure == null) {
        return;
      }
      flushTarget = Math.max(flushTarget, target);
      work.signal();
      while (done < target && failure == null) {
        written.awaitUninterruptibly();
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
    try {
      flush();
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
          t.join(10_000);
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
    return new MetadataException("writing buffered metrics of run " + name + " failed: " + failure.getMessage(), failure);
  }

  private void start() {
    thread = new Thread(this::loop, "jfairing-metadata-flush-" + name);
    thread.setDaemon(true);
    thread.start();
    // a training script that forgets close() still gets its last points written when the JVM exits normally
    shutdownHook = new Thread(() -> {
      try {
        flush();
      } catch (RuntimeException e) {
        log.warn("could not flush metrics of run {} at exit: {}", name, e.getMessage());
      }
    }, "jfairing-metadata-exit-flush-" + name);
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

  private void loop() {
    while (true) {
      MetricPoint[] batch;
      int n;
      lock.lock();
      try {
        while (size == 0 && !closed) {
          work.awaitUninterruptibly();
        }
        if (size == 0 && closed) {
          return;
        }
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
        batch = buffer;
        n = size;
        buffer = spare;
        spare = null;
        size = 0;
        notFull.signalAll();
      } finally {
        lock.unlock();
      }
      RuntimeException error = write(batch, n);
      Arrays.fill(batch, 0, n, null);
      lock.lock();
      try {
        spare = batch;
        done += n;
        if (error != null && failure == null) {
          failure = error;
          notFull.signalAll();
        }
        written.signalAll();
        if (failure != null) {
          // keep accounting so flush() callers wake up; the error is reported to them
          done = added;
          size = 0;
        }
      } finally {
        lock.unlock();
      }
    }
  }

  private RuntimeException write(MetricPoint[] batch, int n) {
    for (int from = 0; from < n; from += maxBatch) {
      List<MetricPoint> chunk = Arrays.asList(batch).subList(from, Math.min(n, from + maxBatch));
      RuntimeException last = null;
      for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
        try {
          sink.accept(chunk);
          last = null;
          break;
        } catch (RuntimeException e) {
          last = e;
          boolean transientError = e.getClass() == MetadataException.class;
          if (!transientError || attempt == ATTEMPTS) {
            break;
          }
          log.debug("retrying a metric batch of run {} after: {}", name, e.getMessage());
          try {
            TimeUnit.MILLISECONDS.sleep(100L * attempt * attempt);
          } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            break;
          }
        }
      }
      if (last != null) {
        log.warn("dropping {} metric points of run {} after a failed write: {}", n - from, name, last.getMessage());
        return last;
      }
    }
    return null;
  }
}
