package io.jfairing.runtime.runner;

import io.jfairing.runtime.use.PresetRenderers;
import java.io.PrintStream;
import java.util.Optional;

/**
 * A cell's result as the {@code %use} presets of the program show it (a Commons Math matrix as a table, an XChart
 * chart as a PNG), as the kernel shows it: the renderers the replayed cells added to {@link PresetRenderers#program()}
 * (the copy the code sees through its class loader), a failing renderer reported on stderr and the value shown as
 * it is.
 */
final class PresetResults {
    private static final int MAX_DEPTH = 16;

    private PresetResults() {}

    /** Forgets the renderers of an earlier program run in this JVM. */
    static void clear(ClassLoader loader) {
        PresetRenderers.program().clear();
        Class<?> seen = renderersClass(loader);
        if (seen != PresetRenderers.class) {
            try {
                Object renderers = seen.getMethod("program").invoke(null);
                seen.getMethod("clear").invoke(renderers);
            } catch (ReflectiveOperationException | RuntimeException e) {
                // an incompatible copy: nothing to clear
            }
        }
    }

    /** What to show for {@code value}: what its preset renderer gives, else the value itself. */
    static Object shown(ClassLoader loader, Object value, PrintStream err) {
        Object shown = value;
        for (int depth = 0; depth < MAX_DEPTH && shown != null; depth++) {
            Object next;
            try {
                next = render(loader, shown).orElse(shown);
            } catch (RuntimeException e) {
                err.println("The %use renderer for " + shown.getClass().getName() + " failed (" + e
                        + "); showing the value as text.");
                return shown;
            }
            if (next == shown) {
                return shown;
            }
            shown = next;
        }
        return shown == null ? value : shown;
    }

    @SuppressWarnings("unchecked")
    private static Optional<Object> render(ClassLoader loader, Object value) {
        Class<?> seen = renderersClass(loader);
        if (seen == PresetRenderers.class) {
            return PresetRenderers.program().render(value);
        }
        try {
            Object renderers = seen.getMethod("program").invoke(null);
            return (Optional<Object>) seen.getMethod("render", Object.class).invoke(renderers, value);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            return Optional.empty();
        }
    }

    private static Class<?> renderersClass(ClassLoader loader) {
        try {
            return Class.forName(PresetRenderers.class.getName(), false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return PresetRenderers.class;
        }
    }
}
