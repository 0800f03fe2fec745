package io.jfairing.kernel;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.Renderer;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import io.jfairing.kernel.output.CellOutputs;
import io.jfairing.kernel.runtime.Display;

import java.util.LinkedHashMap;
import java.util.Map;

/** Connects the cell-side {@link Display} API to the kernel's renderer and outputs. */
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
        bundle.putIfAbsent("text/plain", String.valueOf(value));
        outputs.page(bundle);
    }

    private DisplayData render(Object value, String... mimeTypes) {
        if (value instanceof DisplayData data) {
            return new DisplayData(data);
        }
        if (value == null) {
            return new DisplayData("null");
        }
        return mimeTypes.length == 0 ? renderer.render(value) : renderer.renderAs(value, mimeTypes);
    }
}
