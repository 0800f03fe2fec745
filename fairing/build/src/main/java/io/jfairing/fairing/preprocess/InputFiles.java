package io.jfairing.fairing.preprocess;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Finds the input files of a workload: files under a folder (the notebook's) that match any of the globs
 * ({@code data/*.csv}, {@code **}{@code /*.json}, or a folder name for all of it), less what {@link FairingIgnore} leaves out.
 * The result is sorted by target path, so that the layer is the same for the same files.
 *
 * <p>A symbolic link is resolved: it is left out when it leads out of the folder or into a path that is left out
 * ({@code data/aws.csv -> ../.aws/credentials}). Every file that goes in is read by the {@link SecretScanner}; a
 * secret refuses the build ({@link SecretFilesException}) unless {@code .fairingignore} names that file exactly.
 */
public final class InputFiles {
    private InputFiles() {}

    /** The files that go in and the ones left out. */
    public record Selection(List<InputFile> files, List<LeftOutFile> leftOut) {
        public Selection {
            files = List.copyOf(files);
            leftOut = List.copyOf(leftOut);
        }
    }

    /** The files that go in (see {@link #select}). */
    public static List<InputFile> collect(Path folder, List<String> globs, FairingIgnore ignore)
            throws IOException, SecretFilesException {
        return select(folder, globs, ignore).files();
    }

    /** The files that match the globs, and those of them left out with the reason. */
    public static Selection select(Path folder, List<String> globs, FairingIgnore ignore)
            throws IOException, SecretFilesException {
        if (globs.isEmpty()) {
            return new Selection(List.of(), List.of());
        }
        Path base = folder.toAbsolutePath().normalize();
        Path realBase = base.toRealPath();
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
        TreeMap<String, LeftOutFile> leftOut = new TreeMap<>();
        Map<String, SecretScanner.Finding> secrets = new TreeMap<>();
        List<Path> candidates;
        try (Stream<Path> files = Files.walk(base)) {
            candidates = files.filter(Files::isRegularFile).toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        for (Path file : candidates) {
            String relative = base.relativize(file).toString().replace(java.io.File.separatorChar, '/');
            if (matchers.stream().noneMatch(m -> m.matches(Path.of(relative)))) {
                continue;
            }
            String reason = ignore.reason(relative, false);
            if (reason == null && Files.isSymbolicLink(file)) {
                reason = linkReason(file, realBase, ignore);
            } else if (reason == null && !file.toRealPath().startsWith(realBase)) {
                reason = "a link above it leads out of the notebook's folder";
            }
            if (reason != null) {
                if (!isToolFile(
                        relative)) { // version control, checkpoints, the ignore file: expected, not worth a line each
                    leftOut.put(relative, new LeftOutFile(relative, reason));
                }
                continue;
            }
            if (!ignore.allowsExactly(relative)) {
                SecretScanner.scan(file).ifPresent(finding -> secrets.put(relative, finding));
            }
            found.put(relative, new InputFile(file, relative));
        }
        if (!secrets.isEmpty()) {
            throw new SecretFilesException(secrets);
        }
        return new Selection(List.copyOf(found.values()), List.copyOf(leftOut.values()));
    }

    private static boolean isToolFile(String relative) {
        String path = "/" + relative;
        return path.contains("/.git/")
                || path.contains("/.ipynb_checkpoints/")
                || path.endsWith("/" + FairingIgnore.FILE_NAME);
    }

    /** Why a link is left out, or null: it must lead to a file inside the folder that is not itself left out. */
    private static String linkReason(Path link, Path realBase, FairingIgnore ignore) throws IOException {
        Path target = link.toRealPath();
        if (!target.startsWith(realBase)) {
            return "a link that leads out of the notebook's folder (to " + target + ")";
        }
        String relativeTarget = realBase.relativize(target).toString().replace(java.io.File.separatorChar, '/');
        String reason = ignore.reason(relativeTarget, false);
        return reason == null ? null : "a link to " + relativeTarget + ", which is left out: " + reason;
    }
}
