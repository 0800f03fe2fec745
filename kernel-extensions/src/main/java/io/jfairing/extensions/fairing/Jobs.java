package io.jfairing.extensions.fairing;

import io.jfairing.extensions.Workspace;

/** The jobs and backends of one session (filled in by the train, tune and jobs commands). */
final class Jobs implements AutoCloseable {
    private final Workspace workspace;

    Jobs(Workspace workspace) {
        this.workspace = workspace;
    }

    @Override
    public void close() {
    }
}
