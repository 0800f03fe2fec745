package io.jfairing.runtime.widgets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jfairing.runtime.display.MimeBundle;
import io.jfairing.runtime.json.JsonCodec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The messages widgets exchange, as the ipywidgets 8 message protocol (version 2.1.0) specifies them: comm_open data
 * with the full state and model references, {@code update} both ways, {@code request_state}, {@code custom} events.
 * The real frontend is exercised by the lab module's browser test.
 */
class WidgetProtocolTest {
    final List<Opened> opened = new ArrayList<>();

    record Opened(String id, Map<String, Object> data, Consumer<Map<String, Object>> fromPage, List<Object> sent) {
        @SuppressWarnings("unchecked")
        Map<String, Object> state() {
            return (Map<String, Object>) data.get("state");
        }
    }

    @BeforeEach
    void attach() {
        Widgets.attach((data, onMessage) -> {
            String id = "m" + opened.size();
            List<Object> sent = new ArrayList<>();
            // the data go over the wire as JSON
            @SuppressWarnings("unchecked")
            Map<String, Object> wire = (Map<String, Object>) JsonCodec.parse(JsonCodec.write(data));
            opened.add(new Opened(id, wire, onMessage, sent));
            return new WidgetTransport.Channel() {
                public String id() {
                    return id;
                }

                public void send(Map<String, Object> message) {
                    sent.add(JsonCodec.parse(JsonCodec.write(message)));
                }

                public void close() {
                    sent.add("closed");
                }
            };
        });
    }

    @AfterEach
    void detach() {
        Widgets.attach(null);
    }

    @Test
    void aSliderOpensItsLayoutAndStyleFirstAndRefersToThem() {
        IntSlider slider = Widgets.intSlider("epochs", 1, 100, 10);
        MimeBundle bundle = slider.toMimeBundle();

        assertThat(opened).hasSize(3);
        assertThat(opened.get(0).state())
                .containsEntry("_model_name", "LayoutModel")
                .containsEntry("_model_module", "@jupyter-widgets/base")
                .containsEntry("_view_name", "LayoutView");
        assertThat(opened.get(1).state())
                .containsEntry("_model_name", "SliderStyleModel")
                .containsEntry("_model_module", "@jupyter-widgets/controls")
                .containsEntry("_view_module", "@jupyter-widgets/base")
                .containsEntry("_view_name", "StyleView");
        Map<String, Object> state = opened.get(2).state();
        assertThat(state)
                .containsEntry("_model_name", "IntSliderModel")
                .containsEntry("_model_module_version", "2.0.0")
                .containsEntry("_view_name", "IntSliderView")
                .containsEntry("layout", "IPY_MODEL_m0")
                .containsEntry("style", "IPY_MODEL_m1")
                .containsEntry("description", "epochs")
                .containsEntry("value", 10L)
                .containsEntry("min", 1L)
                .containsEntry("max", 100L);
        assertThat(opened.get(2).data()).containsEntry("buffer_paths", List.of());
        assertThat(JsonCodec.parse(bundle.get(Widget.VIEW_MIME_TYPE)))
                .isEqualTo(Map.of("model_id", "m2", "version_major", 2L, "version_minor", 0L));
        assertThat(bundle.get("text/plain")).isEqualTo("epochs=10");
    }

    @Test
    void anUpdateFromThePageChangesTheValueAndRunsTheListenersWithJavaTypes() {
        IntSlider slider = Widgets.intSlider("n", 0, 10, 3);
        slider.toMimeBundle();
        List<Integer> seen = new ArrayList<>();
        slider.onChange(seen::add);

        fromPage(slider, Map.of("method", "update", "state", Map.of("value", 7), "buffer_paths", List.of()));

        assertThat(slider.getValue()).isEqualTo(7);
        assertThat(seen).containsExactly(7);
    }

    @Test
    void settingFromJavaSendsOnlyTheChangedAttribute() {
        IntProgress bar = Widgets.progress("epochs", 5);
        bar.toMimeBundle();
        bar.setValue(4);
        bar.setBarStyle("success");

        assertThat(last(bar).sent())
                .containsExactly(
                        Map.of("method", "update", "state", Map.of("value", 4L), "buffer_paths", List.of()),
                        Map.of("method", "update", "state", Map.of("bar_style", "success"), "buffer_paths", List.of()));
    }

    @Test
    @SuppressWarnings("unchecked")
    void requestStateIsAnsweredWithTheWholeState() {
        Checkbox box = Widgets.checkbox("scale", true);
        box.toMimeBundle();
        fromPage(box, Map.of("method", "request_state"));

        @SuppressWarnings("unchecked")
        Map<String, Object> reply = (Map<String, Object>) last(box).sent().get(0);
        assertThat(reply).containsEntry("method", "update");
        assertThat((Map<Object, Object>) reply.get("state"))
                .containsEntry("_model_name", "CheckboxModel")
                .containsEntry("value", true);
    }

    @Test
    void aClickRunsTheButtonsHandlers() {
        List<String> clicks = new ArrayList<>();
        Button go = Widgets.button("Train").onClick(b -> clicks.add("clicked " + b.get("description")));
        go.toMimeBundle();

        fromPage(go, Map.of("method", "custom", "content", Map.of("event", "click")));

        assertThat(clicks).containsExactly("clicked Train");
    }

    @Test
    @SuppressWarnings("unchecked")
    void interactShowsTheFunctionsValueAndRecomputesItWhenTheControlMoves() {
        IntSlider n = Widgets.intSlider("n", 0, 20, 3);
        Box box = Widgets.interact(v -> "squared: " + v * v, n);
        box.toMimeBundle();
        Output out = (Output) box.children().get(1);
        assertThat(out.toString()).isEqualTo("squared: 9");

        fromPage(n, Map.of("method", "update", "state", Map.of("value", 5)));

        assertThat(out.toString()).isEqualTo("squared: 25");
        Map<String, Object> boxState = last(box).state();
        assertThat(boxState).containsEntry("_model_name", "VBoxModel");
        assertThat((List<Object>) boxState.get("children"))
                .containsExactly("IPY_MODEL_" + n.modelId(), "IPY_MODEL_" + out.modelId());
        @SuppressWarnings("unchecked")
        Map<String, Object> update =
                (Map<String, Object>) last(out).sent().get(last(out).sent().size() - 1);
        assertThat(update.toString()).contains("output_type=display_data").contains("squared: 25");
    }

    @Test
    void aDropdownSendsAndReceivesTheIndexOfItsLabel() {
        Dropdown model = Widgets.dropdown("model", List.of("softmax", "tree", "knn"), "tree");
        model.toMimeBundle();
        assertThat(last(model).state())
                .containsEntry("_options_labels", List.of("softmax", "tree", "knn"))
                .containsEntry("index", 1L);
        List<String> chosen = new ArrayList<>();
        model.onChange(chosen::add);

        fromPage(model, Map.of("method", "update", "state", Map.of("index", 2)));

        assertThat(model.getValue()).isEqualTo("knn");
        assertThat(chosen).containsExactly("knn");
        assertThatThrownBy(() -> model.setValue("forest"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not one of the options");
    }

    @Test
    void withoutAFrontendAWidgetIsItsTextForm() {
        Widgets.attach(null);
        IntSlider slider = Widgets.intSlider("n", 0, 10, 4);

        assertThat(slider.toMimeBundle().data()).containsOnlyKeys("text/plain").containsEntry("text/plain", "n=4");
        slider.setValue(5);
        assertThat(slider.getValue()).isEqualTo(5);
    }

    private Opened last(Widget widget) {
        return opened.stream()
                .filter(o -> o.id().equals(widget.modelId()))
                .findFirst()
                .orElseThrow();
    }

    private void fromPage(Widget widget, Map<String, Object> message) {
        last(widget).fromPage().accept(new LinkedHashMap<>(message));
    }
}
