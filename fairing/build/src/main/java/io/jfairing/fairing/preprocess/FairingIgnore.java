package io.jfairing.fairing.preprocess;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What to leave out of the files layer: the patterns of a {@code .fairingignore} file (gitignore style: {@code #}
 * comments, {@code !} to re-include, a trailing {@code /} for folders only, a leading {@code /} to anchor at the
 * notebook's folder, a pattern without {@code /} matches a name at any depth, {@code **} crosses folders), after
 * {@link #ALWAYS} (credential stores and tool folders that never belong in an image) and {@link #CREDENTIALS}
 * (files that usually hold a secret: keys, tokens, kubeconfigs, shell histories). A file of the second kind that is
 * meant to be in the image is let in by a {@code !} line naming exactly its path ({@code !certs/ca.pem}), which also
 * exempts it from the {@link SecretScanner}; a {@code !} pattern with wildcards never lets a credential in.
 */
public final class FairingIgnore {
    /** The file name read from the notebook's folder. */
    public static final String FILE_NAME = ".fairingignore";
    /** Always left out: version control, notebook checkpoints, and credential stores. */
    public static final List<String> ALWAYS = List.of(
            ".git/",
            ".ipynb_checkpoints/",
            ".fairingignore",
            ".docker/",
            ".kube/",
            ".ssh/",
            ".aws/",
            ".gnupg/",
            ".azure/",
            ".config/gcloud/",
            ".gcloud/",
            ".terraform.d/",
            ".password-store/",
            ".netrc",
            ".git-credentials",
            ".m2/settings.xml");
    /**
     * Left out unless a {@code !} line names the file exactly: files that usually hold a secret (environment files,
     * private keys and key stores, kubeconfigs, cloud and package-registry credentials, shell histories).
     */
    public static final List<String> CREDENTIALS = List.of(
            ".env",
            ".env.*",
            "*.env",
            "id_rsa",
            "id_dsa",
            "id_ecdsa",
            "id_ed25519",
            "*.pem",
            "*.key",
            "*.p12",
            "*.pfx",
            "*.jks",
            "*.keystore",
            "*.p8",
            "*.ppk",
            "kubeconfig",
            "kubeconfig.*",
            "*.kubeconfig",
            "credentials",
            "credentials.json",
            "application_default_credentials.json",
            "client_secret*.json",
            "*service-account*.json",
            "*service_account*.json",
            ".npmrc",
            ".pypirc",
            ".yarnrc.yml",
            ".pgpass",
            ".my.cnf",
            ".boto",
            ".s3cfg",
            ".vault-token",
            ".htpasswd",
            ".dockercfg",
            "*_history",
            ".*_history",
            ".lesshst");

    private record Rule(
            String pattern, PathMatcher matcher, boolean negated, boolean directoryOnly, boolean nameOnly, Kind kind) {}

    private enum Kind {
        ALWAYS,
        CREDENTIAL,
        USER
    }

    private final List<Rule> rules;
    private final Set<String> exactlyAllowed;

    private FairingIgnore(List<Rule> rules, Set<String> exactlyAllowed) {
        this.rules = List.copyOf(rules);
        this.exactlyAllowed = Set.copyOf(exactlyAllowed);
    }

    /** The rules of {@code folder/.fairingignore} (if there is one) after {@link #ALWAYS}. */
    public static FairingIgnore load(Path folder) throws IOException {
        Path file = folder.resolve(FILE_NAME);
        return Files.isRegularFile(file) ? of(Files.readAllLines(file)) : of(List.of());
    }

    public static FairingIgnore of(List<String> lines) {
        List<Rule> rules = new ArrayList<>();
        ALWAYS.forEach(line -> rules.add(rule(line, Kind.ALWAYS)));
        CREDENTIALS.forEach(line -> rules.add(rule(line, Kind.CREDENTIAL)));
        Set<String> exactlyAllowed = new HashSet<>();
        for (String line : lines) {
            String trimmed = line.strip();
            if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                rules.add(rule(trimmed, Kind.USER));
                if (trimmed.startsWith("!")
                        && !trimmed.endsWith("/")
                        && trimmed.chars().noneMatch(c -> "*?[]{}".indexOf(c) >= 0)) {
                    exactlyAllowed.add(trimmed.substring(trimmed.startsWith("!/") ? 2 : 1));
                }
            }
        }
        return new FairingIgnore(rules, exactlyAllowed);
    }

    /** Whether a {@code !} line names {@code relative} exactly: a credential-looking file the user means to ship. */
    public boolean allowsExactly(String relative) {
        return exactlyAllowed.contains(relative);
    }

    private static Rule rule(String pattern, Kind kind) {
        boolean negated = pattern.startsWith("!");
        String p = negated ? pattern.substring(1) : pattern;
        boolean directoryOnly = p.endsWith("/");
        if (directoryOnly) {
            p = p.substring(0, p.length() - 1);
        }
        boolean anchored = p.startsWith("/");
        if (anchored) {
            p = p.substring(1);
        }
        boolean nameOnly = !anchored && !p.contains("/");
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + p);
        return new Rule(pattern, matcher, negated, directoryOnly, nameOnly, kind);
    }

    /**
     * Whether {@code relative} (a path under the notebook's folder, {@code /}-separated) is left out: a file is out when
     * a folder above it is out, or when the last rule that matches it is not a {@code !} rule.
     */
    public boolean ignores(String relative, boolean directory) {
        return reason(relative, directory) != null;
    }

    /**
     * Why {@code relative} is left out, for the build's report ({@code "a credential file (*.pem)"}), or null when it is
     * not.
     */
    public String reason(String relative, boolean directory) {
        String[] segments = relative.split("/");
        StringBuilder prefix = new StringBuilder();
        for (int i = 0; i < segments.length; i++) {
            if (i > 0) {
                prefix.append('/');
            }
            prefix.append(segments[i]);
            boolean isDirectory = i < segments.length - 1 || directory;
            String reason =
                    matches(prefix.toString(), segments[i], isDirectory, i == segments.length - 1 ? relative : null);
            if (reason != null) {
                return reason;
            }
        }
        return null;
    }

    private String matches(String path, String name, boolean directory, String file) {
        String ignored = null;
        for (Rule rule : rules) {
            if (rule.directoryOnly && !directory) {
                continue;
            }
            Path target = Path.of(rule.nameOnly ? name : path);
            if (rule.matcher.matches(target)) {
                switch (rule.kind) {
                    case ALWAYS:
                        return "a credential store or tool folder that never goes into an image (" + rule.pattern + ")";
                    case CREDENTIAL:
                        if (file == null || !exactlyAllowed.contains(file)) {
                            return "a file that usually holds a secret (" + rule.pattern
                                    + "); to ship it, add the line !" + (file == null ? path + "/..." : file) + " to "
                                    + FILE_NAME;
                        }
                        break;
                    default:
                        ignored = rule.negated ? null : "left out by " + FILE_NAME + " (" + rule.pattern + ")";
                }
            }
        }
        return ignored;
    }
}
