package io.jfairing.fairing.preprocess;

import io.jfairing.fairing.FairingException;
import io.jfairing.runtime.cell.MagicExpressions;
import io.jfairing.runtime.cell.PathGlob;
import io.jfairing.runtime.runner.Program;
import io.jfairing.runtime.use.LibraryPreset;
import io.jfairing.runtime.use.PresetCatalog;
import io.jfairing.runtime.use.PresetException;
import io.jfairing.runtime.use.PresetUse;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a notebook's magics mean for its image, gathered cell by cell: {@code %maven}, {@code %%loadFromPOM} and
 * {@code %use} coordinates for the dependency layer, {@code %jars} and {@code %classpath} files, {@code %mavenRepo}
 * and preset repositories, the code a {@code %use} line stands for, and the value of each magic the code uses as a
 * value ({@code List<String> added = %jars lib/*.jar}). Other magics are dropped.
 */
final class BuildMagics {
    private static final Pattern POM_DEPENDENCY = Pattern.compile("<dependency>(.*?)</dependency>", Pattern.DOTALL);

    /** A {@code %maven} used as a value, resolved once every repository is known. */
    private record MavenValue(MagicExpressions.Expression expression, List<String> coordinates) {}

    /** A {@code %use} of a preset, to name it when its artifacts cannot be resolved. */
    private record UsedPreset(Magic magic, PresetUse use) {}

    private final Path folder;
    private final PresetCatalog presets;
    private final Workload.Builder workload;
    private final List<String> coordinates = new ArrayList<>();
    private final List<Path> jars = new ArrayList<>();
    private final List<MavenValue> mavenValues = new ArrayList<>();
    private final List<UsedPreset> used = new ArrayList<>();

    BuildMagics(Path folder, PresetCatalog presets, Workload.Builder workload) {
        this.folder = folder;
        this.presets = presets;
        this.workload = workload;
    }

    /**
     * The code a cell runs in the image: its code parts with each magic expression turned into a call that gives
     * the recorded value, and the code of each {@code %use} line where that line was; the magics applied.
     */
    List<CodePart> cell(String label, CellParts.Parsed parsed) throws FairingException {
        List<CodePart> code = new ArrayList<>();
        for (CodePart part : parsed.code()) {
            for (MagicExpressions.Expression expression : MagicExpressions.find(part.code())) {
                value(label, part.line(), expression);
            }
            code.add(new CodePart(MagicExpressions.rewrite(part.code()), part.line()));
        }
        for (Magic magic : parsed.magics()) {
            if (magic.name().equals("use")) {
                use(magic).ifPresent(code::add);
            } else {
                apply(magic);
            }
        }
        code.sort(Comparator.comparingInt(CodePart::line));
        return code;
    }

    private void apply(Magic magic) throws FairingException {
        switch (magic.name()) {
            case "maven" -> addCoordinates(mavenCoordinates(magic.arguments()));
            case "mavenRepo" -> workload.addRepository(magic.arguments());
            case "loadFromPOM" -> {
                Matcher dependency = POM_DEPENDENCY.matcher(magic.body() == null ? "" : magic.body());
                while (dependency.find()) {
                    String block = dependency.group(1);
                    addCoordinates(List.of(
                            tag(block, "groupId") + ":" + tag(block, "artifactId") + ":" + tag(block, "version")));
                }
            }
            case "jars" -> jars.addAll(jarFiles(magic.toString(), magic.arguments()));
            case "classpath" -> jars.addAll(classpathEntries(magic.toString(), magic.arguments()));
            default -> workload.addDroppedMagic(magic);
        }
    }

    /** A magic used as a value: applied as on a line of its own, its value recorded for the runner. */
    private void value(String label, int line, MagicExpressions.Expression expression) throws FairingException {
        String where = expression + " (" + label + ", line " + (line + expression.line() + 1) + ")";
        switch (expression.name()) {
            case "maven" -> {
                List<String> mine = mavenCoordinates(expression.arguments());
                addCoordinates(mine);
                mavenValues.add(new MavenValue(expression, mine));
            }
            case "jars" -> record(expression, jarFiles(where, expression.arguments()));
            case "classpath" -> record(expression, classpathEntries(where, expression.arguments()));
            default ->
                throw new FairingException(where + ": in an image only %maven, %jars and %classpath have a value;"
                        + " put %" + expression.name() + " on a line of its own");
        }
    }

    private void record(MagicExpressions.Expression expression, List<Path> added) {
        jars.addAll(added);
        workload.putMagicValue(new Program.MagicValue(
                expression.name(),
                expression.arguments(),
                added.stream().map(BuildMagics::normal).toList()));
    }

    private Optional<CodePart> use(Magic magic) throws FairingException {
        List<String> specs = new ArrayList<>();
        for (String token : magic.arguments().split("[\\s,]+")) {
            if (token.equals("--list") || token.equals("--help") || token.equals("-h")) {
                workload.addDroppedMagic(magic); // shows a table in the kernel, nothing to run
                return Optional.empty();
            }
            if (!token.isBlank() && !token.startsWith("-")) {
                specs.add(token);
            }
        }
        if (specs.isEmpty()) {
            throw new FairingException(magic + ": name a preset (%use NAME[@VERSION])");
        }
        List<String> code = new ArrayList<>();
        for (String spec : specs) {
            PresetUse use;
            try {
                use = presets.use(spec);
            } catch (PresetException e) {
                throw new FairingException(magic + ": " + e.getMessage());
            }
            for (LibraryPreset.Repository repository : use.preset().repositories()) {
                workload.addRepository(repository.id() + " " + repository.url());
            }
            addCoordinates(use.coordinates());
            used.add(new UsedPreset(magic, use));
            String presetCode = PresetCode.of(use);
            if (!presetCode.isEmpty()) {
                code.add(presetCode);
            }
        }
        return code.isEmpty()
                ? Optional.empty()
                : Optional.of(new CodePart(String.join("\n", code), magic.line(), false));
    }

    /**
     * Resolves the coordinates onto the workload's class path with the {@code %jars} and {@code %classpath} files,
     * and records the value of each {@code %maven} used as a value. A preset whose artifacts cannot be resolved is
     * named in the error. {@code provided}: jars the caller adds itself (a kernel session's, with a resolver that
     * resolves nothing); a {@code %maven} value that the resolver does not give is the provided jars of its
     * artifacts ({@code artifactId-version*.jar}).
     */
    void finish(DependencyResolver resolver, List<Path> provided) throws FairingException {
        coordinates.forEach(workload::addDependency);
        List<String> repositories = workload.build().repositories();
        List<Path> resolved;
        try {
            resolved = resolver.resolve(coordinates, repositories);
        } catch (FairingException e) {
            for (UsedPreset preset : used) {
                try {
                    resolver.resolve(preset.use().coordinates(), repositories);
                } catch (FairingException failed) {
                    throw new FairingException(
                            preset.magic() + ": preset " + preset.use().preset().name() + " at version "
                                    + preset.use().version() + " ("
                                    + String.join(", ", preset.use().coordinates())
                                    + ") cannot be resolved: " + failed.getMessage(),
                            failed);
                }
            }
            throw e;
        }
        resolved.forEach(workload::addClasspath);
        jars.forEach(workload::addClasspath);
        for (MavenValue value : mavenValues) {
            List<Path> mine = resolver.resolve(value.coordinates(), repositories);
            if (mine.isEmpty()) {
                mine = artifactsAmong(value.coordinates(), provided);
            }
            workload.putMagicValue(new Program.MagicValue(
                    value.expression().name(),
                    value.expression().arguments(),
                    mine.stream().map(BuildMagics::normal).toList()));
        }
    }

    /**
     * The jars among {@code jars} that are the artifacts themselves, by Maven's file name ({@code a-v.jar},
     * {@code a-v-classifier.ext}).
     */
    private static List<Path> artifactsAmong(List<String> coordinates, List<Path> jars) {
        List<Path> found = new ArrayList<>();
        for (String coordinate : coordinates) {
            String[] parts = coordinate.split(":");
            if (parts.length < 3 || parts.length > 5) {
                continue;
            }
            String version = parts[parts.length - 1];
            String extension = parts.length >= 4 ? parts[2] : "jar";
            String classifier = parts.length == 5 ? "-" + parts[3] : "";
            String name = parts[1] + "-" + version + classifier + "." + extension;
            jars.stream()
                    .filter(jar -> jar.getFileName().toString().equals(name) && !found.contains(jar))
                    .forEach(found::add);
        }
        return found;
    }

    private static String normal(Path path) {
        return path.toAbsolutePath().normalize().toString();
    }

    private void addCoordinates(List<String> more) {
        for (String coordinate : more) {
            if (!coordinates.contains(coordinate)) {
                coordinates.add(coordinate);
            }
        }
    }

    private static List<String> mavenCoordinates(String arguments) {
        List<String> found = new ArrayList<>();
        for (String token : arguments.split("\\s+")) {
            if (!token.isBlank() && !token.startsWith("-")) {
                found.add(token);
            }
        }
        return found;
    }

    private List<Path> jarFiles(String magic, String arguments) throws FairingException {
        List<Path> found = new ArrayList<>();
        for (String glob : arguments.split("\\s+")) {
            if (!glob.isBlank()) {
                List<Path> matched = matches(glob);
                if (matched.isEmpty()) {
                    throw new FairingException(magic + ": no jar matches " + glob + " (relative to " + folder + ")");
                }
                found.addAll(matched);
            }
        }
        return found;
    }

    /** The files {@code glob} names, expanded as the kernel's {@code %jars} does ({@link PathGlob}). */
    private List<Path> matches(String glob) throws FairingException {
        try {
            return PathGlob.expand(folder, glob);
        } catch (IOException e) {
            throw new FairingException(e.getMessage(), e);
        }
    }

    private List<Path> classpathEntries(String magic, String arguments) throws FairingException {
        List<Path> found = new ArrayList<>();
        for (String entry : arguments.split("[\\s" + Pattern.quote(File.pathSeparator) + "]+")) {
            if (!entry.isBlank() && !entry.startsWith("-")) {
                Path path = folder.resolve(entry);
                if (!Files.exists(path)) {
                    throw new FairingException(magic + ": " + path + " does not exist");
                }
                found.add(path);
            }
        }
        return found;
    }

    private static String tag(String xml, String name) throws FairingException {
        Matcher m = Pattern.compile("<" + name + ">\\s*(.*?)\\s*</" + name + ">", Pattern.DOTALL)
                .matcher(xml);
        if (!m.find()) {
            throw new FairingException("%%loadFromPOM: a <dependency> has no <" + name + ">");
        }
        return m.group(1);
    }
}
