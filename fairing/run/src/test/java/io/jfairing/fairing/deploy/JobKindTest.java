package io.jfairing.fairing.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JobKindTest {
    @Test
    void onlyTheKindsWithReplicaSpecsAreTrainingOperatorKinds() {
        assertThat(JobKind.values())
                .filteredOn(JobKind::isTrainingOperator)
                .containsExactly(JobKind.PYTORCH_JOB, JobKind.TF_JOB, JobKind.MPI_JOB, JobKind.XGBOOST_JOB);
        assertThat(JobKind.JOB.containerName()).isEqualTo("main");
    }
}
