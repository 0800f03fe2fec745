package io.jfairing.runtime.use;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Where {@code %use} finds presets: {@code NAME.json} in the folders of {@code JFAIRING_USE_PATH} (separated like a
 * class path), then in {@code ~/.jfairing/use}, then the kernel's own. The first found wins, so a team's descriptor
 * replaces a built-in one of the same name. The kernel's {@code %use} and an image build search the same way.
 */
public final class PresetCatalog {
    /** The environment variable with a team's preset folders. */
    public static final String PATH_VARIABLE = "JFAIRING_USE_PATH";

    private static final String BUILT_IN = "/io/jfairing/runtime/use/";

    private final List<Path> folders;

    public PresetCatalog(List<Path> folders) {
        this.folders = List.copyOf(folders);
    }

    /** The catalog for this environment: {@code JFAIRING_USE_PATH}, then {@code ~/.jfairing/use}. */
    public static PresetCatalog fromEnvironment(Map<String, String> env, Path home) {
        List<Path> folders = new ArrayList<>();
        for (String entry : env.getOrDefault(PATH_VARIABLE, "").split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                folders.add(Path.of(entry));
            }
        }
        folders.add(home.resolve(".jfairing").resolve("use"));
        return new PresetCatalog(folders);
    }

    /** The folders searched before the built-in presets. */
    public List<Path> folders() {
        return folders;
    }

    /** The preset called {@code name}, or empty. */
    public Optional<LibraryPreset> find(String name) {
        for (Path folder : folders) {
            Path file = folder.resolve(name + ".json");
            if (Files.isRegularFile(file)) {
                return Optional.of(read(file));
            }
        }
        return builtIn(name);
    }

    /**
     * The preset and version that {@code spec} ({@code NAME} or {@code NAME@VERSION}) names; a preset that is not
     * there, a malformed version or a version for a preset with none to choose is a {@link PresetException} that names
     * it and says where presets come from.
     */
    public PresetUse use(String spec) {
        int at = spec.indexOf('@');
        String name = at < 0 ? spec : spec.substring(0, at);
        String version = at < 0 ? null : spec.substring(at + 1);
        if (version != null && !version.matches("[A-Za-z0-9][A-Za-z0-9._+-]*")) {
            throw new PresetException("'" + spec + "': the version after @ is empty or malformed");
        }
        LibraryPreset preset = find(name)
                .orElseThrow(() -> new PresetException("there is no preset '" + name + "'; %use --list shows them ("
                        + String.join(
                                ", ", all().stream().map(LibraryPreset::name).toList())
                        + "). A team adds one as " + name + ".json in a folder of " + PATH_VARIABLE
                        + " or ~/.jfairing/use."));
        if (version != null && preset.dependencies().stream().noneMatch(d -> d.contains("{version}"))) {
            throw new PresetException("preset '" + name + "' has no version to choose (it bundles "
                    + (preset.dependencies().isEmpty() ? "no artifacts" : String.join(", ", preset.dependencies()))
                    + ")");
        }
        return new PresetUse(preset, version);
    }

    /** Every preset that {@link #find} can return, by name. */
    public List<LibraryPreset> all() {
        Map<String, LibraryPreset> byName = new TreeMap<>();
        for (String name : builtInNames()) {
            builtIn(name).ifPresent(preset -> byName.put(name, preset));
        }
        for (int i = folders.size() - 1; i >= 0; i--) {
            Path folder = folders.get(i);
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (Stream<Path> files = Files.list(folder)) {
                for (Path file : (Iterable<Path>)
                        files.filter(f -> f.getFileName().toString().endsWith(".json"))
                                .sorted()::iterator) {
                    LibraryPreset preset = read(file);
                    byName.put(preset.name(), preset);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + folder, e);
            }
        }
        return List.copyOf(byName.values());
    }

    private static LibraryPreset read(Path file) {
        String json;
        try {
            json = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new PresetException(file + ": cannot read it: " + e.getMessage());
        }
        LibraryPreset preset = PresetParser.parse(json, file.toString());
        String expected = file.getFileName().toString().replaceFirst("\\.json$", "");
        if (!preset.name().equals(expected)) {
            throw new PresetException(
                    file + ": the file must be called " + preset.name() + ".json, as the preset's name");
        }
        return preset;
    }

    private static Optional<LibraryPreset> builtIn(String name) {
        if (!name.matches("[a-z0-9][a-z0-9._-]*")) {
            return Optional.empty();
        }
        try (InputStream in = PresetCatalog.class.getResourceAsStream(BUILT_IN + name + ".json")) {
            if (in == null) {
                return Optional.empty();
            }
            return Optional.of(PresetParser.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "built-in"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> builtInNames() {
        try (InputStream in = PresetCatalog.class.getResourceAsStream(BUILT_IN + "presets.txt")) {
            if (in == null) {
                return List.of();
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
