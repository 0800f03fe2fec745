package io.jfairing.metadata.registry;

import io.jfairing.metadata.MetadataStore;
import java.nio.file.Path;

class SqliteRegistryTest extends ModelRegistryContractTest {
    @Override
    MetadataStore open(Path dir) {
        return MetadataStore.open(dir.resolve("metadata.db"));
    }
}
