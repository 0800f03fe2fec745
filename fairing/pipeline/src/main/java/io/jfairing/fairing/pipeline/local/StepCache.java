package io.jfairing.fairing.pipeline.local;

import io.jfairing.fairing.notebook.Notebook;
import io.jfairing.fairing.notebook.NotebookCell;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Outputs of steps that ran before, by a key of the step's code (every cell it runs), its class path, what runs it
 * (the backend and image), and the content of each input. An entry is a folder {@code KEY/outputs} made complete
 * by an atomic move, so a half-written entry is never read; two runs racing for one key keep the first.
 */
final class StepCache {
    private final Path folder;

    StepCache(Path folder) {
        this.folder = folder;
    }

    /** An input as the step gets it: inline text or a file (or folder). */
    record InputValue(String text, Path file) {}

    static String key(Notebook code, List<Path> classpath, String runsOn, Map<String, InputValue> inputs)
            throws IOException {
        MessageDigest sha = sha();
        update(sha, "jfairing-step-cache-1");
        for (NotebookCell cell : code.cells()) {
            update(sha, "cell");
            update(sha, cell.source());
        }
        for (Path entry : classpath) {
            update(sha, "classpath");
            update(sha, entry.getFileName().toString());
            update(sha, Long.toString(Files.isRegularFile(entry) ? Files.size(entry) : -1));
        }
        update(sha, "runs-on");
        update(sha, runsOn);
        for (Map.Entry<String, InputValue> input : new TreeMap<>(inputs).entrySet()) {
            update(sha, "input");
            update(sha, input.getKey());
            InputValue value = input.getValue();
            if (value.file() != null) {
                digestFile(sha, value.file());
            } else {
                update(sha, value.text());
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /** The outputs folder of {@code key}, when a run completed it. */
    Optional<Path> lookup(String key) {
        Path outputs = folder.resolve(key).resolve("outputs");
        return Files.isDirectory(outputs) ? Optional.of(outputs) : Optional.empty();
    }

    /** Moves a finished step's outputs into the cache under {@code key}; returns where they are now. */
    Path store(String key, Path outputs) throws IOException {
        Path entry = Files.createDirectories(folder.resolve(key));
        Path target = entry.resolve("outputs");
        try {
            Files.move(outputs, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
            return target; // another run stored the same key first: same code and inputs, same outputs
        } catch (AtomicMoveNotSupportedException e) {
            Path staging = Files.createTempDirectory(entry, "staging-");
            copyTree(outputs, staging);
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        }
        return target;
    }

    private static void digestFile(MessageDigest sha, Path file) throws IOException {
        if (Files.isDirectory(file)) {
            try (var walk = Files.walk(file)) {
                for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                    update(sha, file.relativize(p).toString());
                    digestFile(sha, p);
                }
            }
            return;
        }
        byte[] buffer = new byte[65536];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
            }
        }
    }

    private static void copyTree(Path source, Path target) throws IOException {
        try (var walk = Files.walk(source)) {
            for (Path from : (Iterable<Path>) walk::iterator) {
                Path to = target.resolve(source.relativize(from).toString());
                if (Files.isDirectory(from)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void update(MessageDigest sha, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        sha.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
        sha.update((byte) ':');
        sha.update(bytes);
    }

    private static MessageDigest sha() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
