package io.jfairing.kernel.comm;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.spencerpark.jupyter.kernel.comm.Comm;
import io.github.spencerpark.jupyter.messages.Message;
import io.github.spencerpark.jupyter.messages.comm.CommCloseCommand;
import io.github.spencerpark.jupyter.messages.comm.CommMsgCommand;
import io.jfairing.runtime.json.JsonCodec;
import io.jfairing.runtime.widgets.WidgetTransport;
import java.util.Map;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The runtime's widgets over Jupyter comms of target {@code jupyter.widget}, the target ipywidgets' manager serves. */
public final class KernelWidgetTransport implements WidgetTransport {
    public static final String TARGET = "jupyter.widget";
    private static final Logger LOG = Logger.getLogger(KernelWidgetTransport.class.getName());

    private final KernelCommManager comms;

    public KernelWidgetTransport(KernelCommManager comms) {
        this.comms = comms;
    }

    @Override
    public Channel open(Map<String, Object> data, Consumer<Map<String, Object>> onMessage) {
        WidgetComm comm = comms.open(
                TARGET, json(data), Map.of("version", PROTOCOL_VERSION), id -> new WidgetComm(id, onMessage));
        return comm;
    }

    @Override
    public boolean frontendRendersWidgets() {
        return comms.widgetFrontend();
    }

    static JsonObject json(Map<String, Object> data) {
        return new JsonParser().parse(JsonCodec.write(data)).getAsJsonObject();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(JsonObject data) {
        return (Map<String, Object>) JsonCodec.parse(data.toString());
    }

    private final class WidgetComm extends Comm implements Channel {
        private final Consumer<Map<String, Object>> onMessage;

        WidgetComm(String id, Consumer<Map<String, Object>> onMessage) {
            super(comms, id, TARGET);
            this.onMessage = onMessage;
        }

        @Override
        public String id() {
            return getID();
        }

        @Override
        public void send(Map<String, Object> data) {
            if (!isClosed()) {
                send(json(data));
            }
        }

        @Override
        protected void onMessage(Message<CommMsgCommand> message) {
            try {
                onMessage.accept(map(message.getContent().getData()));
            } catch (RuntimeException e) {
                // a callback's failure must not take the kernel's shell thread down
                LOG.log(Level.WARNING, "widget " + getID() + ": " + e, e);
                System.err.println("widget callback failed: " + e);
            }
        }

        @Override
        protected void onClose(Message<CommCloseCommand> message, boolean sending) {}
    }
}
