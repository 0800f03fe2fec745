package io.jfairing.fairing.preprocess;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Finds the input files of a workload: files under a folder (the notebook's) that match any of the globs
 * ({@code data/*.csv}, {@code **}{@code /*.json}, or a folder name for all of it), less what {@link FairingIgnore} leaves out.
 * The result is sorted by target path, so that the layer is the same for the same files.
 */
public final class InputFiles {
    private InputFiles() {
    }

    public static List<InputFile> collect(Path folder, List<String> globs, FairingIgnore ignore) throws IOException {
        if (globs.isEmpty()) {
            return List.of();
        }
        Path base = folder.toAbsolutePath().normalize();
        List<PathMatcher> matchers = new ArrayList<>();
        for (String glob : globs) {
            String g = glob.startsWith("./") ? glob.substring(2) : glob;
            if (g.endsWith("/")) {
                g = g.substring(0, g.length() - 1);
            }
            if (Files.isDirectory(base.resolve(g))) {
                g = g.equals(".") || g.isEmpty() ? "**" : g + "/**";
            }
            matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + g));
            if (g.startsWith("**/")) {
                matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + g.substring(3)));
            }
        }
        TreeMap<String, InputFile> found = new TreeMap<>();
        try (Stream<Path> files = Files.walk(base)) {
            files.filter(Files::isRegularFile).forEach(file -> {
                String relative = base.relativize(file).toString().replace(java.io.File.separatorChar, '/');
                Path relativePath = Path.of(relative);
                if (matchers.stream().anyMatch(m -> m.matches(relativePath)) && !ignore.ignores(relative, false)) {
                    found.put(relative, new InputFile(file, relative));
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return List.copyOf(found.values());
    }
}
