package io.jfairing.kernel.maven;

import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.artifact.DefaultArtifact;

/** Parses and prints artifact coordinates. */
final class Coordinates {
    static final String EXPECTED = "groupId:artifactId:version, groupId:artifactId:extension:version or "
            + "groupId:artifactId:extension:classifier:version (Gradle style group:name:version[:classifier]@extension "
            + "is accepted too)";

    private Coordinates() {}

    /**
     * Parses Maven Resolver's {@code g:a[:ext[:classifier]]:v} syntax, or Gradle's {@code g:a:v[:classifier]@ext}.
     */
    static Artifact parse(String text) throws ResolutionException {
        String s = text == null ? "" : text.strip();
        if (s.isEmpty() || s.chars().anyMatch(Character::isWhitespace)) {
            throw bad(text);
        }
        String groupId;
        String artifactId;
        String extension = "jar";
        String classifier = "";
        String version;
        int at = s.lastIndexOf('@');
        if (at >= 0) {
            extension = s.substring(at + 1);
            String[] p = s.substring(0, at).split(":", -1);
            if (extension.isEmpty() || extension.contains(":") || (p.length != 3 && p.length != 4)) {
                throw bad(text);
            }
            groupId = p[0];
            artifactId = p[1];
            version = p[2];
            if (p.length == 4) {
                classifier = p[3];
                if (classifier.isEmpty()) {
                    throw bad(text);
                }
            }
        } else {
            String[] p = s.split(":", -1);
            switch (p.length) {
                case 3 -> {
                    groupId = p[0];
                    artifactId = p[1];
                    version = p[2];
                }
                case 4 -> {
                    groupId = p[0];
                    artifactId = p[1];
                    extension = p[2];
                    version = p[3];
                }
                case 5 -> {
                    groupId = p[0];
                    artifactId = p[1];
                    extension = p[2];
                    classifier = p[3];
                    version = p[4];
                }
                default -> throw bad(text);
            }
            if (extension.isEmpty()) {
                extension = "jar";
            }
        }
        if (groupId.isEmpty() || artifactId.isEmpty() || version.isEmpty()) {
            throw bad(text);
        }
        return new DefaultArtifact(groupId, artifactId, classifier, extension, version);
    }

    private static ResolutionException bad(String text) {
        return new ResolutionException("Invalid Maven coordinates '" + text + "': expected " + EXPECTED
                + ", for example org.apache.commons:commons-lang3:3.14.0");
    }

    /** {@code g:a:ext[:classifier]:v} with the base version (1.0-SNAPSHOT rather than a timestamp). */
    static String format(Artifact a) {
        StringBuilder sb = new StringBuilder(a.getGroupId())
                .append(':')
                .append(a.getArtifactId())
                .append(':')
                .append(a.getExtension());
        if (!a.getClassifier().isEmpty()) {
            sb.append(':').append(a.getClassifier());
        }
        return sb.append(':').append(a.getBaseVersion()).toString();
    }

    /** Like {@link #format} but {@code g:a:v} for plain jars and poms, as users type them. */
    static String shortForm(Artifact a) {
        if (a.getClassifier().isEmpty() && ("jar".equals(a.getExtension()) || "pom".equals(a.getExtension()))) {
            return a.getGroupId() + ':' + a.getArtifactId() + ':' + a.getBaseVersion();
        }
        return format(a);
    }
}
