package io.jfairing.extensions;

import io.jfairing.kernel.spi.CellException;
import io.jfairing.kernel.spi.ExecutedCell;
import io.jfairing.kernel.spi.Session;
import io.jfairing.runtime.cell.CellPart;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;

/**
 * What a stock IJava kernel's session amounts to, for building: IJava keeps no cells, so its JShell's valid
 * snippets stand for them, in order (without IJava's magic calls and this extension's own); the class path is what
 * its cells' class loader was given ({@code %jars}, {@code %maven}) but the kernel's and these extensions' jars.
 */
final class IJavaSession implements Session {
    /** How IJava rewrites a magic line or cell: a call to its runtime's {@code lineMagic} or {@code cellMagic}. */
    private static final java.util.regex.Pattern IJAVA_MAGIC =
            java.util.regex.Pattern.compile("\\s*(lineMagic|cellMagic)\\(");

    private final Object kernel;
    private final ClassLoader cellLoader;
    private final Path extensionFolder;
    private final Path kernelJar;

    IJavaSession(Object kernel, ClassLoader cellLoader, Path extensionFolder, Path kernelJar) {
        this.kernel = kernel;
        this.cellLoader = cellLoader;
        this.extensionFolder = extensionFolder;
        this.kernelJar = kernelJar;
    }

    private JShell shell() {
        try {
            java.lang.reflect.Field field = kernel.getClass().getDeclaredField("evaluator");
            field.setAccessible(true);
            Object evaluator = field.get(kernel);
            return (JShell) evaluator.getClass().getMethod("getShell").invoke(evaluator);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException(
                    "this IJava version keeps its JShell elsewhere: %fairing cannot read the session (" + e + ")", e);
        }
    }

    @Override
    public List<ExecutedCell> executedCells() {
        JShell shell = shell();
        List<ExecutedCell> cells = new ArrayList<>();
        int number = 0;
        for (Snippet snippet : (Iterable<Snippet>) shell.snippets()::iterator) {
            number++;
            String source = snippet.source();
            if (shell.status(snippet) != Snippet.Status.VALID
                    || source.contains("io.github.spencerpark.ijava")
                    || source.contains("io.jfairing.extensions.")
                    || IJAVA_MAGIC.matcher(source).lookingAt()) {
                continue;
            }
            cells.add(new ExecutedCell(number, source, List.of(CellPart.code(source, 0)), ExecutedCell.Status.OK));
        }
        return cells;
    }

    @Override
    public List<Path> classpath() {
        List<Path> entries = new ArrayList<>();
        if (cellLoader instanceof URLClassLoader urls) {
            for (URL url : urls.getURLs()) {
                try {
                    if (!"file".equals(url.getProtocol())) {
                        continue;
                    }
                    Path path = Path.of(url.toURI()).toAbsolutePath().normalize();
                    if (Files.exists(path)
                            && !path.equals(kernelJar)
                            && (extensionFolder == null || !path.startsWith(extensionFolder))
                            && !entries.contains(path)) {
                        entries.add(path);
                    }
                } catch (URISyntaxException | IllegalArgumentException e) {
                    // not a file: nothing to package
                }
            }
        }
        return entries;
    }

    @Override
    public ClassLoader classLoader() {
        return cellLoader;
    }

    @Override
    public void addToClasspath(Path path) {
        try {
            kernel.getClass().getMethod("addToClasspath", String.class).invoke(kernel, path.toString());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot add " + path + " to IJava's class path: " + e, e);
        }
    }

    @Override
    public Object evaluate(String code) throws CellException {
        try {
            return kernel.getClass().getMethod("evalRaw", String.class).invoke(kernel, code);
        } catch (ReflectiveOperationException e) {
            throw new CellException(
                    "EvaluationException",
                    String.valueOf(e.getCause() != null ? e.getCause().getMessage() : e));
        }
    }
}
