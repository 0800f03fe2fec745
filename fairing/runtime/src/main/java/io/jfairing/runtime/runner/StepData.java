package io.jfairing.runtime.runner;

import io.jfairing.runtime.json.JsonCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The values a pipeline step reads from the steps before it and writes for the steps after it. The runner binds each
 * name from its arguments ({@code --step-input NAME=VALUE} for a parameter given inline, {@code --step-input-path
 * NAME=FILE} for a parameter or artifact in a file, {@code --step-output NAME=FILE} for where to write one), as a
 * Kubeflow Pipelines launcher fills them in; the cells a pipeline compiler adds around a step call {@link #input} and
 * {@link #output}.
 *
 * <p>The format, the same locally and on Kubeflow: a {@code String} as its text; numbers, booleans, lists, sets, maps
 * and records as JSON ({@link JsonCodec}; a record is an object of its components); a {@link Path} as the file or
 * folder itself, copied. Reading converts back to the declared type, records and generic element types included.
 */
public final class StepData {
    /** Runner argument: {@code NAME=VALUE}, a parameter's value inline. */
    public static final String INPUT_ARG = "--step-input";
    /** Runner argument: {@code NAME=FILE}, a parameter or artifact read from a file. */
    public static final String INPUT_PATH_ARG = "--step-input-path";
    /** Runner argument: {@code NAME=FILE}, where an output goes. */
    public static final String OUTPUT_ARG = "--step-output";

    private static final Map<String, String> INLINE = new ConcurrentHashMap<>();
    private static final Map<String, Path> INPUT_FILES = new ConcurrentHashMap<>();
    private static final Map<String, Path> OUTPUT_FILES = new ConcurrentHashMap<>();

    private StepData() {}

    /**
     * The declared type of a value, captured by an anonymous subclass: {@code new StepData.TypeOf<List<Double>>() {}}.
     */
    public abstract static class TypeOf<T> {
        private final Type type;

        protected TypeOf() {
            Type superclass = getClass().getGenericSuperclass();
            if (!(superclass instanceof ParameterizedType parameterized)) {
                throw new IllegalStateException("StepData.TypeOf needs a type argument: new StepData.TypeOf<X>() {}");
            }
            this.type = parameterized.getActualTypeArguments()[0];
        }

        public Type type() {
            return type;
        }
    }

    /** Binds a runner argument ({@link #INPUT_ARG}, {@link #INPUT_PATH_ARG} or {@link #OUTPUT_ARG}). */
    public static void bind(String argument, String nameAndValue) {
        int eq = nameAndValue.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException(argument + " takes NAME=VALUE, not " + nameAndValue);
        }
        String name = nameAndValue.substring(0, eq);
        String value = nameAndValue.substring(eq + 1);
        switch (argument) {
            case INPUT_ARG -> INLINE.put(name, value);
            case INPUT_PATH_ARG -> INPUT_FILES.put(name, Path.of(value));
            case OUTPUT_ARG -> OUTPUT_FILES.put(name, Path.of(value));
            default -> throw new IllegalArgumentException("not a step argument: " + argument);
        }
    }

    /** The input {@code name} as {@code type}; an error naming the input when it was not given or does not fit. */
    @SuppressWarnings("unchecked")
    public static <T> T input(String name, TypeOf<T> type) {
        return (T) input(name, type.type());
    }

    static Object input(String name, Type type) {
        if (type == Path.class) {
            Path file = INPUT_FILES.get(name);
            if (file == null) {
                throw new IllegalStateException("step input '" + name + "' (a file) was not given: run the step with "
                        + INPUT_PATH_ARG + " " + name + "=FILE");
            }
            return file;
        }
        String text;
        if (INLINE.containsKey(name)) {
            text = INLINE.get(name);
        } else if (INPUT_FILES.containsKey(name)) {
            try {
                text = Files.readString(INPUT_FILES.get(name), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read step input '" + name + "'", e);
            }
        } else {
            throw new IllegalStateException("step input '" + name + "' was not given: run the step with " + INPUT_ARG
                    + " " + name + "=VALUE or " + INPUT_PATH_ARG + " " + name + "=FILE");
        }
        try {
            return decode(text, type);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "step input '" + name + "' does not read as " + type.getTypeName() + ": " + e.getMessage(), e);
        }
    }

    /** Writes the output {@code name}; nothing when this run was not asked for it. */
    public static void output(String name, Object value) {
        Path file = OUTPUT_FILES.get(name);
        if (file == null) {
            return;
        }
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            if (value instanceof Path path) {
                copy(path, file);
            } else {
                Files.writeString(file, encode(value), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write step output '" + name + "' to " + file, e);
        }
    }

    /** The text a value is passed as: a string as itself, anything else as JSON. */
    public static String encode(Object value) {
        return value instanceof String s ? s : JsonCodec.write(value);
    }

    /** The value of {@code text} (as {@link #encode} wrote it) as {@code type}. */
    public static Object decode(String text, Type type) {
        if (type == String.class) {
            return text;
        }
        return convert(JsonCodec.parse(text), type);
    }

    private static void copy(Path source, Path target) throws IOException {
        if (!Files.isDirectory(source)) {
            Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
            return;
        }
        try (var walk = Files.walk(source)) {
            for (Path from : (Iterable<Path>) walk::iterator) {
                Path to = target.resolve(source.relativize(from).toString());
                if (Files.isDirectory(from)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static Object convert(Object json, Type type) {
        if (json == null) {
            return null;
        }
        Class<?> raw = rawClass(type);
        if (raw == String.class) {
            return json.toString();
        }
        if (raw == int.class || raw == Integer.class) {
            return ((Number) json).intValue();
        }
        if (raw == long.class || raw == Long.class) {
            return ((Number) json).longValue();
        }
        if (raw == double.class || raw == Double.class) {
            return ((Number) json).doubleValue();
        }
        if (raw == float.class || raw == Float.class) {
            return ((Number) json).floatValue();
        }
        if (raw == short.class || raw == Short.class) {
            return ((Number) json).shortValue();
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return (Boolean) json;
        }
        if (raw == Object.class || raw == Number.class) {
            return json;
        }
        if (raw.isArray()) {
            List<?> list = (List<?>) json;
            Type element = type instanceof GenericArrayType g ? g.getGenericComponentType() : raw.getComponentType();
            Object array = Array.newInstance(rawClass(element), list.size());
            for (int i = 0; i < list.size(); i++) {
                Array.set(array, i, convert(list.get(i), element));
            }
            return array;
        }
        if (Map.class.isAssignableFrom(raw)) {
            Type valueType = typeArgument(type, 1);
            Map<String, Object> map = new LinkedHashMap<>();
            ((Map<?, ?>) json).forEach((k, v) -> map.put((String) k, convert(v, valueType)));
            return map;
        }
        if (Collection.class.isAssignableFrom(raw)) {
            Type element = typeArgument(type, 0);
            Collection<Object> values = Set.class.isAssignableFrom(raw) ? new LinkedHashSet<>() : new ArrayList<>();
            for (Object item : (List<?>) json) {
                values.add(convert(item, element));
            }
            return values;
        }
        if (raw.isRecord()) {
            Map<?, ?> fields = (Map<?, ?>) json;
            RecordComponent[] components = raw.getRecordComponents();
            Object[] values = new Object[components.length];
            Class<?>[] types = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                values[i] = convert(fields.get(components[i].getName()), components[i].getGenericType());
                types[i] = components[i].getType();
            }
            try {
                Constructor<?> constructor = raw.getDeclaredConstructor(types);
                constructor.setAccessible(true);
                return constructor.newInstance(values);
            } catch (ReflectiveOperationException e) {
                throw new IllegalArgumentException("cannot make a " + raw.getName() + ": " + e, e);
            }
        }
        throw new IllegalArgumentException("a " + raw.getName()
                + " cannot be read back: pass a primitive, String, List, Set, Map, record or Path");
    }

    private static Type typeArgument(Type type, int index) {
        if (type instanceof ParameterizedType p && p.getActualTypeArguments().length > index) {
            return p.getActualTypeArguments()[index];
        }
        return Object.class;
    }

    private static Class<?> rawClass(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        if (type instanceof GenericArrayType g) {
            return Array.newInstance(rawClass(g.getGenericComponentType()), 0).getClass();
        }
        return Object.class; // a wildcard or type variable: as JSON gives it
    }
}
