package io.jfairing.fairing.pipeline;

/**
 * A pipeline parameter: a variable of the {@code pipeline-parameters} cell, with the Java literal it starts with
 * ({@code 0.1}, {@code "wine"}, {@code Path.of("data/wine.csv")}), or null when it has none. A {@code Path} parameter
 * is the pipeline's input data set.
 */
public record PipelineParameter(StepValue value, String defaultLiteral) {
    public String name() {
        return value.name();
    }

    /**
     * The default as text ({@link io.jfairing.runtime.runner.StepData#encode} form): the first string literal for
     * strings and paths, the literal itself for numbers and booleans; null when there is none.
     */
    public String defaultText() {
        if (defaultLiteral == null) {
            return null;
        }
        String literal = defaultLiteral.trim();
        int quote = literal.indexOf('"');
        if (value.passing() == StepValue.Passing.STRING || value.passing().isArtifact()) {
            if (quote < 0) {
                return null;
            }
            int end = literal.indexOf('"', quote + 1);
            return end < 0 ? null : literal.substring(quote + 1, end).replace("\\\\", "\\");
        }
        String plain = literal.replaceAll("(?<=\\d)[dDfFlL]$", "").replace("_", "");
        return switch (value.passing()) {
            case INTEGER, DOUBLE -> plain.matches("-?[0-9.eE+-]+") ? plain : null;
            case BOOLEAN -> plain.equals("true") || plain.equals("false") ? plain : null;
            default -> null;
        };
    }
}
