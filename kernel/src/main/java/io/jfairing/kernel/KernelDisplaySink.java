package io.jfairing.kernel;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.Renderer;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import io.jfairing.kernel.output.CellOutputs;
import io.jfairing.runtime.display.Display;
import io.jfairing.runtime.display.MimeBundle;
import io.jfairing.runtime.display.Renderable;
import io.jfairing.runtime.display.ValueText;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Connects the runtime's {@link Display} (what a cell calls) to the kernel's renderer and outputs: a
 * {@link Renderable} (a table, {@code html(..)}) shows its own MIME bundle, anything else what the renderer makes.
 */
final class KernelDisplaySink implements Display.DisplaySink {
    private final Renderer renderer;
    private final CellOutputs outputs;

    KernelDisplaySink(Renderer renderer, CellOutputs outputs) {
        this.renderer = renderer;
        this.outputs = outputs;
    }

    @Override
    public String display(Object value, String... mimeTypes) {
        return outputs.display(render(value, mimeTypes));
    }

    @Override
    public void updateDisplay(String displayId, Object value) {
        outputs.updateDisplay(displayId, render(value));
    }

    @Override
    public void clearOutput(boolean wait) {
        outputs.clearOutput(wait);
    }

    @Override
    public void page(Object value) {
        DisplayData data = render(value);
        Map<String, Object> bundle = new LinkedHashMap<>();
        for (MIMEType type : new MIMEType[] {MIMEType.TEXT_PLAIN, MIMEType.TEXT_HTML, MIMEType.TEXT_MARKDOWN}) {
            Object content = data.getData(type);
            if (content != null) {
                bundle.put(type.toString(), content);
            }
        }
        bundle.putIfAbsent("text/plain", ValueText.of(value));
        outputs.page(bundle);
    }

    private DisplayData render(Object value, String... mimeTypes) {
        if (value instanceof DisplayData data) {
            return new DisplayData(data);
        }
        if (value == null) {
            return new DisplayData("null");
        }
        if (value instanceof Renderable) {
            return displayData(Display.render(value, mimeTypes));
        }
        DisplayData data = mimeTypes.length == 0 ? renderer.render(value) : renderer.renderAs(value, mimeTypes);
        if (value.getClass().isArray()) {
            data.putText(ValueText.of(value)); // as a cell's result shows it: int[3] { 1, 2, 3 }
        }
        return data;
    }

    /** The kernel's form of a runtime MIME bundle. */
    static DisplayData displayData(MimeBundle bundle) {
        DisplayData data = new DisplayData(bundle.get("text/plain"));
        bundle.data().forEach((type, content) -> {
            if (type.endsWith("+json") || type.equals("application/json")) {
                // JSON forms (a widget's view, Vega, JSON) go as JSON, not as a string of it
                data.putData(type, new com.google.gson.JsonParser().parse(content));
            } else if (!type.equals("text/plain")) {
                data.putData(type, content);
            }
        });
        return data;
    }
}
