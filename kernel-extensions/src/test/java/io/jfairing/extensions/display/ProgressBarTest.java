package io.jfairing.extensions.display;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import io.jfairing.runtime.widgets.Box;
import io.jfairing.runtime.widgets.Widget;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
    /** A frontend that records what the bar shows; it renders widgets when {@code widgets} is true. */
    private static final class Recorded implements Frontend {
        final boolean widgets;
        final List<DisplayData> displays = new ArrayList<>();
        final List<Widget> shownWidgets = new ArrayList<>();

        Recorded(boolean widgets) {
            this.widgets = widgets;
        }

        @Override
        public String display(DisplayData data) {
            displays.add(data);
            return "d1";
        }

        @Override
        public void update(String id, DisplayData data) {
            displays.add(data);
        }

        @Override
        public boolean showWidget(Widget widget) {
            if (widgets) {
                shownWidgets.add(widget);
            }
            return widgets;
        }
    }

    @Test
    void withoutWidgetsTheBarIsAnHtmlDisplayUpdatedInPlace() {
        Recorded frontend = new Recorded(false);
        ProgressBar bar = new ProgressBar(frontend, "image");
        bar.update(0.25, "layers");
        bar.done("ready");
        assertThat(frontend.displays).hasSize(2);
        assertThat((String) frontend.displays.get(1).getData(MIMEType.TEXT_HTML))
                .contains("<progress value=\"100\"", "ready");
    }

    @Test
    void doneShowsItsMessageAlsoWhenTheBarReachedTheEndAlready() {
        Recorded frontend = new Recorded(false);
        ProgressBar bar = new ProgressBar(frontend, "image");
        bar.update(1, "done");
        bar.done("wine:latest in 3.0 s, 1 MB pushed");
        assertThat((String) frontend.displays.get(frontend.displays.size() - 1).getData(MIMEType.TEXT_HTML))
                .contains("wine:latest in 3.0 s, 1 MB pushed");
    }

    @Test
    void whereTheFrontendRendersWidgetsTheBarIsOneLiveProgressWidgetWithALabel() {
        Recorded frontend = new Recorded(true);
        ProgressBar bar = new ProgressBar(frontend, "image");
        bar.update(0.25, "layers");
        bar.done("ready");
        assertThat(frontend.displays).as("no HTML display").isEmpty();
        assertThat(frontend.shownWidgets).singleElement().isInstanceOf(Box.class);
        Box box = (Box) frontend.shownWidgets.get(0);
        assertThat(box.children().get(0).get("_model_name")).isEqualTo("IntProgressModel");
        assertThat(box.children().get(0).get("value")).isEqualTo(100);
        assertThat(box.children().get(0).get("bar_style")).isEqualTo("success");
        assertThat(box.children().get(1).get("_model_name")).isEqualTo("LabelModel");
        assertThat(box.children().get(1).get("value")).isEqualTo("ready");
    }
}
