package io.jfairing.fairing.pipeline;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A step run once for each element of a list, in parallel on Kubeflow, as KFP's {@code dsl.ParallelFor}: the list is a
 * value of an earlier step or a pipeline parameter passed as a KFP {@code LIST}, and each run reads its element as the
 * variable {@code item}. Written {@code for:ITEM:LIST} in a tag (tags hold no spaces), {@code ITEM in LIST} in
 * {@code %%fairing step NAME --for ITEM:LIST} or with {@link Step.Builder#forEach(String, String)}.
 */
public record StepLoop(String item, String list) {
    private static final Pattern FORM =
            Pattern.compile("\\s*([A-Za-z_$][\\w$]*)\\s*(?::|\\s+in\\s+)\\s*([A-Za-z_$][\\w$]*)\\s*");

    public StepLoop {
        Objects.requireNonNull(item, "item");
        Objects.requireNonNull(list, "list");
    }

    /** Parses {@code ITEM:LIST} or {@code ITEM in LIST}. */
    public static StepLoop parse(String text) throws PipelineException {
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            throw new PipelineException(
                    "loop '" + text + "' is not ITEM:LIST or ITEM in LIST (e.g. for:rate:rates runs the step for"
                            + " each element of the list rates, as the variable rate)");
        }
        return new StepLoop(m.group(1), m.group(2));
    }

    @Override
    public String toString() {
        return "for " + item + " in " + list;
    }
}
