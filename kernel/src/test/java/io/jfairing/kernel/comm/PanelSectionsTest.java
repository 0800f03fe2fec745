package io.jfairing.kernel.comm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PanelSectionsTest {
    private final PanelSections sections = new PanelSections();

    PanelSectionsTest() {
        sections.add("variables", request -> List.of(Map.of("name", "x")));
        sections.add("echo", request -> request.get("text"));
        sections.add("broken", request -> {
            throw new IllegalStateException("the store is not available");
        });
    }

    @Test
    void oneRequestIsAnsweredWithItsIdAndData() {
        assertThat(sections.reply(Map.of("request", "echo", "id", 3, "text", "hi")))
                .containsExactly(Map.entry("request", "echo"), Map.entry("id", 3), Map.entry("data", "hi"));
    }

    @Test
    void severalRequestsInOneMessageAreAnsweredInOrderInOneReply() {
        Map<String, Object> reply = sections.reply(Map.of(
                "id",
                7,
                "requests",
                List.of(
                        Map.of("request", "variables"),
                        Map.of("request", "broken"),
                        Map.of("request", "echo", "text", "second"),
                        Map.of("request", "nosuch"),
                        "runs")));
        assertThat(reply).containsEntry("id", 7).containsOnlyKeys("id", "answers");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> answers = (List<Map<String, Object>>) reply.get("answers");
        assertThat(answers).hasSize(5);
        assertThat(answers.get(0))
                .containsEntry("request", "variables")
                .containsEntry("data", List.of(Map.of("name", "x")));
        assertThat(answers.get(1))
                .containsEntry("request", "broken")
                .containsEntry("error", "the store is not available");
        assertThat(answers.get(2)).containsEntry("data", "second");
        assertThat(answers.get(3).get("error").toString()).startsWith("no section 'nosuch' in this kernel");
        assertThat(answers.get(4)).containsEntry("error", "a request is an object");
    }
}
