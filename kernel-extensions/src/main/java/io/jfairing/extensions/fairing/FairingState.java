package io.jfairing.extensions.fairing;

import io.jfairing.extensions.Workspace;
import io.jfairing.fairing.cli.jobs.JobBackends;
import io.jfairing.fairing.image.BuiltImage;
import io.jfairing.kernel.spi.Session;

/** What {@code %fairing} keeps between cells of one session: the compiler, the last image, the jobs it started. */
final class FairingState implements AutoCloseable {
    private final Workloads workloads;
    private final JobBackends jobs;
    private volatile BuiltImage lastImage;
    private final java.util.Map<String, io.jfairing.fairing.serve.ServingHandle> servings =
            new java.util.concurrent.ConcurrentHashMap<>();

    FairingState(Workspace workspace, Session session) {
        this.workloads = new Workloads(workspace, session);
        this.jobs = new JobBackends(workspace.projectContext());
    }

    Workloads workloads() {
        return workloads;
    }

    JobBackends jobs() {
        return jobs;
    }

    BuiltImage lastImage() {
        return lastImage;
    }

    void lastImage(BuiltImage image) {
        this.lastImage = image;
    }

    /**
     * A sweep this session started, with the objective it searches for (which trial is best) and the subscription
     * that tells the session of each trial that ends, whether or not a cell still waits for the sweep.
     */
    record Sweep(
            io.jfairing.fairing.job.TuningHandle handle,
            io.jfairing.fairing.deploy.Tuning tuning,
            io.jfairing.fairing.job.JobHandle.Subscription trials) {}

    private final java.util.Map<String, Sweep> sweeps = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile Runnable sweepsChanged = () -> {};

    void sweep(io.jfairing.fairing.job.TuningHandle handle, io.jfairing.fairing.deploy.Tuning tuning)
            throws io.jfairing.fairing.job.JobException {
        Sweep previous = sweeps.put(handle.name(), new Sweep(handle, tuning, handle.onTrial(trial -> sweepsChanged())));
        if (previous != null) {
            previous.trials().close();
        }
        sweepsChanged();
    }

    /** Runs {@code listener} (from any thread) whenever a sweep starts, a trial of one ends, or one is forgotten. */
    void onSweepsChanged(Runnable listener) {
        this.sweepsChanged = listener;
    }

    private void sweepsChanged() {
        sweepsChanged.run();
    }

    /** The sweep this session started under {@code name}, removed from the session; or null. */
    io.jfairing.fairing.job.TuningHandle forgetSweep(String name) {
        Sweep sweep = sweeps.remove(name);
        if (sweep == null) {
            return null;
        }
        sweep.trials().close();
        sweepsChanged();
        return sweep.handle();
    }

    /** The sweeps this session started, by name. */
    java.util.List<Sweep> sweeps() {
        return sweeps.values().stream()
                .sorted(java.util.Comparator.comparing(s -> s.handle().name()))
                .toList();
    }

    /** The model this session serves under {@code name}, or null. */
    io.jfairing.fairing.serve.ServingHandle serving(String name) {
        return servings.get(name);
    }

    void serving(String name, io.jfairing.fairing.serve.ServingHandle handle) {
        servings.put(name, handle);
    }

    io.jfairing.fairing.serve.ServingHandle forgetServing(String name) {
        return servings.remove(name);
    }

    java.util.List<String> servings() {
        return servings.keySet().stream().sorted().toList();
    }

    @Override
    public void close() {
        sweeps.values().forEach(sweep -> sweep.trials().close());
        workloads.close();
        jobs.close();
    }
}
