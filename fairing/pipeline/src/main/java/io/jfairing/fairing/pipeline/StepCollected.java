package io.jfairing.fairing.pipeline;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The values a step run for each element of a list ({@link StepLoop}) made, gathered for a step after the loop, as KFP's
 * {@code dsl.Collected}: the later step reads the variable {@code list}, a {@code List} of every run's {@code value}
 * in the order of the loop's elements. Written {@code collect:LIST=VALUE} in a tag, {@code --collect LIST=VALUE} in
 * {@code %%fairing step}, or with {@link Step.Builder#collect(String, String)}.
 */
public record StepCollected(String list, String value) {
    private static final Pattern FORM = Pattern.compile("\\s*([A-Za-z_$][\\w$]*)\\s*=\\s*([A-Za-z_$][\\w$]*)\\s*");

    public StepCollected {
        Objects.requireNonNull(list, "list");
        Objects.requireNonNull(value, "value");
        if (list.equals(value)) {
            throw new IllegalArgumentException("collect " + list + "=" + value + ": give the list its own name (the"
                    + " values stay " + value + " in the loop's step), e.g. collect:" + value + "s=" + value);
        }
    }

    /** Parses {@code LIST=VALUE}. */
    public static StepCollected parse(String text) throws PipelineException {
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            throw new PipelineException("collect '" + text + "' is not LIST=VALUE (e.g. collect:squares=square gives"
                    + " the step the list squares of the value square of every run of a loop's step)");
        }
        try {
            return new StepCollected(m.group(1), m.group(2));
        } catch (IllegalArgumentException e) {
            throw new PipelineException(e.getMessage());
        }
    }

    @Override
    public String toString() {
        return list + " = every " + value;
    }
}
