package io.jfairing.images.builder;

import io.jfairing.images.spec.ExtraFile;
import io.jfairing.images.spec.TeamImageSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What changes, layer by layer, between two versions of a team image spec (both resolved): which layers a build of
 * the new one pushes, and why. The base image's layers are the base registry's business and never listed.
 */
public final class TeamImageDiff {
    /** One layer (or {@code config}, or {@code base}) and how it changes. */
    public record Change(String layer, Kind kind, String detail) {}

    /** How a layer changes. */
    public enum Kind {
        SAME,
        ADDED,
        REMOVED,
        CHANGED
    }

    private TeamImageDiff() {}

    public static List<Change> between(
            TeamImageSpec before,
            ResolvedLibraries beforeLibraries,
            TeamImageSpec after,
            ResolvedLibraries afterLibraries) {
        List<Change> changes = new ArrayList<>();
        changes.add(compare("base", before.base(), after.base()));
        changes.add(compare(
                "java",
                before.java().source() + " " + before.java().modules(),
                after.java().source() + " " + after.java().modules()));
        changes.add(compare(
                "kernel",
                before.kernel() + " " + before.java().home(),
                after.kernel() + " " + after.java().home()));
        Map<String, LibraryLayer> old = byName(beforeLibraries);
        Map<String, LibraryLayer> now = byName(afterLibraries);
        Set<String> names = new LinkedHashSet<>(now.keySet());
        names.addAll(old.keySet());
        for (String name : names) {
            LibraryLayer was = old.get(name);
            LibraryLayer is = now.get(name);
            if (was == null) {
                changes.add(new Change(name, Kind.ADDED, jars(is)));
            } else if (is == null) {
                changes.add(new Change(name, Kind.REMOVED, jars(was)));
            } else {
                changes.add(compare(name, jars(was), jars(is)));
            }
        }
        changes.add(compare(
                "extensions",
                beforeLibraries.extensions().stream()
                        .map(ResolvedJar::coordinates)
                        .toList()
                        .toString(),
                afterLibraries.extensions().stream()
                        .map(ResolvedJar::coordinates)
                        .toList()
                        .toString()));
        changes.add(compare("files", files(before), files(after)));
        changes.add(compare(
                "config",
                before.env() + " " + before.labels() + " " + before.jupyter().command(),
                after.env() + " " + after.labels() + " " + after.jupyter().command()));
        return changes;
    }

    private static Map<String, LibraryLayer> byName(ResolvedLibraries libraries) {
        Map<String, LibraryLayer> layers = new LinkedHashMap<>();
        libraries.layers().forEach(layer -> layers.put(layer.layerName(), layer));
        return layers;
    }

    private static String jars(LibraryLayer layer) {
        return String.join(
                ", ",
                layer.jars().stream().map(ResolvedJar::coordinates).sorted().toList());
    }

    private static Change compare(String layer, String before, String after) {
        if (Objects.equals(before, after)) {
            return new Change(layer, Kind.SAME, "");
        }
        return new Change(layer, Kind.CHANGED, before + " -> " + after);
    }

    /** The files' targets and content digests. */
    private static String files(TeamImageSpec spec) {
        List<String> entries = new ArrayList<>();
        for (ExtraFile file : spec.files()) {
            entries.add(file.target() + "=" + digest(file.source()) + "/" + file.mode());
        }
        return entries.toString();
    }

    private static String digest(Path source) {
        try (Stream<Path> walk = Files.walk(source)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                sha.update(source.relativize(file).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                sha.update(Files.readAllBytes(file));
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 12);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
