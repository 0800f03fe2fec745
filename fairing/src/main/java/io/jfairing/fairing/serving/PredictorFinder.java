package io.jfairing.fairing.serving;

import io.jfairing.fairing.runner.Predictor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the notebook's {@link Predictor} among its compiled classes: the class named (binary name, or the simple
 * name a cell gave it), or else the only concrete implementation. A class a later cell redefines replaces the earlier
 * one, as in the kernel.
 */
final class PredictorFinder {
    /** JShell's wrapper of a cell's snippet: {@code REPL.$JShell$12$Iris} is class {@code Iris} of snippet 12. */
    private static final Pattern SNIPPET_CLASS = Pattern.compile("REPL\\.\\$JShell\\$(\\d+)[A-Z]*\\$([^$]+)");

    private PredictorFinder() {
    }

    /** The predictor classes in {@code classes} (a class folder), the latest definition of each simple name. */
    static List<Class<?>> candidates(Path classes, ClassLoader loader) {
        Map<String, Class<?>> bySimpleName = new LinkedHashMap<>();
        Map<String, Integer> snippet = new LinkedHashMap<>();
        for (String name : classNames(classes)) {
            Class<?> type;
            try {
                type = Class.forName(name, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                continue;
            }
            if (!Predictor.class.isAssignableFrom(type) || type.isInterface() || Modifier.isAbstract(type.getModifiers())
                    || type.isAnonymousClass() || type.isLocalClass() || type.isSynthetic()) {
                continue;
            }
            Matcher m = SNIPPET_CLASS.matcher(name);
            String simple = m.matches() ? m.group(2) : name;
            int number = m.matches() ? Integer.parseInt(m.group(1)) : 0;
            if (!snippet.containsKey(simple) || snippet.get(simple) < number) {
                snippet.put(simple, number);
                bySimpleName.put(simple, type);
            }
        }
        return new ArrayList<>(bySimpleName.values());
    }

    /** The predictor class to serve; {@code wanted} null for the only one. */
    static Class<?> find(Path classes, ClassLoader loader, String wanted) {
        List<Class<?>> found = candidates(classes, loader);
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
            throw new IllegalArgumentException("the notebook defines no class implementing "
                    + Predictor.class.getName() + ": add one (class MyModel implements Predictor<double[], Integer> {...})");
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
        return m.matches() ? m.group(2) : type.getName();
    }

    private static String names(List<Class<?>> types) {
        return String.join(", ", types.stream().map(PredictorFinder::displayName).toList());
    }

    private static List<String> classNames(Path classes) {
        if (!Files.isDirectory(classes)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(classes)) {
            return walk.filter(f -> f.getFileName().toString().endsWith(".class"))
                    .map(f -> classes.relativize(f).toString().replace(java.io.File.separatorChar, '.'))
                    .map(n -> n.substring(0, n.length() - ".class".length()))
                    .filter(n -> !n.endsWith("module-info") && !n.endsWith("package-info"))
                    .sorted(Comparator.naturalOrder()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + classes, e);
        } catch (UncheckedIOException e) {
            throw e;
        }
    }
}
