package io.jfairing.kernel.comm;

import com.google.gson.JsonObject;
import io.github.spencerpark.jupyter.kernel.comm.Comm;
import io.github.spencerpark.jupyter.kernel.comm.CommManager;
import io.github.spencerpark.jupyter.kernel.comm.CommTarget;
import io.github.spencerpark.jupyter.messages.Message;
import io.github.spencerpark.jupyter.messages.comm.CommCloseCommand;
import io.github.spencerpark.jupyter.messages.comm.CommMsgCommand;
import io.github.spencerpark.jupyter.messages.comm.CommOpenCommand;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What the jfairing JupyterLab panel asks the notebook's kernel, over comms of target {@value #TARGET} that the panel
 * opens: each message {@code {"request": SECTION, ...}} is answered on the same comm with {@code {"request":
 * SECTION, "data": ...}} or {@code {"request": SECTION, "error": MESSAGE}}. Several requests go in one message as
 * {@code {"requests": [REQUEST, ...], "id": N}}, answered by one {@code {"id": N, "answers": [ANSWER, ...]}} in the
 * same order: the panel's refresh asks for all its sections in one round trip through the server and the kernel's
 * shell, not six. Sections (variables, runs, jobs, ...) are registered by the kernel and its extensions; no server is
 * needed.
 *
 * <p>A section that changes while a cell runs (the shell thread is busy then, so requests wait) is pushed: {@link
 * #changed} sends every open panel {@code {"request": SECTION, "pushed": true, "data": ...}} without being asked.
 */
public final class PanelSections implements CommTarget {
    public static final String TARGET = "jfairing.panel";
    /** Changes closer together than this are pushed once, with what the section says at the end. */
    static final long PUSH_DELAY_MS = 150;

    private static final Logger LOG = Logger.getLogger(PanelSections.class.getName());

    private final Map<String, Function<Map<String, Object>, Object>> sections = new ConcurrentHashMap<>();
    private final Set<Comm> panels = ConcurrentHashMap.newKeySet();
    private final Set<String> pushesDue = ConcurrentHashMap.newKeySet();
    private ScheduledExecutorService pusher;

    public void add(String name, Function<Map<String, Object>, Object> source) {
        sections.put(name, source);
    }

    /**
     * Sends the panels open on this kernel section {@code name}'s new answer, shortly (changes within {@value
     * #PUSH_DELAY_MS} ms are sent once); nothing when no panel is open. Safe from any thread: the section is then
     * answered on the kernel's push thread, so a pushed section must be safe to read while a cell runs.
     */
    public void changed(String name) {
        if (panels.isEmpty() || !pushesDue.add(name)) {
            return;
        }
        pusher().schedule(() -> push(name), PUSH_DELAY_MS, TimeUnit.MILLISECONDS);
    }

    private synchronized ScheduledExecutorService pusher() {
        if (pusher == null) {
            pusher = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "jfairing-panel-push");
                thread.setDaemon(true);
                return thread;
            });
        }
        return pusher;
    }

    private void push(String name) {
        pushesDue.remove(name);
        try {
            Map<String, Object> reply = answer(Map.of("request", name));
            reply.put("pushed", true);
            JsonObject json = KernelWidgetTransport.json(reply);
            for (Comm panel : panels) {
                if (!panel.isClosed()) {
                    panel.send(json);
                }
            }
        } catch (RuntimeException e) { // the next change or request shows the section again
            LOG.log(Level.WARNING, "could not push panel section " + name, e);
        }
    }

    /** The answer to one message: one request, or {@code requests} answered in order. */
    Map<String, Object> reply(Map<String, Object> message) {
        if (!(message.get("requests") instanceof List<?> requests)) {
            return answer(message);
        }
        Map<String, Object> reply = new LinkedHashMap<>();
        if (message.containsKey("id")) {
            reply.put("id", message.get("id"));
        }
        List<Map<String, Object>> answers = new ArrayList<>();
        for (Object request : requests) {
            answers.add(
                    request instanceof Map<?, ?> one
                            ? answer(stringKeys(one))
                            : Map.of("request", String.valueOf(request), "error", "a request is an object"));
        }
        reply.put("answers", answers);
        return reply;
    }

    private static Map<String, Object> stringKeys(Map<?, ?> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((key, value) -> copy.put(String.valueOf(key), value));
        return copy;
    }

    /** The answer to one request. */
    Map<String, Object> answer(Map<String, Object> request) {
        String name = String.valueOf(request.get("request"));
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("request", name);
        if (request.containsKey("id")) {
            reply.put("id", request.get("id"));
        }
        Function<Map<String, Object>, Object> source = sections.get(name);
        if (source == null) {
            reply.put("error", "no section '" + name + "' in this kernel (it has " + sections.keySet() + ")");
            return reply;
        }
        try {
            reply.put("data", source.apply(request));
        } catch (RuntimeException e) {
            reply.put("error", e.getMessage() == null ? e.toString() : e.getMessage());
        }
        return reply;
    }

    @Override
    public Comm createComm(CommManager manager, String id, String target, Message<CommOpenCommand> open) {
        Comm panel = new Comm(manager, id, target) {
            @Override
            protected void onMessage(Message<CommMsgCommand> message) {
                JsonObject reply = KernelWidgetTransport.json(
                        reply(KernelWidgetTransport.map(message.getContent().getData())));
                send(reply);
            }

            @Override
            protected void onClose(Message<CommCloseCommand> message, boolean sending) {
                panels.remove(this);
            }
        };
        panels.add(panel);
        return panel;
    }
}
