package io.jfairing.kernel.comm;

import io.github.spencerpark.jupyter.channels.ReplyEnvironment;
import io.github.spencerpark.jupyter.kernel.comm.Comm;
import io.github.spencerpark.jupyter.kernel.comm.CommManager;
import io.github.spencerpark.jupyter.messages.Message;
import io.github.spencerpark.jupyter.messages.comm.CommOpenCommand;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * basekernel's comm manager, able to open a comm from the kernel with message metadata: the ipywidgets protocol puts
 * its version there ({@code {"version": "2.1.0"}}), which basekernel's own {@code openComm} cannot send.
 */
public final class KernelCommManager extends CommManager {
    private volatile boolean widgetFrontend;

    /**
     * Notes a target a frontend asked about ({@code comm_info_request}) or opened a comm to: a widget manager
     * (ipywidgets' in JupyterLab or Notebook) asks for {@code jupyter.widget} comms or opens {@code
     * jupyter.widget.control} when it connects to a kernel.
     */
    public void noteTarget(String target) {
        if (target != null && target.startsWith(KernelWidgetTransport.TARGET)) {
            widgetFrontend = true;
        }
    }

    /** Whether a connected frontend has shown it renders widgets (see {@link #noteTarget}). */
    public boolean widgetFrontend() {
        return widgetFrontend;
    }

    @Override
    public void handleCommOpenCommand(ReplyEnvironment env, Message<CommOpenCommand> message) {
        noteTarget(message.getContent().getTargetName());
        super.handleCommOpenCommand(env, message);
    }

    /**
     * Opens a comm to {@code target} with {@code data} and {@code metadata}, parented to the request being handled
     * (the cell that made it); null when no frontend is connected.
     */
    public synchronized <T extends Comm> T open(
            String target, com.google.gson.JsonObject data, Map<String, Object> metadata, Function<String, T> factory) {
        if (iopub == null) {
            return null;
        }
        String id = UUID.randomUUID().toString();
        T comm = factory.apply(id);
        Message<CommOpenCommand> open = new Message<>(
                context, CommOpenCommand.MESSAGE_TYPE, new CommOpenCommand(id, target, data), null, metadata);
        iopub.sendMessage(open);
        registerComm(comm);
        return comm;
    }
}
