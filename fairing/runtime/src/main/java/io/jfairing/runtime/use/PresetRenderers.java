package io.jfairing.runtime.use;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * The renderers that presets added: for a value of a preset's type, what to display instead. The kernel keeps one
 * per session; in an image (or a local run) the replayed cells add theirs to {@link #program()}, which the runner
 * consults for each cell's result.
 */
public final class PresetRenderers {
    private static final PresetRenderers PROGRAM = new PresetRenderers();

    private record Entry(String type, Function<Object, Object> render) {}

    private final List<Entry> entries = new CopyOnWriteArrayList<>();

    /** The renderers of the notebook program this JVM replays: the code an image build writes for {@code %use}. */
    public static PresetRenderers program() {
        return PROGRAM;
    }

    /** Forgets every renderer (a runner starting another program in the same JVM). */
    public void clear() {
        entries.clear();
    }

    /** Shows values that are a {@code type} (by class name) with {@code render}; the latest added wins. */
    public void add(String type, Function<Object, Object> render) {
        entries.add(0, new Entry(type, render));
    }

    /** What to display for {@code value}, if a preset renders its type. */
    public Optional<Object> render(Object value) {
        if (value == null || entries.isEmpty()) {
            return Optional.empty();
        }
        Set<String> types = typeNames(value.getClass());
        for (Entry entry : entries) {
            if (types.contains(entry.type())) {
                return Optional.ofNullable(entry.render().apply(value));
            }
        }
        return Optional.empty();
    }

    /** The names of {@code type}, its superclasses and every interface they implement. */
    static Set<String> typeNames(Class<?> type) {
        Set<String> names = new HashSet<>();
        Deque<Class<?>> todo = new ArrayDeque<>();
        todo.add(type);
        while (!todo.isEmpty()) {
            Class<?> next = todo.poll();
            if (names.add(next.getName())) {
                if (next.getSuperclass() != null) {
                    todo.add(next.getSuperclass());
                }
                todo.addAll(List.of(next.getInterfaces()));
            }
        }
        return names;
    }
}
