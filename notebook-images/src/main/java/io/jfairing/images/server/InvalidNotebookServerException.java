package io.jfairing.images.server;

import java.util.List;

/** A notebook server spec is wrong; nothing was created. */
public final class InvalidNotebookServerException extends NotebookServerException {
    private static final long serialVersionUID = 1L;

    private final transient List<String> problems;

    public InvalidNotebookServerException(List<String> problems) {
        super(Reason.INVALID, String.join("; ", problems), null);
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
