package io.jfairing.kernel.spi;

import java.util.List;

/**
 * A failure the user can act on (a compile error, an exception thrown by their code, a bad magic
 * argument). The kernel shows it as a Jupyter error with {@link #traceback()} and no kernel internals.
 */
public class CellException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String errorName;
    private final List<String> traceback;

    public CellException(String errorName, String message, List<String> traceback) {
        super(message);
        this.errorName = errorName;
        this.traceback = List.copyOf(traceback);
    }

    public CellException(String errorName, String message) {
        this(errorName, message, List.of(errorName + ": " + message));
    }

    /** The Jupyter {@code ename}, for example {@code CompilationException} or {@code java.lang.ArithmeticException}. */
    public String errorName() {
        return errorName;
    }

    /** The lines shown under the cell. */
    public List<String> traceback() {
        return traceback;
    }
}
