package io.jfairing.fairing.compile;

import io.jfairing.fairing.preprocess.Workload;
import io.jfairing.runtime.runner.Program;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * A workload compiled for a JRE: the class files of every snippet (by binary name) and the {@link Program} that
 * replays them cell by cell. {@link #codeDigest()} changes exactly when the code layer's content changes.
 */
public final class CompiledNotebook {
    private final Workload workload;
    private final Program program;
    private final SortedMap<String, byte[]> classes;
    private final String codeDigest;
    private final List<Declaration> declarations;

    /**
     * A name a cell declares and keeps: a variable (with its type as JShell resolved it, {@code List<Double>}), a
     * record, another type, or a method.
     */
    public record Declaration(int cell, String name, String type, Kind kind) {
        /** What was declared. */
        public enum Kind {
            VARIABLE,
            RECORD,
            TYPE,
            METHOD
        }
    }

    CompiledNotebook(Workload workload, Program program, Map<String, byte[]> classes, List<Declaration> declarations) {
        this.declarations = List.copyOf(declarations);
        this.workload = workload;
        this.program = program;
        this.classes = Collections.unmodifiableSortedMap(new TreeMap<>(classes));
        this.codeDigest = digest(program, this.classes);
    }

    public Workload workload() {
        return workload;
    }

    public Program program() {
        return program;
    }

    /** The variables, types and methods each cell declares, in cell order. */
    public List<Declaration> declarations() {
        return declarations;
    }

    /** Class files by binary name ({@code REPL.$JShell$12}). */
    public SortedMap<String, byte[]> classes() {
        return classes;
    }

    /** {@code sha256:...} of the program and the class files. */
    public String codeDigest() {
        return codeDigest;
    }

    private static String digest(Program program, SortedMap<String, byte[]> classes) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            // a magic value's jars by file name, as the image has them: not where this machine keeps them
            Program portable = program.withMagicPaths(
                    path -> java.nio.file.Path.of(path).getFileName().toString());
            sha.update(portable.write().getBytes(StandardCharsets.UTF_8));
            for (Map.Entry<String, byte[]> entry : classes.entrySet()) {
                sha.update(entry.getKey().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(entry.getValue());
            }
            return "sha256:" + HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Writes the code as the image has it: {@code program.txt} and {@code classes/} (one file per class), with
     * nothing else, so that the same code gives the same files. Returns {@code folder}.
     */
    public java.nio.file.Path writeTo(java.nio.file.Path folder) throws java.io.IOException {
        return writeTo(folder, UnaryOperator.identity());
    }

    /**
     * Writes the code as {@link #writeTo(java.nio.file.Path)} does, with the paths of the magics' values mapped by
     * {@code where} (a jar of this machine to where an image has it).
     */
    public java.nio.file.Path writeTo(java.nio.file.Path folder, UnaryOperator<String> where)
            throws java.io.IOException {
        java.nio.file.Files.createDirectories(folder);
        java.nio.file.Files.writeString(
                folder.resolve(PROGRAM_FILE), program.withMagicPaths(where).write(), StandardCharsets.UTF_8);
        java.nio.file.Path classesDir = folder.resolve(CLASSES_DIRECTORY);
        for (Map.Entry<String, byte[]> entry : classes.entrySet()) {
            java.nio.file.Path file = classesDir.resolve(entry.getKey().replace('.', '/') + ".class");
            java.nio.file.Files.createDirectories(file.getParent());
            java.nio.file.Files.write(file, entry.getValue());
        }
        return folder;
    }

    /** The program file's name in the code folder. */
    public static final String PROGRAM_FILE = "program.txt";
    /** The class folder's name in the code folder. */
    public static final String CLASSES_DIRECTORY = "classes";
}
