package io.jfairing.kernel.execution;

import io.jfairing.runtime.cell.SnippetSplitter;
import java.util.List;
import java.util.Optional;
import jdk.jshell.Snippet;
import jdk.jshell.SourceCodeAnalysis;

/**
 * The snippets of a cell before the cursor's, which have not run yet, written so that JShell's analysis sees
 * them: the cell's methods and types become members of a class, its variables and statements the start of a
 * method's body, and the cursor's snippet follows either in the body or among the members. Completion and
 * inspection then know {@code String greet(String who) {...}} or a record declared two lines up.
 */
final class CellContext {
    private static final String NAME = "$CellContext";
    private static final String CLASS = "class " + NAME + " {\n";
    private static final String METHOD = "void $cell() throws Throwable {\n";

    private final String members;
    private final String statements;

    private CellContext(String members, String statements) {
        this.members = members;
        this.statements = statements;
    }

    /** The context of {@code earlier}, the cell's snippets before the cursor's; empty when there are none. */
    static Optional<CellContext> of(SourceCodeAnalysis analysis, List<SnippetSplitter.Piece> earlier) {
        StringBuilder members = new StringBuilder();
        StringBuilder statements = new StringBuilder();
        for (SnippetSplitter.Piece piece : earlier) {
            String source = piece.source();
            Snippet.Kind kind = analysis.sourceToSnippets(source).stream()
                    .findFirst()
                    .map(Snippet::kind)
                    .orElse(Snippet.Kind.ERRONEOUS);
            switch (kind) {
                case METHOD, TYPE_DECL -> members.append(source).append('\n');
                case IMPORT -> {} // a class body cannot hold one; the session's imports still apply
                default -> statements.append(source).append('\n');
            }
        }
        if (members.isEmpty() && statements.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new CellContext(members.toString(), statements.toString()));
    }

    /** {@code text} (a signature) without the name of the class that holds the cell's declarations. */
    static String unwrapped(String text) {
        return text.replace(NAME + ".", "");
    }

    /** The cursor's snippet as a statement after the earlier ones; it ends the returned text. */
    String withStatement(String snippet) {
        return CLASS + members + METHOD + statements + snippet;
    }

    /** The cursor's snippet as a declaration beside the earlier ones; it ends the returned text. */
    String withDeclaration(String snippet) {
        return CLASS + members + snippet;
    }
}
