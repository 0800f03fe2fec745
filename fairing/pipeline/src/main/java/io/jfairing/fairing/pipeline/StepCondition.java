package io.jfairing.fairing.pipeline;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When a step runs: a variable of an earlier step (or a pipeline parameter) compared with a literal, as KFP's
 * {@code dsl.If(task.output == 'heads')}. Written {@code coin==heads} in a tag ({@code if:coin==heads}), in
 * {@code %%fairing step NAME --if coin==heads}, or with {@link Step.Builder#when(String)}. The operators are {@code ==},
 * {@code !=}, {@code <}, {@code <=}, {@code >}, {@code >=}; a literal in quotes ({@code 'a b'}) is a string as it is.
 */
public record StepCondition(String variable, String operator, String literal) {
    private static final Pattern FORM = Pattern.compile("\\s*([A-Za-z_$][\\w$]*)\\s*(==|!=|<=|>=|<|>)\\s*(.*?)\\s*");

    public StepCondition {
        Objects.requireNonNull(variable, "variable");
        Objects.requireNonNull(operator, "operator");
        Objects.requireNonNull(literal, "literal");
    }

    /** Parses {@code VARIABLE OP LITERAL}; an error saying the form for anything else. */
    public static StepCondition parse(String text) throws PipelineException {
        Matcher m = FORM.matcher(text);
        if (!m.matches() || m.group(3).isEmpty()) {
            throw new PipelineException("condition '" + text + "' is not VARIABLE OP VALUE with OP one of"
                    + " == != < <= > >= (e.g. if:coin==heads)");
        }
        String literal = m.group(3);
        if (literal.length() >= 2
                && (literal.startsWith("'") && literal.endsWith("'")
                        || literal.startsWith("\"") && literal.endsWith("\""))) {
            literal = literal.substring(1, literal.length() - 1);
        }
        return new StepCondition(m.group(1), m.group(2), literal);
    }

    /**
     * Whether the condition holds for the variable's value as passed (a string as itself, anything else as JSON):
     * numbers compare as numbers, anything else as text, which takes only {@code ==} and {@code !=}.
     */
    public boolean holds(String value) throws PipelineException {
        BigDecimal left = number(value);
        BigDecimal right = number(literal);
        int compared;
        if (left != null && right != null) {
            compared = left.compareTo(right);
        } else if (operator.equals("==") || operator.equals("!=")) {
            compared = value.equals(literal) ? 0 : 1;
        } else {
            throw new PipelineException("condition " + this + " compares '" + value + "' with '" + literal
                    + "', which are not both numbers: use == or != for text");
        }
        return switch (operator) {
            case "==" -> compared == 0;
            case "!=" -> compared != 0;
            case "<" -> compared < 0;
            case "<=" -> compared <= 0;
            case ">" -> compared > 0;
            default -> compared >= 0;
        };
    }

    private static BigDecimal number(String text) {
        try {
            return new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return variable + " " + operator + " " + literal;
    }
}
