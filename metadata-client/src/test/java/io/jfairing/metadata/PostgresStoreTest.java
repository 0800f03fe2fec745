package io.jfairing.metadata;

import io.jfairing.metadata.pg.PostgresServer;
import java.nio.file.Path;

/** The store's whole contract on a real PostgreSQL server (Debian's), as on SQLite. */
class PostgresStoreTest extends MetadataStoreContractTest {
    @Override
    MetadataStore open(Path dir, LogBuffering buffering) throws Exception {
        return PostgresServer.shared().newStore(buffering);
    }
}
