package io.jfairing.fairing.preprocess;

import io.jfairing.fairing.FairingException;
import java.io.File;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

/** Expands a {@code %jars} glob ({@code lib/*.jar}, {@code lib/**.jar}) under a folder, walking only below its fixed part. */
final class Globs {
    private Globs() {}

    /** The files {@code glob} matches under {@code folder}, sorted; a glob without wildcards is the file itself. */
    static List<Path> expand(Path folder, String glob) throws FairingException {
        Path direct = folder.resolve(glob);
        if (!glob.contains("*") && !glob.contains("?") && !glob.contains("[") && !glob.contains("{")) {
            return Files.exists(direct) ? List.of(direct) : List.of();
        }
        // the longest folder before the first wildcard is where the walk starts
        String unix = glob.replace(File.separatorChar, '/');
        int wildcard = firstWildcard(unix);
        int slash = unix.lastIndexOf('/', wildcard);
        Path root = slash < 0 ? folder : folder.resolve(unix.substring(0, slash));
        String pattern = (slash < 0 ? unix : unix.substring(slash + 1));
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        TreeSet<Path> found = new TreeSet<>();
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(Files::isRegularFile)
                    .filter(f -> matcher.matches(root.relativize(f)))
                    .forEach(found::add);
        } catch (IOException e) {
            throw new FairingException("cannot list " + root + ": " + e.getMessage(), e);
        }
        return List.copyOf(found);
    }

    private static int firstWildcard(String glob) {
        int best = glob.length();
        for (char c : new char[] {'*', '?', '[', '{'}) {
            int i = glob.indexOf(c);
            if (i >= 0 && i < best) {
                best = i;
            }
        }
        return best;
    }
}
