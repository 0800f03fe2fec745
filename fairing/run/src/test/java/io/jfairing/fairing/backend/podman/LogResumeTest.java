package io.jfairing.fairing.backend.podman;

import static org.assertj.core.api.Assertions.assertThat;

import io.jfairing.fairing.container.ContainerLogLine;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogResumeTest {
    private static ContainerLogLine at(int second, String text) {
        return new ContainerLogLine(Instant.ofEpochSecond(1_700_000_000L + second), text);
    }

    @Test
    void aResumedStreamGivesNoLineTwiceAndLosesNone() {
        LogResume resume = new LogResume();
        List<String> out = new ArrayList<>();
        assertThat(resume.since()).isNull();
        // first stream: a, b (same time as c), then drops
        for (ContainerLogLine l : List.of(at(1, "a"), at(2, "b"), at(2, "c"))) {
            resume.offer(l, x -> out.add(x.text()));
        }
        assertThat(resume.since()).isEqualTo(at(2, "").time());
        // podman logs --since T gives every line stamped T again, then the new ones, one of them also at T
        for (ContainerLogLine l : List.of(at(2, "b"), at(2, "c"), at(2, "d"), at(3, "e"))) {
            resume.offer(l, x -> out.add(x.text()));
        }
        // dropped again right after e: resumes from 3
        assertThat(resume.since()).isEqualTo(at(3, "").time());
        for (ContainerLogLine l : List.of(at(3, "e"), at(4, "f"), new ContainerLogLine(null, "untimed"))) {
            resume.offer(l, x -> out.add(x.text()));
        }
        assertThat(out).containsExactly("a", "b", "c", "d", "e", "f", "untimed");
    }
}
