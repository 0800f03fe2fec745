package io.jfairing.metadata;

import java.util.ArrayList;
import java.util.List;

/**
 * A separate JVM that writes to a store, for the multi-process tests. Prints what it committed to stdout.
 *
 * <ul>
 *   <li>{@code concurrent URI EXPERIMENT LABEL THREADS POINTS}: each thread starts a run, logs POINTS metric points
 *       through the buffered {@link Run} API and a param every 100 points, and closes it; prints
 *       {@code run ID} per thread and {@code done} at the end.
 *   <li>{@code loop URI EXPERIMENT}: logs forever; each iteration buffers 100 points of {@code m} at step i and
 *       flushes, then writes a 1000-point, 10-param batch synchronously, then prints {@code committed i}.
 *   <li>{@code soak URI EXPERIMENT LABEL STOPFILE}: starts a run (prints {@code run ID}), logs points of {@code m}
 *       (value and step i, timestamp 1000 + i) until STOPFILE exists, closes the run, prints {@code done N}.
 * </ul>
 */
public final class ChildWriter {
    private ChildWriter() {}

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "concurrent" ->
                concurrent(args[1], args[2], args[3], Integer.parseInt(args[4]), Integer.parseInt(args[5]));
            case "loop" -> loop(args[1], args[2]);
            case "soak" -> soak(args[1], args[2], args[3], java.nio.file.Path.of(args[4]));
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    private static void concurrent(String uri, String experiment, String label, int threads, int points)
            throws Exception {
        try (MetadataStore store = MetadataStore.connect(uri, HttpStoreTest.TOKEN)) {
            List<Thread> ts = new ArrayList<>();
            List<Throwable> errors = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String name = label + "-" + t;
                Thread thread = new Thread(() -> {
                    try (Run run = store.startRun(experiment, name)) {
                        synchronized (System.out) {
                            System.out.println("run " + run.id());
                            System.out.flush();
                        }
                        for (int i = 0; i < points; i++) {
                            run.logMetric("loss", 1.0 / (i + 1), i);
                            if (i % 100 == 0) {
                                run.logParam("p" + i, name);
                            }
                        }
                    } catch (Throwable e) {
                        synchronized (errors) {
                            errors.add(e);
                        }
                    }
                });
                ts.add(thread);
                thread.start();
            }
            for (Thread t : ts) {
                t.join();
            }
            if (!errors.isEmpty()) {
                errors.get(0).printStackTrace();
                System.exit(3);
            }
        }
        System.out.println("done");
        System.out.flush();
    }

    private static void loop(String uri, String experiment) {
        MetadataStore store = MetadataStore.connect(uri, HttpStoreTest.TOKEN);
        Run run = store.startRun(experiment, "doomed");
        System.out.println("run " + run.id());
        System.out.flush();
        for (int i = 0; ; i++) {
            for (int k = 0; k < 100; k++) {
                run.logMetric("m", k, i, 1000L + k);
            }
            run.flush();
            RunBatch.Builder batch = RunBatch.builder();
            for (int k = 0; k < 1000; k++) {
                batch.metric(new MetricPoint("b", k, i, 1000L + k));
            }
            for (int k = 0; k < 10; k++) {
                batch.param("i" + i + "_" + k, k);
            }
            store.logBatch(run.id(), batch.build());
            System.out.println("committed " + i);
            System.out.flush();
        }
    }

    private static void soak(String uri, String experiment, String label, java.nio.file.Path stop) throws Exception {
        long n = 0;
        try (MetadataStore store = MetadataStore.connect(uri);
                Run run = store.startRun(experiment, label)) {
            System.out.println("run " + run.id());
            System.out.flush();
            while (!java.nio.file.Files.exists(stop)) {
                for (int k = 0; k < 20; k++, n++) {
                    run.logMetric("m", n, n, 1000L + n);
                }
                Thread.sleep(10);
            }
        }
        System.out.println("done " + n);
        System.out.flush();
    }
}
