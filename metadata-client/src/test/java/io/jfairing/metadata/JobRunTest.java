package io.jfairing.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobRunTest {
    @TempDir
    Path dir;

    @Test
    void theJobsRunIsTheOneTheEnvironmentNames() {
        try (MetadataStore store = MetadataStore.open(dir.resolve("m.db"))) {
            long id = store.createRun(RunSpec.builder("jobs").build()).id();
            Run run = store.jobRun(Map.of(MetadataStore.ENV_RUN_ID, " " + id + " "))
                    .orElseThrow();
            run.logMetric("loss", 0.5);
            run.flush();
            assertThat(store.getRun(id).metrics()).containsEntry("loss", 0.5);
            assertThat(store.getRun(id).status()).isEqualTo(RunStatus.RUNNING);
            assertThat(store.jobRun(Map.of())).isEmpty();
            assertThatThrownBy(() -> store.jobRun(Map.of(MetadataStore.ENV_RUN_ID, "x")))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("JFAIRING_RUN_ID must be a run id");
            assertThatThrownBy(() -> store.jobRun(Map.of(MetadataStore.ENV_RUN_ID, "999999")))
                    .isInstanceOf(NotFoundException.class);
        }
    }
}
