package io.jfairing.fairing.preprocess;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;

/**
 * What to leave out of the files layer: the patterns of a {@code .fairingignore} file (gitignore style: {@code #}
 * comments, {@code !} to re-include, a trailing {@code /} for folders only, a leading {@code /} to anchor at the
 * notebook's folder, a pattern without {@code /} matches a name at any depth, {@code **} crosses folders), after
 * {@link #ALWAYS}: credentials and tool folders that never belong in an image.
 */
public final class FairingIgnore {
    /** The file name read from the notebook's folder. */
    public static final String FILE_NAME = ".fairingignore";
    /** Always left out: version control, notebook checkpoints, and credential stores. */
    public static final List<String> ALWAYS = List.of(".git/", ".ipynb_checkpoints/", ".fairingignore", ".docker/",
            ".kube/", ".ssh/", ".aws/", ".gnupg/", ".netrc", ".git-credentials", ".m2/settings.xml");

    private record Rule(PathMatcher matcher, boolean negated, boolean directoryOnly, boolean nameOnly, boolean always) {
    }

    private final List<Rule> rules;

    private FairingIgnore(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** The rules of {@code folder/.fairingignore} (if there is one) after {@link #ALWAYS}. */
    public static FairingIgnore load(Path folder) throws IOException {
        Path file = folder.resolve(FILE_NAME);
        return Files.isRegularFile(file) ? of(Files.readAllLines(file)) : of(List.of());
    }

    public static FairingIgnore of(List<String> lines) {
        List<Rule> rules = new ArrayList<>();
        ALWAYS.forEach(line -> rules.add(rule(line, true)));
        for (String line : lines) {
            String trimmed = line.strip();
            if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                rules.add(rule(trimmed, false));
            }
        }
        return new FairingIgnore(rules);
    }

    private static Rule rule(String pattern, boolean always) {
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
        return new Rule(matcher, negated, directoryOnly, nameOnly, always);
    }

    /**
     * Whether {@code relative} (a path under the notebook's folder, {@code /}-separated) is left out: a file is out when
     * a folder above it is out, or when the last rule that matches it is not a {@code !} rule.
     */
    public boolean ignores(String relative, boolean directory) {
        String[] segments = relative.split("/");
        StringBuilder prefix = new StringBuilder();
        for (int i = 0; i < segments.length; i++) {
            if (i > 0) {
                prefix.append('/');
            }
            prefix.append(segments[i]);
            boolean isDirectory = i < segments.length - 1 || directory;
            if (matches(prefix.toString(), segments[i], isDirectory)) {
                return true;
            }
        }
        return false;
    }

    private boolean matches(String path, String name, boolean directory) {
        Boolean ignored = null;
        for (Rule rule : rules) {
            if (rule.directoryOnly && !directory) {
                continue;
            }
            Path target = Path.of(rule.nameOnly ? name : path);
            if (rule.matcher.matches(target)) {
                if (rule.always) {
                    return true;
                }
                ignored = !rule.negated;
            }
        }
        return Boolean.TRUE.equals(ignored);
    }
}
