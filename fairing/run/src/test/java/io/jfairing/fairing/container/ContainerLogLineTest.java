package io.jfairing.fairing.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Lines of {@code podman logs --timestamps}, including one that reached the log in two pieces. */
class ContainerLogLineTest {
    @Test
    void aLineIsSplitAtItsTimestamp() {
        ContainerLogLine line = ContainerLogLine.parse("2026-12-06T05:34:41.263048945Z accuracy=0.98");
        assertThat(line.time()).isEqualTo(Instant.parse("2026-12-06T05:34:41.263048945Z"));
        assertThat(line.text()).isEqualTo("accuracy=0.98");
    }

    @Test
    void aLineLoggedInPiecesIsJoinedWithoutTheSecondTimestamp() {
        // as podman printed a JVM warning that stderr wrote in two writes
        ContainerLogLine line = ContainerLogLine.parse("2026-12-06T05:34:41.262900001Z WARNING: called by Loader"
                + "2026-12-06T05:34:41.263048945Z  in an unnamed module");
        assertThat(line.text()).isEqualTo("WARNING: called by Loader in an unnamed module");
        assertThat(ContainerLogLine.parse("2026-12-06T05:41:41.660000000Z WARNING: A restricted method in "
                                + "2026-12-06T05:41:41.660431808Z java.lang.System has been called")
                        .text())
                .isEqualTo("WARNING: A restricted method in java.lang.System has been called");
    }

    @Test
    void aTimestampTheProgramPrintsItselfStays() {
        ContainerLogLine line =
                ContainerLogLine.parse("2026-12-06T05:34:41.263048945Z started at 2026-12-06T05:34:40.123456Z ok");
        assertThat(line.text()).isEqualTo("started at 2026-12-06T05:34:40.123456Z ok"); // Instant.now() on Linux
    }
}
