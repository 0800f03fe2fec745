package io.jfairing.runtime.widgets;

import io.jfairing.runtime.display.MimeBundle;
import io.jfairing.runtime.display.Renderable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A widget model on the ipywidgets 8 protocol: its state is synchronised with the frontend over a comm, changes from
 * either side reach the other, and {@link #observe} listeners run on changes made in the page. Displaying it (as a
 * cell's value or with {@code display(w)}) shows its view. Without a transport (a job, an image) a widget keeps its
 * state and shows its text form.
 */
public abstract class Widget implements Renderable {
    static final String CONTROLS = "@jupyter-widgets/controls";
    static final String BASE = "@jupyter-widgets/base";
    static final String VERSION = "2.0.0";

    /** The MIME type of a widget's view in a display. */
    public static final String VIEW_MIME_TYPE = "application/vnd.jupyter.widget-view+json";

    private final Map<String, Object> state = new LinkedHashMap<>();
    private final Map<String, List<Consumer<Object>>> observers = new LinkedHashMap<>();
    private volatile WidgetTransport.Channel channel;

    /** A widget of model {@code model} (in {@code module}) shown by view {@code view} (in {@code viewModule}). */
    protected Widget(String module, String version, String model, String viewModule, String viewVersion, String view) {
        state.put("_model_module", module);
        state.put("_model_module_version", version);
        state.put("_model_name", model);
        state.put("_view_module", viewModule);
        state.put("_view_module_version", viewVersion);
        state.put("_view_name", view);
    }

    /** Sets an initial attribute (before the widget is opened). */
    protected final void init(String name, Object value) {
        state.put(name, value);
    }

    /** Opens the comm (once) with the state so far; a no-op without a transport. */
    protected final synchronized void open() {
        WidgetTransport transport = Widgets.transport();
        if (channel != null || transport == null) {
            return;
        }
        beforeOpen();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("state", snapshot());
        data.put("buffer_paths", List.of());
        channel = transport.open(data, this::receive);
    }

    /** The model id the frontend knows this widget by ({@code IPY_MODEL_} references use it); null unopened. */
    public final String modelId() {
        WidgetTransport.Channel c = channel;
        return c == null ? null : c.id();
    }

    /** An attribute of the synchronised state. */
    public final synchronized Object get(String name) {
        return state.get(name);
    }

    /** Changes an attribute here and in the page. */
    protected final void set(String name, Object value) {
        WidgetTransport.Channel c;
        synchronized (this) {
            state.put(name, value);
            c = channel;
        }
        if (c != null) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("method", "update");
            Map<String, Object> changed = new LinkedHashMap<>();
            changed.put(name, value);
            data.put("state", changed);
            data.put("buffer_paths", List.of());
            c.send(data);
        }
    }

    /** Runs {@code listener} with the new value whenever the page changes attribute {@code name}. */
    public final synchronized Widget observe(String name, Consumer<Object> listener) {
        observers.computeIfAbsent(name, n -> new CopyOnWriteArrayList<>()).add(listener);
        return this;
    }

    /** Closes the comm: the page's views of this widget go away. */
    public final void close() {
        WidgetTransport.Channel c = channel;
        if (c != null) {
            c.close();
        }
    }

    /** A message from the page: a state update, a request for the whole state, or a custom event. */
    final void receive(Map<String, Object> data) {
        Object method = data.get("method");
        if ("update".equals(method) && data.get("state") instanceof Map<?, ?> changes) {
            List<Runnable> notify = new ArrayList<>();
            synchronized (this) {
                changes.forEach((k, v) -> {
                    String name = String.valueOf(k);
                    Object value = fromPage(name, v);
                    state.put(name, value);
                    for (Consumer<Object> o : observers.getOrDefault(name, List.of())) {
                        notify.add(() -> o.accept(value));
                    }
                });
            }
            notify.forEach(Runnable::run);
        } else if ("request_state".equals(method)) {
            WidgetTransport.Channel c = channel;
            if (c != null) {
                Map<String, Object> reply = new LinkedHashMap<>();
                reply.put("method", "update");
                reply.put("state", snapshot());
                reply.put("buffer_paths", List.of());
                c.send(reply);
            }
        } else if ("custom".equals(method) && data.get("content") instanceof Map<?, ?> content) {
            onCustom(content);
        }
    }

    /** Runs before the comm opens: a widget opens the widgets its state refers to (layout, style, children). */
    protected void beforeOpen() {}

    /** The value of an attribute as the page sent it, converted to this widget's Java type. */
    protected Object fromPage(String name, Object value) {
        return value;
    }

    /** A custom message from the page (a button's click). */
    protected void onCustom(Map<?, ?> content) {}

    /** The text shown where widgets cannot be (a log, an image's executed notebook). */
    protected String text() {
        return getClass().getSimpleName() + state.getOrDefault("value", "");
    }

    private synchronized Map<String, Object> snapshot() {
        return new LinkedHashMap<>(state);
    }

    @Override
    public MimeBundle toMimeBundle() {
        open();
        String id = modelId();
        if (id == null) {
            return MimeBundle.of(Map.of("text/plain", text()));
        }
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("model_id", id);
        view.put("version_major", 2);
        view.put("version_minor", 0);
        Map<String, String> forms = new LinkedHashMap<>();
        forms.put("text/plain", text());
        forms.put(VIEW_MIME_TYPE, io.jfairing.runtime.json.JsonCodec.write(view));
        return MimeBundle.of(forms);
    }

    @Override
    public String toString() {
        return text();
    }

    /** {@code "IPY_MODEL_<id>"}: how one widget's state refers to another. */
    static String reference(Widget w) {
        w.open();
        return "IPY_MODEL_" + w.modelId();
    }
}
