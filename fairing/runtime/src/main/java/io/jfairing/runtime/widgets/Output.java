package io.jfairing.runtime.widgets;

import io.jfairing.runtime.display.Display;
import io.jfairing.runtime.display.MimeBundle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An area of outputs ({@code OutputModel}) that code fills and clears at any time, e.g. from a slider's callback:
 * {@link #show} renders a value as the display API does, {@link #println} appends text.
 */
public final class Output extends DomWidget {
    private final List<Map<String, Object>> outputs = new ArrayList<>();

    public Output() {
        super("@jupyter-widgets/output", "1.0.0", "OutputModel", "OutputView", null);
        init("msg_id", "");
        init("outputs", List.of());
    }

    /** Replaces what the area shows with {@code value}, rendered as a cell's value would be. */
    public synchronized Output show(Object value) {
        outputs.clear();
        MimeBundle bundle = Display.render(value);
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("output_type", "display_data");
        output.put("data", new LinkedHashMap<>(bundle.data()));
        output.put("metadata", Map.of());
        outputs.add(output);
        set("outputs", List.copyOf(outputs));
        return this;
    }

    /** Appends a line of text. */
    public synchronized Output println(Object line) {
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("output_type", "stream");
        output.put("name", "stdout");
        output.put("text", line + "\n");
        outputs.add(output);
        set("outputs", List.copyOf(outputs));
        return this;
    }

    public synchronized Output clear() {
        outputs.clear();
        set("outputs", List.of());
        return this;
    }

    @Override
    protected synchronized String text() {
        StringBuilder text = new StringBuilder();
        for (Map<String, Object> o : outputs) {
            Object t = o.containsKey("text") ? o.get("text") : ((Map<?, ?>) o.get("data")).get("text/plain");
            text.append(t);
        }
        return text.toString();
    }
}
