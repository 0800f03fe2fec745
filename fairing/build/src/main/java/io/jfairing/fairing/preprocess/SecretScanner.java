package io.jfairing.fairing.preprocess;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Looks into an input file for what must never be pushed in an image: private keys, cloud and registry credentials,
 * access tokens. Reads at most {@link #SCANNED_BYTES} of a file (secrets sit at the top of the files that hold them;
 * data files are large). A finding names the kind of secret and its line, never the secret itself.
 */
public final class SecretScanner {
    /** How much of each file is read. */
    public static final int SCANNED_BYTES = 4 * 1024 * 1024;

    private record Kind(String name, Pattern pattern) {}

    /** What the scanner looks for, each with the name a finding gives. */
    private static final List<Kind> KINDS = List.of(
            new Kind(
                    "a private key",
                    Pattern.compile("-----BEGIN ((RSA|DSA|EC|OPENSSH|ENCRYPTED|PGP) )?PRIVATE KEY( BLOCK)?-----")),
            new Kind("an AWS access key", Pattern.compile("\\b(AKIA|ASIA)[0-9A-Z]{16}\\b")),
            new Kind("an AWS secret key", Pattern.compile("(?i)aws_secret_access_key\\s*[=:]\\s*\\S{16,}")),
            new Kind("a Google Cloud service account key", Pattern.compile("\"type\"\\s*:\\s*\"service_account\"")),
            new Kind(
                    "an OAuth refresh token (gcloud application default credentials)",
                    Pattern.compile("\"refresh_token\"\\s*:\\s*\"[^\"]{10,}\"")),
            new Kind("a Google API key", Pattern.compile("\\bAIza[0-9A-Za-z_-]{35}\\b")),
            new Kind(
                    "a GitHub token",
                    Pattern.compile("\\b(gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})\\b")),
            new Kind("a GitLab token", Pattern.compile("\\bglpat-[A-Za-z0-9_-]{20,}")),
            new Kind("a Slack token", Pattern.compile("\\bxox[abprs]-[A-Za-z0-9-]{10,}")),
            new Kind("an npm token", Pattern.compile("(_authToken\\s*=\\s*\\S+|\\bnpm_[A-Za-z0-9]{36}\\b)")),
            new Kind("a PyPI token", Pattern.compile("\\bpypi-[A-Za-z0-9_-]{50,}")),
            new Kind("a Stripe live key", Pattern.compile("\\b[sr]k_live_[0-9A-Za-z]{20,}")),
            new Kind("a Kubernetes client key", Pattern.compile("client-key-data\\s*:\\s*\\S+")),
            new Kind(
                    "a registry login (Docker config auths)",
                    Pattern.compile("\"auths\"\\s*:\\s*\\{.*?\"auth\"\\s*:\\s*\"[A-Za-z0-9+/=]{8,}\"", Pattern.DOTALL)),
            new Kind(
                    "a Kubernetes token (kubeconfig)",
                    Pattern.compile("(?s)kind:\\s*Config\\b.*\\n\\s*token:\\s*\\S{16,}")));

    private SecretScanner() {}

    /** A secret found in a file: its kind and the line it starts on. */
    public record Finding(String kind, int line) {
        @Override
        public String toString() {
            return kind + " (line " + line + ")";
        }
    }

    /** The first secret in {@code file}, if any. */
    public static Optional<Finding> scan(Path file) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(SCANNED_BYTES);
        }
        return scan(new String(head, StandardCharsets.ISO_8859_1));
    }

    /** The first secret in {@code text}, if any. */
    public static Optional<Finding> scan(String text) {
        Finding first = null;
        int firstAt = Integer.MAX_VALUE;
        for (Kind kind : KINDS) {
            Matcher matcher = kind.pattern().matcher(text);
            if (matcher.find() && matcher.start() < firstAt) {
                int at = kind.name().startsWith("a Kubernetes token")
                        ? text.indexOf("token:", matcher.start())
                        : matcher.start();
                firstAt = matcher.start();
                first = new Finding(kind.name(), lineOf(text, at));
            }
        }
        return Optional.ofNullable(first);
    }

    private static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }
}
