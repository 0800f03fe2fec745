package io.jfairing.metadata.registry;

import io.jfairing.metadata.LogBuffering;
import io.jfairing.metadata.MetadataStore;
import io.jfairing.metadata.pg.PostgresServer;
import java.nio.file.Path;

/** The registry's contract (atomic aliases, refused deletes) on a real PostgreSQL server. */
class PostgresRegistryTest extends ModelRegistryContractTest {
    @Override
    MetadataStore open(Path dir) throws Exception {
        return PostgresServer.shared().newStore(LogBuffering.DEFAULT);
    }
}
