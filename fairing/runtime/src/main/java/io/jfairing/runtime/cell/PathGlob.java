package io.jfairing.runtime.cell;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.stream.Stream;

/**
 * The files a {@code %jars} argument names ({@code lib/x.jar}, {@code lib/*.jar}, {@code lib/**.jar},
 * {@code /usr/share/java/*.jar}), the same in the kernel and in an image build: a glob is expanded by walking only below
 * its longest folder prefix without glob characters, following linked folders; a name without wildcards is that file.
 */
public final class PathGlob {
    private PathGlob() {}

    /**
     * The regular files {@code glob} (relative to {@code folder}, or absolute) matches, sorted; empty when none.
     *
     * @throws IOException "cannot list FOLDER: ..." when a folder below the glob's fixed part cannot be read
     */
    public static List<Path> expand(Path folder, String glob) throws IOException {
        Path pattern = folder.resolve(glob).normalize();
        if (!containsGlob(glob)) {
            return Files.isRegularFile(pattern) ? List.of(pattern) : List.of();
        }
        Path base = pattern.getRoot();
        int fixed = 0;
        for (Path part : pattern) {
            if (containsGlob(part.toString()) || fixed == pattern.getNameCount() - 1) {
                break;
            }
            base = base.resolve(part);
            fixed++;
        }
        if (!Files.isDirectory(base)) {
            return List.of();
        }
        PathMatcher matcher =
                FileSystems.getDefault().getPathMatcher("glob:" + pattern.subpath(fixed, pattern.getNameCount()));
        Path root = base;
        try (Stream<Path> files = Files.walk(root, FileVisitOption.FOLLOW_LINKS)) {
            return files.filter(Files::isRegularFile)
                    .filter(file -> matcher.matches(root.relativize(file)))
                    .sorted()
                    .toList();
        } catch (IOException | UncheckedIOException e) {
            throw new IOException("cannot list " + root + ": " + e.getMessage(), e);
        }
    }

    private static boolean containsGlob(String text) {
        return text.contains("*") || text.contains("?") || text.contains("[") || text.contains("{");
    }
}
