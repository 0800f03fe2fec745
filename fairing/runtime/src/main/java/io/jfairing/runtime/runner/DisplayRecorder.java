package io.jfairing.runtime.runner;

import io.jfairing.runtime.display.Display;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The runner's {@link Display.DisplaySink}: each cell's outputs in order (stream text and displays), as nbclient
 * records them. A display's text goes to the log stream only, not to the cell's captured stdout.
 */
final class DisplayRecorder implements Display.DisplaySink {
    private final PrintStream log;
    private final Map<String, NotebookRunner.DisplayOutput> displays = new HashMap<>();
    private CellState cell;

    DisplayRecorder(PrintStream log) {
        this.log = log;
    }

    /** What a cell printed, kept so it can be cut where a display comes. */
    static final class Capture extends ByteArrayOutputStream {
        private int mark;

        synchronized String takeNew() {
            String text = new String(buf, mark, count - mark, StandardCharsets.UTF_8);
            mark = count;
            return text;
        }
    }

    private static final class CellState {
        final Capture out;
        final Capture err;
        final List<NotebookRunner.Output> outputs = new ArrayList<>();
        final Set<String> ids = new HashSet<>();
        boolean clearBeforeNext;

        CellState(Capture out, Capture err) {
            this.out = out;
            this.err = err;
        }

        void add(NotebookRunner.Output output) {
            if (clearBeforeNext) {
                outputs.clear();
                clearBeforeNext = false;
            }
            if (output instanceof NotebookRunner.StreamOutput stream
                    && !outputs.isEmpty()
                    && outputs.get(outputs.size() - 1) instanceof NotebookRunner.StreamOutput last
                    && last.name().equals(stream.name())) {
                outputs.set(
                        outputs.size() - 1, new NotebookRunner.StreamOutput(last.name(), last.text() + stream.text()));
            } else {
                outputs.add(output);
            }
        }

        /** Turns what was printed since the last cut into stream outputs. */
        void cut() {
            System.out.flush();
            System.err.flush();
            String text = out.takeNew();
            if (!text.isEmpty()) {
                add(new NotebookRunner.StreamOutput("stdout", text));
            }
            text = err.takeNew();
            if (!text.isEmpty()) {
                add(new NotebookRunner.StreamOutput("stderr", text));
            }
        }
    }

    @Override
    public String display(Object value, String... mimeTypes) {
        return show(Display.render(value, mimeTypes).data());
    }

    @Override
    public void updateDisplay(String displayId, Object value) {
        replace(displayId, Display.render(value).data());
    }

    @Override
    public void page(Object value) {
        log(Display.render(value).toString());
    }

    /**
     * Connects {@link Display} as the notebook's code sees it through {@code loader} (and the runner's own); null
     * disconnects. A copy of {@link Display} from another class loader is connected through a proxy of its own
     * {@link Display.DisplaySink}, which renders values with that copy.
     */
    static void connect(ClassLoader loader, DisplayRecorder recorder) {
        Display.attach(recorder);
        Class<?> seen = displayClass(loader);
        if (seen != Display.class) {
            try {
                Class<?> sinkType = Class.forName(Display.DisplaySink.class.getName(), false, seen.getClassLoader());
                Object sink = recorder == null
                        ? null
                        : Proxy.newProxyInstance(
                                seen.getClassLoader(),
                                new Class<?>[] {sinkType},
                                (proxy, method, arguments) -> forward(seen, recorder, method, arguments));
                seen.getMethod("attach", sinkType).invoke(null, sink);
            } catch (ReflectiveOperationException | RuntimeException e) {
                // an incompatible copy: its calls print text only
            }
        }
    }

    /** A call on the proxy sink of another copy of {@link Display}. */
    private static Object forward(Class<?> display, DisplayRecorder recorder, Method method, Object[] arguments)
            throws ReflectiveOperationException {
        switch (method.getName()) {
            case "display" -> {
                return recorder.show(bundleOf(display, arguments[0], (String[]) arguments[1]));
            }
            case "updateDisplay" ->
                recorder.replace((String) arguments[0], bundleOf(display, arguments[1], new String[0]));
            case "clearOutput" -> recorder.clearOutput((Boolean) arguments[0]);
            case "page" ->
                recorder.log(bundleOf(display, arguments[0], new String[0]).get("text/plain"));
            case "hashCode" -> {
                return System.identityHashCode(recorder);
            }
            case "equals" -> {
                return arguments[0] == recorder;
            }
            case "toString" -> {
                return "display sink of " + recorder;
            }
            default -> throw new IllegalArgumentException("unknown display operation " + method.getName());
        }
        return null;
    }

    /** A value's MIME bundle as rendered by this copy of {@link Display}. */
    @SuppressWarnings("unchecked")
    private static Map<String, String> bundleOf(Class<?> display, Object value, String[] mimeTypes)
            throws ReflectiveOperationException {
        Object bundle =
                display.getMethod("render", Object.class, String[].class).invoke(null, value, mimeTypes);
        return (Map<String, String>) bundle.getClass().getMethod("data").invoke(bundle);
    }

    /** The rich MIME bundle of a cell's result, from the {@link Display} that made it; null for text only. */
    static Map<String, String> richData(ClassLoader loader, Object value) {
        Class<?> seen = displayClass(loader);
        if (seen == Display.class) {
            return Display.isRich(value) ? Display.render(value).data() : null;
        }
        try {
            if (!(Boolean) seen.getMethod("isRich", Object.class).invoke(null, value)) {
                return null;
            }
            return bundleOf(seen, value, new String[0]);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static Class<?> displayClass(ClassLoader loader) {
        try {
            return Class.forName(Display.class.getName(), false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return Display.class;
        }
    }

    synchronized void beginCell(Capture out, Capture err) {
        cell = new CellState(out, err);
    }

    /** The cell's outputs; {@code more}: a result or an error follows (a pending clear applies to it). */
    synchronized List<NotebookRunner.Output> endCell(boolean more) {
        CellState ending = cell;
        cell = null;
        ending.cut();
        if (more && ending.clearBeforeNext) {
            ending.outputs.clear();
        }
        return List.copyOf(ending.outputs);
    }

    /** Whether {@code value} is the id of a display the running cell made (then it is not the cell's result). */
    synchronized boolean isDisplayIdOfThisCell(Object value) {
        return cell != null && value instanceof String id && cell.ids.contains(id);
    }

    synchronized String show(Map<String, String> bundle) {
        log(bundle.get("text/plain"));
        if (cell == null) {
            return "";
        }
        String id = UUID.randomUUID().toString();
        cell.cut();
        NotebookRunner.DisplayOutput output = new NotebookRunner.DisplayOutput(id, bundle);
        cell.add(output);
        cell.ids.add(id);
        displays.put(id, output);
        return id;
    }

    synchronized void replace(String id, Map<String, String> bundle) {
        log(bundle.get("text/plain"));
        NotebookRunner.DisplayOutput output = id == null ? null : displays.get(id);
        if (output != null) {
            output.replace(bundle);
        }
    }

    @Override
    public synchronized void clearOutput(boolean wait) {
        if (cell == null) {
            return;
        }
        cell.cut();
        if (wait) {
            cell.clearBeforeNext = true;
        } else {
            cell.outputs.clear();
            cell.clearBeforeNext = false;
        }
    }

    void log(String text) {
        System.out.flush();
        System.err.flush();
        log.println(text);
        log.flush();
    }
}
