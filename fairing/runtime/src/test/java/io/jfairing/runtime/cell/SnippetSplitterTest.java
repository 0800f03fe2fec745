package io.jfairing.runtime.cell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import jdk.jshell.JShell;
import jdk.jshell.SourceCodeAnalysis.Completeness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The snippets of a cell, as the kernel evaluates them and the image build compiles them. */
class SnippetSplitterTest {
    private static JShell shell;
    private static SnippetSplitter splitter;

    @BeforeAll
    static void start() {
        shell = JShell.builder().executionEngine("local").build();
        splitter = new SnippetSplitter(shell.sourceCodeAnalysis());
    }

    @AfterAll
    static void stop() {
        shell.close();
    }

    @Test
    void splitsStatementsKeepingWhereEachStarts() {
        List<SnippetSplitter.Piece> pieces = splitter.split("int a = 1;\n\n  void f() {\n  }\na + 1");
        assertThat(pieces).extracting(SnippetSplitter.Piece::line).containsExactly(0, 2, 4);
        assertThat(pieces).extracting(SnippetSplitter.Piece::offset).containsExactly(0, 14, 29);
        assertThat(pieces.get(1).source()).startsWith("void f() {");
        assertThat(pieces).allMatch(SnippetSplitter.Piece::complete);
    }

    @Test
    void theLastPieceMayBeIncomplete() {
        List<SnippetSplitter.Piece> pieces = splitter.split("int a = 1;\nfor (int i = 0; i < 3; i++) {");
        assertThat(pieces).hasSize(2);
        assertThat(pieces.get(1).complete()).isFalse();
        assertThat(pieces.get(1).completeness()).isNotEqualTo(Completeness.COMPLETE);
        assertThat(splitter.split("  \n")).isEmpty();
        assertThat(SnippetSplitter.lineOf("a\nb\nc", 4)).isEqualTo(2);
    }
}
