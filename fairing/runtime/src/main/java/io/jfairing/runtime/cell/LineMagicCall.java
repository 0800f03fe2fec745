package io.jfairing.runtime.cell;

import java.util.List;

/**
 * How a cell's code runs magics: a line magic used as an expression ({@code List<String> jars = %jars *.jar}, as
 * in IJava), which the kernel rewrites into {@link #call(String, String)}, and IJava's {@code lineMagic} and
 * {@code cellMagic} functions ({@link NotebookMagics}). Each runs the magic and returns its value.
 */
public final class LineMagicCall {
    private static volatile Runner runner;

    private LineMagicCall() {}

    /** How the kernel runs a magic whose value code takes. */
    public interface Runner {
        /** Runs {@code %name rawArguments}, the arguments split as on a magic line. */
        Object line(String name, String rawArguments) throws Exception;

        /** Runs a magic with its arguments already split; a line magic when {@code body} is null. */
        Object magic(String name, List<String> arguments, String body) throws Exception;
    }

    /** Sets the kernel's runner; the latest session's wins. */
    public static void attach(Runner kernelRunner) {
        runner = kernelRunner;
    }

    /** Runs {@code %name arguments} and returns its value, typed as the code that takes it expects. */
    public static <T> T call(String name, String arguments) {
        return run(name, false, current -> current.line(name, arguments));
    }

    static <T> T call(String name, List<String> arguments, String body) {
        return run(name, body != null, current -> current.magic(name, List.copyOf(arguments), body));
    }

    @FunctionalInterface
    private interface Call {
        Object on(Runner runner) throws Exception;
    }

    @SuppressWarnings("unchecked")
    private static <T> T run(String name, boolean cell, Call call) {
        String magic = (cell ? "%%" : "%") + name;
        Runner current = runner;
        if (current == null) {
            throw new Failed(magic + " can only run in the jfairing kernel");
        }
        try {
            return (T) call.on(current);
        } catch (Failed | Error e) {
            throw e;
        } catch (Exception e) {
            String message = String.valueOf(e.getMessage());
            throw new Failed(message.startsWith(magic) ? message : magic + ": " + message);
        }
    }

    /** A magic run by code failed; the cell fails with the magic's message. */
    public static final class Failed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Failed(String message) {
            super(message);
        }
    }
}
