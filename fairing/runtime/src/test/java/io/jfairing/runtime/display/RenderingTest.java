package io.jfairing.runtime.display;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How values become MIME bundles, and where the display calls go: the same in the kernel and in an image. */
class RenderingTest {
    record Point(int x, int y) implements Renderable {
        @Override
        public MimeBundle toMimeBundle() {
            return MimeBundle.of(
                    "image/svg+xml", "<svg><circle cx='" + x + "' cy='" + y + "'/></svg>", "point " + x + "," + y);
        }
    }

    @AfterEach
    void detach() {
        Display.attach(null);
    }

    @Test
    void aBundleShowsAsItIsATableAsHtmlAndTextAnythingElseAsText() {
        assertThat(Display.render(Display.html("<b>x</b>"), "text/latex").data())
                .containsExactly(Map.entry("text/plain", "HTML"), Map.entry("text/html", "<b>x</b>"));
        Table table = Display.table(List.of("a", "b"), List.of(List.of(1, "<x>")));
        assertThat(Display.render(table).data()).containsOnlyKeys("text/plain", "text/html");
        assertThat(Display.render(table).get("text/html")).contains("<td>&lt;x&gt;</td>");
        assertThat(Display.render(table, "text/markdown").data()).containsOnlyKeys("text/plain");
        assertThat(Display.render(table).toString()).isEqualTo(table.toText()).isEqualTo("a  b  \n-  ---\n1  <x>");
        assertThat(Display.render(42).data()).containsExactly(Map.entry("text/plain", "42"));
        assertThat(Display.render(null).toString()).isEqualTo("null");
    }

    @Test
    void aTypeSaysHowItDisplays() {
        Point point = new Point(1, 2);
        assertThat(Display.isRich(point)).isTrue();
        assertThat(Display.isRich("text")).isFalse();
        assertThat(Display.render(point).data())
                .containsEntry("text/plain", "point 1,2")
                .containsEntry("image/svg+xml", "<svg><circle cx='1' cy='2'/></svg>");
        assertThat(Display.render(point, "text/html").data()).containsOnlyKeys("text/plain");
    }

    @Test
    void theCallsGoToTheAttachedSink() {
        List<String> calls = new ArrayList<>();
        Display.attach(new Display.DisplaySink() {
            @Override
            public String display(Object value, String... mimeTypes) {
                calls.add("display " + value + " " + List.of(mimeTypes));
                return "id-1";
            }

            @Override
            public void updateDisplay(String displayId, Object value) {
                calls.add("update " + displayId + " " + value);
            }

            @Override
            public void clearOutput(boolean wait) {
                calls.add("clear " + wait);
            }

            @Override
            public void page(Object value) {
                calls.add("page " + value);
            }
        });
        assertThat(Display.display(Display.markdown("# t"), "text/markdown")).isEqualTo("id-1");
        Display.updateDisplay("id-1", 7);
        Display.clearOutput();
        Display.clearOutput(true);
        Display.page("help");
        assertThat(calls)
                .containsExactly(
                        "display # t [text/markdown]", "update id-1 7", "clear false", "clear true", "page help");
    }

    @Test
    void withNoSinkTheCallsPrintText() {
        assertThat(Display.display(Display.svg("<svg/>"))).isEmpty();
        Display.clearOutput();
    }
}
