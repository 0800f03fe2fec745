package io.jfairing.kernel.execution;

import com.sun.source.util.JavacTask;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Whether a snippet is syntactically valid Java, by parsing only (no name resolution), as a class member,
 * a statement, an expression or an import. Used to answer is_complete without evaluating anything.
 */
final class SyntaxChecker implements AutoCloseable {
    private final JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    private final StandardJavaFileManager files = compiler.getStandardFileManager(null, null, null);

    boolean parses(String snippet) {
        String code = snippet.strip();
        if (code.startsWith("import ")) {
            return parsesAs(code + (code.endsWith(";") ? "" : ";") + "\nclass W$ {}");
        }
        String expression = code.endsWith(";") ? code.substring(0, code.length() - 1) : code;
        return parsesAs("class W$ {\n" + code + "\n}")
                || parsesAs("class W$ { void m$() throws Throwable {\n" + code + "\n;}}")
                || parsesAs("class W$ { Object v$ = (\n" + expression + "\n); }");
    }

    private boolean parsesAs(String source) {
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        JavacTask task = (JavacTask)
                compiler.getTask(null, files, diagnostics, List.of("-proc:none"), null, List.of(new Source(source)));
        try {
            task.parse();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return diagnostics.getDiagnostics().stream().noneMatch(d -> d.getKind() == Diagnostic.Kind.ERROR);
    }

    @Override
    public void close() throws IOException {
        files.close();
    }

    private static final class Source extends SimpleJavaFileObject {
        private final String code;

        Source(String code) {
            super(URI.create("string:///W$.java"), Kind.SOURCE);
            this.code = code;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return code;
        }
    }
}
