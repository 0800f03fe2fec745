package io.jfairing.runtime.server;

import io.jfairing.runtime.runner.Predictor;
import io.jfairing.runtime.runner.Program;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the notebook's {@link Predictor}: the compiler lists the classes implementing it ({@link Program#predictors()},
 * the latest definition of each name); the one named (binary name, or the name the cell gave it), or else the only one.
 */
final class PredictorFinder {
    /** A class declared by a cell: {@code REPL.$JShell$12$Iris} is class {@code Iris}. */
    private static final Pattern SNIPPET_CLASS = Pattern.compile("REPL\\.\\$JShell\\$\\d+[A-Z]*\\$([^$]+)");

    private PredictorFinder() {}

    /** The concrete predictor classes the program lists, loaded from {@code loader}. */
    static List<Class<?>> candidates(Program program, ClassLoader loader) {
        List<Class<?>> found = new ArrayList<>();
        for (String name : program.predictors()) {
            Class<?> type;
            try {
                type = Class.forName(name, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                throw new IllegalArgumentException("cannot load the predictor class " + name + ": " + e);
            }
            if (Predictor.class.isAssignableFrom(type)
                    && !type.isInterface()
                    && !Modifier.isAbstract(type.getModifiers())) {
                found.add(type);
            }
        }
        return found;
    }

    /** The predictor class to serve; {@code wanted} null for the only one. */
    static Class<?> find(Program program, ClassLoader loader, String wanted) {
        List<Class<?>> found = candidates(program, loader);
        if (wanted != null && !wanted.isBlank()) {
            for (Class<?> type : found) {
                if (type.getName().equals(wanted) || displayName(type).equals(wanted)) {
                    return type;
                }
            }
            throw new IllegalArgumentException("the notebook defines no Predictor class named " + wanted
                    + (found.isEmpty() ? "" : " (it defines " + names(found) + ")"));
        }
        if (found.isEmpty()) {
            throw new IllegalArgumentException("the notebook defines no class implementing " + Predictor.class.getName()
                    + ": add one (class MyModel implements Predictor<double[], Integer> {...})");
        }
        if (found.size() > 1) {
            throw new IllegalArgumentException("the notebook defines several Predictor classes (" + names(found)
                    + "): name the one to serve (--predictor NAME, FAIRING_PREDICTOR)");
        }
        return found.get(0);
    }

    /** A new instance through the no-argument constructor (any visibility). */
    static Predictor<?, ?> instantiate(Class<?> type) throws ReflectiveOperationException {
        Constructor<?> constructor;
        try {
            constructor = type.getDeclaredConstructor();
        } catch (NoSuchMethodException e) {
            throw new NoSuchMethodException(displayName(type) + " needs a constructor without parameters to be served");
        }
        constructor.setAccessible(true);
        try {
            return (Predictor<?, ?>) constructor.newInstance();
        } catch (InvocationTargetException e) {
            throw new InvocationTargetException(e.getCause(), "new " + displayName(type) + "() threw " + e.getCause());
        }
    }

    /** {@code Iris} for {@code REPL.$JShell$12$Iris}, else the binary name. */
    static String displayName(Class<?> type) {
        Matcher m = SNIPPET_CLASS.matcher(type.getName());
        return m.matches() ? m.group(1) : type.getName();
    }

    private static String names(List<Class<?>> types) {
        return String.join(
                ", ", types.stream().map(PredictorFinder::displayName).sorted().toList());
    }
}
