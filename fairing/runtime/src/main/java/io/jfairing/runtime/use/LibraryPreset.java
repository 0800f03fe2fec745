package io.jfairing.runtime.use;

import java.util.ArrayList;
import java.util.List;

/**
 * A library bundled for notebooks, as {@code %use} loads it in the kernel and an image build puts it in the image: its Maven coordinates (with {@code {version}} standing
 * for the version chosen), extra repositories, the imports and code a session starts with, and how its values are
 * shown.
 *
 * @param name what {@code %use} calls it, e.g. {@code xchart}
 * @param version the version used when {@code %use} names none
 * @param description one line for {@code %use --list}
 * @param dependencies Maven coordinates, {@code {version}} replaced by the version chosen
 * @param repositories Maven repositories besides Maven Central
 * @param imports packages ({@code org.knowm.xchart.*}), classes or {@code static} members to import
 * @param init code run once the jars are on the class path
 * @param renderers how values of the library's types are shown
 * @param source where the descriptor was found (a file, or {@code built-in})
 */
public record LibraryPreset(
        String name,
        String version,
        String description,
        List<String> dependencies,
        List<Repository> repositories,
        List<String> imports,
        List<String> init,
        List<Renderer> renderers,
        String source) {
    /** A Maven repository. */
    public record Repository(String id, String url) {}

    /**
     * Shows values whose class is, extends or implements {@code type}: {@code code} is a Java expression over
     * {@code value} (an {@code Object}) that gives what to display, e.g. {@code png(bytes)} or {@code html(text)}.
     */
    public record Renderer(String type, String code) {
        /**
         * Java source of a {@code java.util.function.Function<Object, Object>} that applies {@link #code()} to its
         * argument (a checked exception is rethrown unchecked): what a session evaluates to get the renderer.
         */
        public String function() {
            return "(java.util.function.Function<Object, Object>) value -> {\n"
                    + "    try {\n        return " + code + ";\n"
                    + "    } catch (Exception e) {\n        throw new RuntimeException(e);\n    }\n}";
        }
    }

    public LibraryPreset {
        dependencies = List.copyOf(dependencies);
        repositories = List.copyOf(repositories);
        imports = List.copyOf(imports);
        init = List.copyOf(init);
        renderers = List.copyOf(renderers);
    }

    /** The coordinates for {@code chosen} (this preset's own version when null). */
    public List<String> coordinates(String chosen) {
        String v = chosen == null ? version : chosen;
        List<String> coordinates = new ArrayList<>();
        for (String dependency : dependencies) {
            coordinates.add(dependency.replace("{version}", v));
        }
        return coordinates;
    }

    /** The import statements. */
    public List<String> importStatements() {
        List<String> statements = new ArrayList<>();
        for (String name : imports) {
            statements.add("import " + name + ";");
        }
        return statements;
    }
}
