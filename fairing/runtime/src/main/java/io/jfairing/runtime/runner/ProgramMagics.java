package io.jfairing.runtime.runner;

import io.jfairing.runtime.cell.LineMagicCall;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The magics a replayed cell's code uses as values ({@code List<String> added = %jars lib/*.jar}): the build ran
 * them (their jars are in the image) and recorded what they added, so that here each gives the kernel's kind of
 * value, the paths as this program sees them. Any other magic called from code fails with a message that says so.
 */
final class ProgramMagics implements LineMagicCall.Runner {
    private final Map<String, List<String>> values = new HashMap<>();

    ProgramMagics(Program program) {
        for (Program.MagicValue value : program.magicValues()) {
            values.put(key(value.name(), value.arguments()), value.paths());
        }
    }

    private static String key(String name, String arguments) {
        return name + '\u0000' + arguments.strip();
    }

    @Override
    public Object line(String name, String rawArguments) {
        List<String> paths = values.get(key(name, rawArguments));
        if (paths == null) {
            throw new IllegalStateException("%" + name + (rawArguments.isBlank() ? "" : " " + rawArguments.strip())
                    + " has no value here: the image build runs the magics written in a cell"
                    + " (`var jars = %maven g:a:v`), not ones the code makes up as it runs");
        }
        return List.copyOf(paths);
    }

    @Override
    public Object magic(String name, List<String> arguments, String body) {
        if (body != null) {
            throw new IllegalStateException("%%" + name + " cannot run from code in an image");
        }
        return line(name, String.join(" ", arguments));
    }

    /**
     * Makes {@link LineMagicCall} as the code sees it through {@code loader} (and the runner's own) answer with
     * {@code magics}; null disconnects. A copy of {@link LineMagicCall} from another class loader gets a proxy of its
     * own {@link LineMagicCall.Runner}.
     */
    static void connect(ClassLoader loader, ProgramMagics magics) {
        LineMagicCall.attach(magics);
        Class<?> seen;
        try {
            seen = Class.forName(LineMagicCall.class.getName(), false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return;
        }
        if (seen == LineMagicCall.class) {
            return;
        }
        try {
            Class<?> runnerType = Class.forName(LineMagicCall.Runner.class.getName(), false, seen.getClassLoader());
            Object runner = magics == null
                    ? null
                    : Proxy.newProxyInstance(
                            seen.getClassLoader(), new Class<?>[] {runnerType}, (proxy, method, arguments) -> {
                                return forward(magics, method, arguments);
                            });
            seen.getMethod("attach", runnerType).invoke(null, runner);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // an incompatible copy: its magics fail as outside the kernel
        }
    }

    @SuppressWarnings("unchecked")
    private static Object forward(ProgramMagics magics, Method method, Object[] arguments) throws Throwable {
        switch (method.getName()) {
            case "line" -> {
                return magics.line((String) arguments[0], (String) arguments[1]);
            }
            case "magic" -> {
                return magics.magic((String) arguments[0], (List<String>) arguments[1], (String) arguments[2]);
            }
            case "hashCode" -> {
                return System.identityHashCode(magics);
            }
            case "equals" -> {
                return arguments[0] == magics;
            }
            case "toString" -> {
                return "magics of " + magics;
            }
            default -> throw new InvocationTargetException(new IllegalArgumentException(method.getName()));
        }
    }
}
