package io.jfairing.runtime.widgets;

import java.util.Map;
import java.util.function.Consumer;

/**
 * How widgets reach the frontend: the kernel attaches one over Jupyter comms (target {@code jupyter.widget}). Data
 * are JSON-like values (maps, lists, strings, numbers, booleans, null).
 */
public interface WidgetTransport {
    /** The ipywidgets message protocol this runtime speaks (comm_open metadata {@code version}). */
    String PROTOCOL_VERSION = "2.1.0";

    /**
     * Opens a comm to target {@code jupyter.widget} with {@code data} ({@code state}, {@code buffer_paths}) and
     * {@code {"version": PROTOCOL_VERSION}} as metadata; what the frontend sends on it goes to {@code onMessage}.
     */
    Channel open(Map<String, Object> data, Consumer<Map<String, Object>> onMessage);

    /**
     * Whether the frontend has shown it renders widgets (its widget manager asked for {@code jupyter.widget} comms);
     * a frontend without one shows a widget's text form only.
     */
    default boolean frontendRendersWidgets() {
        return true;
    }

    /** One widget's comm. */
    interface Channel {
        /** The comm id, which is the widget's model id. */
        String id();

        void send(Map<String, Object> data);

        void close();
    }
}
