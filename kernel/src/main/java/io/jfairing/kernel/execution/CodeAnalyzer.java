package io.jfairing.kernel.execution;

import io.jfairing.runtime.cell.MagicExpressions;
import io.jfairing.runtime.cell.SnippetSplitter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.Completeness;

/** Completion, inspection and completeness of cell code, for the frontend's tab, shift-tab and console. */
public final class CodeAnalyzer {
    /** A completion: the texts to offer and the cell range they replace. */
    public record Completion(List<String> matches, int start, int end) {}

    /** What is known of the name at the cursor. */
    public record Inspection(String signature, String documentation) {}

    private static final java.util.regex.Pattern ANNOTATIONS_ONLY =
            java.util.regex.Pattern.compile("(@[\\w.]+(\\([^)]*\\))?\\s*)+");

    private final CodeEvaluator evaluator;
    private final SyntaxChecker syntax = new SyntaxChecker();

    public CodeAnalyzer(CodeEvaluator evaluator) {
        this.evaluator = evaluator;
    }

    private SourceCodeAnalysis analysis() {
        return evaluator.analysis();
    }

    /** Completes the code at {@code cursor}; magic names are completed on magic lines. */
    public Completion complete(String cell, int cursor, Set<String> lineMagics, Set<String> cellMagics) {
        cursor = Math.max(0, Math.min(cursor, cell.length()));
        int lineStart = cell.lastIndexOf('\n', cursor - 1) + 1;
        String beforeCursor = cell.substring(lineStart, cursor);
        String stripped = beforeCursor.stripLeading();
        if (stripped.startsWith("%") && !stripped.contains(" ")) {
            int start = lineStart + (beforeCursor.length() - stripped.length());
            List<String> matches = new ArrayList<>();
            boolean cellMagic = stripped.startsWith("%%");
            String prefix = stripped.substring(cellMagic ? 2 : 1);
            for (String name : cellMagic ? cellMagics : lineMagics) {
                if (name.startsWith(prefix)) {
                    matches.add((cellMagic ? "%%" : "%") + name);
                }
            }
            if (!cellMagic && lineStart == firstCodeLine(cell)) {
                for (String name : cellMagics) {
                    if (name.startsWith(prefix)) {
                        matches.add("%%" + name);
                    }
                }
            }
            java.util.Collections.sort(matches);
            return new Completion(matches, start, cursor);
        }
        String code = maskMagics(cell);
        List<SnippetSplitter.Piece> pieces = pieces(code, cursor);
        int pieceStart = pieceStart(pieces, cursor);
        String snippet = code.substring(pieceStart, cursor);
        int[] anchor = new int[1];
        List<SourceCodeAnalysis.Suggestion> suggestions = List.of();
        for (String text : inContext(pieces, snippet)) {
            suggestions = analysis().completionSuggestions(text, text.length(), anchor);
            anchor[0] -= text.length() - snippet.length();
            if (!suggestions.isEmpty() && anchor[0] >= 0) {
                break;
            }
            suggestions = List.of();
        }
        if (suggestions.isEmpty()) {
            suggestions = analysis().completionSuggestions(snippet, snippet.length(), anchor);
        }
        Set<String> preferred = new LinkedHashSet<>();
        Set<String> others = new LinkedHashSet<>();
        for (SourceCodeAnalysis.Suggestion suggestion : suggestions) {
            String text = suggestion.continuation();
            if (text.endsWith("()")) {
                text = text.substring(0, text.length() - 2);
            } else if (text.endsWith("(")) {
                text = text.substring(0, text.length() - 1);
            }
            (suggestion.matchesType() ? preferred : others).add(text);
        }
        preferred.addAll(others);
        return new Completion(new ArrayList<>(preferred), pieceStart + anchor[0], cursor);
    }

    /** Signature and Javadoc of what the cursor is on, or just after; {@code null} if nothing is known. */
    public Inspection inspect(String cell, int cursor) {
        String code = maskMagics(cell);
        cursor = Math.max(0, Math.min(cursor, code.length()));
        List<SnippetSplitter.Piece> pieces = pieces(code, cursor);
        int pieceStart = pieceStart(pieces, cursor);
        int wordEnd = cursor;
        while (wordEnd < code.length() && Character.isJavaIdentifierPart(code.charAt(wordEnd))) {
            wordEnd++;
        }
        String snippet = code.substring(pieceStart, wordEnd);
        List<SourceCodeAnalysis.Documentation> docs = List.of();
        for (String text : inContext(pieces, snippet)) {
            docs = documentation(text);
            if (!docs.isEmpty()) {
                break;
            }
        }
        if (docs.isEmpty()) {
            docs = documentation(snippet);
        }
        if (docs.isEmpty()) {
            return variable(lastWord(snippet));
        }
        StringBuilder signatures = new StringBuilder();
        String javadoc = null;
        for (SourceCodeAnalysis.Documentation doc : docs) {
            signatures.append(CellContext.unwrapped(doc.signature())).append('\n');
            if (javadoc == null && doc.javadoc() != null && !doc.javadoc().isBlank()) {
                javadoc = doc.javadoc();
            }
        }
        return new Inspection(signatures.toString().strip(), javadoc);
    }

    /** The documentation of what ends {@code code}, or of the method it names. */
    private List<SourceCodeAnalysis.Documentation> documentation(String code) {
        List<SourceCodeAnalysis.Documentation> docs = analysis().documentation(code, code.length(), true);
        return docs.isEmpty() ? analysis().documentation(code + "(", code.length() + 1, true) : docs;
    }

    private Inspection variable(String name) {
        if (name.isEmpty()) {
            return null;
        }
        return evaluator
                .shell()
                .variables()
                .filter(v ->
                        v.name().equals(name) && evaluator.shell().status(v).isActive())
                .reduce((a, b) -> b)
                .map(v -> new Inspection(v.typeName() + " " + v.name(), null))
                .orElse(null);
    }

    /**
     * {@code complete}, {@code invalid}, or the indent to continue an incomplete cell with (for a console's
     * Enter key). Magic lines count as complete.
     */
    public String isComplete(String cell) {
        if (cell.stripLeading().startsWith("%%")) {
            return "complete"; // a cell magic owns its body
        }
        String code = MagicExpressions.rewrite(maskMagics(cell));
        if (code.isBlank()) {
            return "complete";
        }
        List<SnippetSplitter.Piece> pieces = new SnippetSplitter(analysis()).split(code);
        for (SnippetSplitter.Piece piece : pieces) {
            if (ANNOTATIONS_ONLY
                    .matcher(piece.source().strip().replaceAll(";$", ""))
                    .matches()) {
                return ""; // a declaration follows the annotation
            }
            if (piece.completeness() == Completeness.UNKNOWN) {
                return "invalid";
            }
            if (!piece.complete()) {
                return " ".repeat(4 * Math.max(1, openBrackets(piece.source())));
            }
            if (!syntax.parses(piece.source())) {
                return "invalid";
            }
        }
        return "complete";
    }

    /** The snippets of the code before the cursor; the last one is the cursor's. */
    private List<SnippetSplitter.Piece> pieces(String code, int cursor) {
        return new SnippetSplitter(analysis()).split(code.substring(0, cursor));
    }

    private static int pieceStart(List<SnippetSplitter.Piece> pieces, int cursor) {
        return pieces.isEmpty()
                ? cursor
                : Math.min(pieces.get(pieces.size() - 1).offset(), cursor);
    }

    /**
     * The cursor's snippet after the cell's earlier snippets ({@link CellContext}), as a statement and as a
     * declaration, each ending with it; none when it is the cell's first.
     */
    private List<String> inContext(List<SnippetSplitter.Piece> pieces, String snippet) {
        List<SnippetSplitter.Piece> earlier = pieces.isEmpty() ? List.of() : pieces.subList(0, pieces.size() - 1);
        return CellContext.of(analysis(), earlier)
                .map(context -> List.of(context.withStatement(snippet), context.withDeclaration(snippet)))
                .orElse(List.of());
    }

    private static int openBrackets(String source) {
        int depth = 0;
        boolean inString = false;
        char quote = 0;
        for (int i = 0; i < source.length(); i++) {
            char c = source.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    inString = false;
                }
            } else if (c == '"' || c == '\'') {
                inString = true;
                quote = c;
            } else if (c == '{' || c == '(' || c == '[') {
                depth++;
            } else if (c == '}' || c == ')' || c == ']') {
                depth--;
            }
        }
        return depth;
    }

    /** Replaces magic lines with spaces, keeping every offset of the code around them. */
    static String maskMagics(String cell) {
        StringBuilder masked = new StringBuilder(cell.length());
        String[] lines = cell.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            masked.append(line.stripLeading().startsWith("%") ? " ".repeat(line.length()) : line);
            if (i < lines.length - 1) {
                masked.append('\n');
            }
        }
        return masked.toString();
    }

    private static int firstCodeLine(String cell) {
        int offset = 0;
        for (String line : cell.split("\n", -1)) {
            if (!line.isBlank()) {
                return offset;
            }
            offset += line.length() + 1;
        }
        return 0;
    }

    private static String lastWord(String text) {
        int end = text.length();
        int start = end;
        while (start > 0 && Character.isJavaIdentifierPart(text.charAt(start - 1))) {
            start--;
        }
        return text.substring(start, end);
    }
}
