package io.jfairing.runtime.cell;

import java.util.ArrayList;
import java.util.List;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.Completeness;

/**
 * Cuts a cell's code into the snippets JShell evaluates one at a time, keeping where each starts: the kernel
 * evaluates them, the image build compiles them, so both see the same snippets. jdk.jshell only.
 */
public final class SnippetSplitter {
    /** One snippet: its source as JShell wants it, its offset in the cell, and its first line (0-based). */
    public record Piece(String source, int offset, int line, Completeness completeness) {
        public boolean complete() {
            return completeness.isComplete();
        }
    }

    private final SourceCodeAnalysis analysis;

    public SnippetSplitter(SourceCodeAnalysis analysis) {
        this.analysis = analysis;
    }

    /**
     * Splits {@code code}. The last piece may be incomplete ({@link Piece#complete()} false) or of
     * unknown completeness (a syntax error JShell could not place), in which case it holds the rest.
     */
    public List<Piece> split(String code) {
        List<Piece> pieces = new ArrayList<>();
        int consumed = 0;
        while (consumed < code.length()) {
            String rest = code.substring(consumed);
            if (rest.isBlank()) {
                break;
            }
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(rest);
            Completeness completeness = info.completeness();
            if (completeness == Completeness.EMPTY) {
                break;
            }
            int start = consumed + leadingSpace(rest);
            if (!completeness.isComplete()) {
                pieces.add(new Piece(rest.stripLeading(), start, lineOf(code, start), completeness));
                break;
            }
            int used = rest.length() - info.remaining().length();
            if (used <= 0) {
                pieces.add(new Piece(rest.stripLeading(), start, lineOf(code, start), Completeness.UNKNOWN));
                break;
            }
            pieces.add(new Piece(info.source().stripLeading(), start, lineOf(code, start), completeness));
            consumed += used;
        }
        return pieces;
    }

    private static int leadingSpace(String text) {
        return text.length() - text.stripLeading().length();
    }

    /** The 0-based line of {@code offset} in {@code text}. */
    public static int lineOf(String text, int offset) {
        int line = 0;
        for (int i = 0; i < offset && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }
}
