package io.jfairing.fairing.testing;

import io.jfairing.fairing.compile.CompiledNotebook;
import io.jfairing.fairing.image.RunnerFiles;
import io.jfairing.runtime.runner.NotebookRunner;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs compiled notebook code in this JVM, as the image's runner would, and keeps what it printed. */
public record LocalRun(NotebookRunner.Outcome outcome, String stdout, String stderr) {
    public static LocalRun of(CompiledNotebook compiled) throws IOException {
        return of(compiled, null);
    }

    /** As {@link #of(CompiledNotebook)}, also copying stdout, write by write, to {@code stdoutWrites}. */
    public static LocalRun of(CompiledNotebook compiled, java.io.OutputStream stdoutWrites) throws IOException {
        Path dir = Files.createTempDirectory("jfairing-localrun");
        compiled.writeTo(dir);
        List<URL> urls = new ArrayList<>();
        urls.add(dir.resolve(CompiledNotebook.CLASSES_DIRECTORY).toUri().toURL());
        for (Path entry : compiled.workload().classpath()) {
            urls.add(entry.toUri().toURL());
        }
        urls.add(RunnerFiles.classesDirectory().toUri().toURL());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (URLClassLoader loader =
                new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
            NotebookRunner.Outcome outcome = NotebookRunner.run(
                    compiled.program(),
                    loader,
                    new PrintStream(
                            stdoutWrites == null
                                    ? out
                                    : new java.io.OutputStream() {
                                        @Override
                                        public void write(int b) {
                                            out.write(b);
                                            write(new byte[] {(byte) b}, 0, 1);
                                        }

                                        @Override
                                        public void write(byte[] b, int off, int len) {
                                            out.write(b, off, len);
                                            try {
                                                stdoutWrites.write(b, off, len);
                                            } catch (IOException e) {
                                                throw new java.io.UncheckedIOException(e);
                                            }
                                        }
                                    },
                            true,
                            StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            return new LocalRun(outcome, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            try (java.util.stream.Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
    }

    /** What cell {@code index} (0-based position in the program) printed on stdout, then its result line. */
    public String cellText(int index) {
        NotebookRunner.CellOutput cell = outcome.cells().get(index);
        return cell == null ? null : cell.stdout() + (cell.result() == null ? "" : cell.result() + "\n");
    }
}
