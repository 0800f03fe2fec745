package io.jfairing.extensions.fairing;

import io.jfairing.extensions.Workspace;
import io.jfairing.fairing.image.BuiltImage;
import io.jfairing.kernel.spi.Session;

/** What {@code %fairing} keeps between cells of one session: the compiler, the last image, the jobs it started. */
final class FairingState implements AutoCloseable {
    private final Workloads workloads;
    private final Jobs jobs;
    private volatile BuiltImage lastImage;

    FairingState(Workspace workspace, Session session) {
        this.workloads = new Workloads(workspace, session);
        this.jobs = new Jobs(workspace);
    }

    Workloads workloads() {
        return workloads;
    }

    Jobs jobs() {
        return jobs;
    }

    BuiltImage lastImage() {
        return lastImage;
    }

    void lastImage(BuiltImage image) {
        this.lastImage = image;
    }

    @Override
    public void close() {
        workloads.close();
        jobs.close();
    }
}
