package io.jfairing.images.spec;

import java.nio.file.Path;

/**
 * Where something is in a spec file: the file, the 1-based line and column, and the field as a path
 * ({@code libraries[2]}, {@code java.modules}).
 */
public record SpecLocation(Path file, int line, int column, String field) {
    /** The same place, named as {@code newField}. */
    public SpecLocation withField(String newField) {
        return new SpecLocation(file, line, column, newField);
    }

    /** {@code team.yaml:12:5 (libraries[2])}. */
    @Override
    public String toString() {
        String name = file == null ? "<spec>" : file.toString();
        return name + ":" + line + ":" + column + (field.isEmpty() ? "" : " (" + field + ")");
    }
}
