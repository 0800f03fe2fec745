package io.jfairing.fairing.preprocess;

import io.jfairing.fairing.FairingException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The build was refused: input files hold what looks like a secret. Names each file, the kind of secret and its line
 * (never the secret), and how to leave the file out or, if it is meant to be there, let it in.
 */
public final class SecretFilesException extends FairingException {
    private static final long serialVersionUID = 1L;

    private final Map<String, SecretScanner.Finding> findings;

    public SecretFilesException(Map<String, SecretScanner.Finding> findings) {
        super(message(findings));
        this.findings = Map.copyOf(findings);
    }

    /** The findings by file (relative to the notebook's folder). */
    public Map<String, SecretScanner.Finding> findings() {
        return findings;
    }

    private static String message(Map<String, SecretScanner.Finding> findings) {
        List<String> files = findings.keySet().stream().sorted().toList();
        return "refusing to build: " + (files.size() == 1 ? "an input file holds" : files.size() + " input files hold")
                + " what looks like a secret, which must not be pushed in an image:\n"
                + files.stream().map(f -> "  " + f + ": " + findings.get(f)).collect(Collectors.joining("\n"))
                + "\nLeave " + (files.size() == 1 ? "it" : "them") + " out (move " + (files.size() == 1 ? "it" : "them")
                + " elsewhere, narrow the input globs, or add a line to " + FairingIgnore.FILE_NAME
                + "), or, if a file is"
                + " meant to be in the image, let it in with a line naming it exactly in " + FairingIgnore.FILE_NAME
                + ": !"
                + files.get(0);
    }
}
