package io.jfairing.metadata.registry;

import io.jfairing.metadata.MetadataStore;
import io.jfairing.metadata.server.MetadataServer;
import java.nio.file.Path;

/** The registry through the server's REST routes on 127.0.0.1. */
class HttpRegistryTest extends ModelRegistryContractTest {
    private MetadataStore backend;
    private MetadataServer server;

    @Override
    MetadataStore open(Path dir) {
        backend = MetadataStore.open(dir.resolve("metadata.db"));
        server = MetadataServer.builder(backend)
                .port(0)
                .token("registry-test-token")
                .start();
        return MetadataStore.connect(server.url(), "registry-test-token");
    }

    @Override
    void closeExtras() {
        server.close();
        backend.close();
    }
}
