package io.jfairing.kernel.execution;

import io.jfairing.kernel.runtime.KernelExit;
import io.jfairing.runtime.cell.LineMagicCall;
import io.jfairing.runtime.cell.NotebookMagics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jdk.jshell.EvalException;
import jdk.jshell.JShellException;

/**
 * Formats an exception thrown by a cell like {@code printStackTrace}, but with snippet frames shown as
 * cell lines and without the kernel's own frames below the user's code.
 */
final class StackTraceFormatter {
    private final Map<String, SnippetOrigin> origins;

    StackTraceFormatter(Map<String, SnippetOrigin> origins) {
        this.origins = origins;
    }

    List<String> format(Throwable error) {
        List<String> lines = new ArrayList<>();
        Throwable current = error;
        String prefix = "";
        int depth = 0;
        while (current != null && depth++ < 20) {
            lines.add(prefix + header(current));
            String previous = null;
            for (StackTraceElement frame : userFrames(current.getStackTrace())) {
                String line = "\tat " + frame(frame);
                if (!(line.equals(previous) && line.contains("<cell>"))) { // a variable's initializer and its snippet
                    lines.add(line);
                }
                previous = line;
            }
            current = current.getCause();
            prefix = "Caused by: ";
        }
        return lines;
    }

    /**
     * The name a user reads for an exception class: {@code SystemExit} (as in Python) for the kernel's stand-in
     * for exiting, {@code MagicError} for a failed magic expression; their classes are the kernel's business.
     */
    static String displayName(String className) {
        if (className.equals(KernelExit.ExitRequested.class.getName())) {
            return "SystemExit";
        }
        return className.equals(LineMagicCall.Failed.class.getName()) ? "MagicError" : className;
    }

    private static String header(Throwable error) {
        String name = displayName(
                error instanceof EvalException eval
                        ? eval.getExceptionClassName()
                        : error.getClass().getName());
        String message = error instanceof JShellException || error instanceof EvalException
                ? error.getMessage()
                : error.getLocalizedMessage();
        return message == null ? name : name + ": " + message;
    }

    /** Keeps frames down to the last snippet frame; below it are reflection and the kernel. */
    private static List<StackTraceElement> userFrames(StackTraceElement[] frames) {
        int last = -1;
        for (int i = 0; i < frames.length; i++) {
            if (isSnippet(frames[i])) {
                last = i;
            }
        }
        List<StackTraceElement> kept = new ArrayList<>();
        for (int i = 0; i <= (last < 0 ? frames.length - 1 : last); i++) {
            if (!isInternal(frames[i])) {
                kept.add(frames[i]);
            }
        }
        return kept;
    }

    /** JShell rewrites snippet frames to an empty class and a file name of {@code #<snippet id>}. */
    private static boolean isSnippet(StackTraceElement frame) {
        String file = frame.getFileName();
        return frame.getClassName().startsWith("REPL.") || (file != null && file.startsWith("#"));
    }

    private static boolean isInternal(StackTraceElement frame) {
        String name = frame.getClassName();
        return name.startsWith("jdk.jshell.")
                || name.startsWith("io.jfairing.kernel.execution.")
                || name.startsWith("io.jfairing.kernel.runtime.")
                || name.startsWith(LineMagicCall.class.getName())
                || name.startsWith(NotebookMagics.class.getName())
                || name.startsWith("jdk.internal.reflect.")
                || name.startsWith("java.lang.reflect.Method");
    }

    private String frame(StackTraceElement frame) {
        if (!isSnippet(frame)) {
            return frame.toString();
        }
        String method = frame.getMethodName();
        String owner = frame.getClassName().replaceFirst("^REPL\\.\\$JShell\\$\\d+[A-Z]?\\$?", "");
        String where = owner.isEmpty() ? method : owner + "." + method;
        if (where.isEmpty() || method.startsWith("do_it$")) {
            where = "<cell>";
        }
        String file = frame.getFileName();
        SnippetOrigin origin = file != null && file.startsWith("#") ? origins.get(file.substring(1)) : null;
        if (origin == null || frame.getLineNumber() < 0) {
            return where + "(" + file + ")";
        }
        return where + "(cell [" + origin.cell() + "], line " + (origin.firstLine() + frame.getLineNumber()) + ")";
    }
}
