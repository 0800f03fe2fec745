package io.jfairing.images.spec;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A team image spec is wrong: every problem found, each with the file, line, column and field it is about, so
 * that the message reads like a compiler's ({@code team.yaml:12:5 (libraries[2]): ...}).
 */
public final class SpecException extends Exception {
    private static final long serialVersionUID = 1L;

    /** One problem and where it is. */
    public record Problem(SpecLocation location, String message) {
        @Override
        public String toString() {
            return location + ": " + message;
        }
    }

    private final transient List<Problem> problems;

    public SpecException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public SpecException(SpecLocation location, String message) {
        this(List.of(new Problem(location, message)));
    }

    public List<Problem> problems() {
        return problems;
    }
}
