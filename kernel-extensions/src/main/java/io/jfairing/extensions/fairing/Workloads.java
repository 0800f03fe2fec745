package io.jfairing.extensions.fairing;

import io.jfairing.extensions.Workspace;
import io.jfairing.extensions.magic.ArgumentException;
import io.jfairing.fairing.Fairing;
import io.jfairing.fairing.compile.CompilerSession;
import io.jfairing.fairing.notebook.Notebook;
import io.jfairing.fairing.preprocess.DependencyResolver;
import io.jfairing.kernel.spi.ExecutedCell;
import io.jfairing.kernel.spi.Session;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns what the user asked for (the session's cells, some of them, one cell's body, or a saved notebook) into a
 * {@link Fairing.Build} with the session's class path: jars {@code %maven} resolved are reused, not resolved again.
 * Code that uses the metadata client gets its jars too. Keeps one {@link CompilerSession} so that a rebuild
 * recompiles only from the first changed cell.
 */
final class Workloads implements AutoCloseable {
    private final Workspace workspace;
    private final Session session;
    private final CompilerSession compiler = new CompilerSession();

    Workloads(Workspace workspace, Session session) {
        this.workspace = workspace;
        this.session = session;
    }

    /** A build of the session's cells (or {@code body} alone, for {@code %%fairing}), or of a saved notebook. */
    Fairing.Build build(WorkloadOptions options, String body) throws ArgumentException {
        Fairing.Build build;
        String sources;
        if (options.notebook != null) {
            Path file = workspace.project().resolve(options.notebook);
            if (!Files.isRegularFile(file)) {
                throw new ArgumentException(
                        "--notebook " + options.notebook + ": no such file in " + workspace.project());
            }
            build = Fairing.notebook(file);
            sources = "";
        } else {
            String name = notebookName();
            Notebook notebook = body != null
                    ? NotebookSource.ofCellBody(name, session, lastExecutionCount() + 1, body)
                    : NotebookSource.ofSession(name, session, options.cellNumbers());
            if (notebook.codeCells().isEmpty()) {
                throw new ArgumentException(
                        body != null
                                ? "the cell is empty: put the training code below %%fairing"
                                : "there is nothing to package: no cell ran without error"
                                        + (options.cells != null ? " among --cells " + options.cells : ""));
            }
            build = Fairing.notebook(notebook).compiler(compiler);
            StringBuilder all = new StringBuilder();
            notebook.codeCells().forEach(c -> all.append(c.source()).append('\n'));
            sources = all.toString();
        }
        List<Path> classpath = new ArrayList<>(session.classpath());
        if (sources.contains("io.jfairing.metadata")
                || sources.contains("MetadataStore")
                || sources.contains("Workspace.current()")) {
            classpath.addAll(metadataClientJars());
        }
        build.baseDirectory(workspace.project()).classpath(classpath).dependencyResolver(DependencyResolver.none());
        return options.code.applyTo(build);
    }

    private String notebookName() {
        Path name = workspace.project().getFileName();
        return name == null ? "notebook" : name.toString();
    }

    private int lastExecutionCount() {
        List<ExecutedCell> cells = session.executedCells();
        return cells.isEmpty() ? 0 : cells.get(cells.size() - 1).executionCount();
    }

    /** The jars of metadata-client and its run-time libraries, where this JVM loaded them from. */
    static List<Path> metadataClientJars() {
        Set<Path> jars = new LinkedHashSet<>();
        Path client = codeSource("io.jfairing.metadata.MetadataStore");
        if (client == null) {
            return List.of();
        }
        jars.add(client);
        for (String className : List.of(
                "org.sqlite.JDBC",
                "com.fasterxml.jackson.databind.ObjectMapper",
                "com.fasterxml.jackson.core.JsonFactory",
                "com.fasterxml.jackson.annotation.JsonProperty")) {
            Path jar = codeSource(className);
            if (jar != null) {
                jars.add(jar);
            }
        }
        // slf4j-api and a provider: the kernel's own jar holds copies; take the real jars from beside metadata-client's
        Path folder = client.getParent();
        if (folder != null && Files.isDirectory(folder)) {
            try (var files = Files.list(folder)) {
                files.filter(f -> f.getFileName().toString().matches("slf4j-(api|jdk14)-[0-9.]+\\.jar"))
                        .sorted()
                        .forEach(jars::add);
            } catch (java.io.IOException e) {
                // without slf4j-api the client still loads; only its logging is lost
            }
        }
        return new ArrayList<>(jars);
    }

    private static Path codeSource(String className) {
        try {
            CodeSource source = Class.forName(className, false, Workloads.class.getClassLoader())
                    .getProtectionDomain()
                    .getCodeSource();
            return source == null || source.getLocation() == null
                    ? null
                    : Path.of(source.getLocation().toURI());
        } catch (ClassNotFoundException | URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public void close() {
        compiler.close();
    }
}
