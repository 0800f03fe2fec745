package io.jfairing.kernel.use;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads a preset descriptor: a JSON object, format 1. A mistake is reported with the descriptor's source and the
 * field, never half read.
 *
 * <pre>{@code
 * {"format": 1, "name": "xchart", "version": "3.8.8", "description": "charts",
 *  "dependencies": ["org.knowm.xchart:xchart:{version}"],
 *  "repositories": [{"id": "jitpack", "url": "https://jitpack.io"}],
 *  "imports": ["org.knowm.xchart.*"], "init": ["..."],
 *  "renderers": [{"type": "org.knowm.xchart.internal.chartpart.Chart", "code": "png(...)"}]}
 * }</pre>
 */
public final class PresetParser {
    /** The descriptor format this kernel reads. */
    public static final int FORMAT = 1;

    private static final Set<String> FIELDS = Set.of(
            "format", "name", "version", "description", "dependencies", "repositories", "imports", "init", "renderers");
    private static final String NAME = "[a-z0-9][a-z0-9._-]*";
    private static final String IMPORT = "(static\\s+)?[A-Za-z_$][\\w$]*(\\.[A-Za-z_$][\\w$]*)*(\\.\\*)?";

    private PresetParser() {}

    /** Parses {@code json}; {@code source} names it in errors and in {@link LibraryPreset#source()}. */
    public static LibraryPreset parse(String json, String source) {
        JsonObject object;
        try {
            @SuppressWarnings("deprecation") // the Gson that the Jupyter library brings predates parseString
            JsonElement element = new JsonParser().parse(json);
            if (!element.isJsonObject()) {
                throw new PresetException(source + ": a preset descriptor is a JSON object");
            }
            object = element.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new PresetException(source + ": not valid JSON: " + e.getMessage());
        }
        for (String field : object.keySet()) {
            if (!FIELDS.contains(field)) {
                throw new PresetException(source + ": unknown field '" + field + "' (known: "
                        + String.join(", ", new java.util.TreeSet<>(FIELDS)) + ")");
            }
        }
        int format = object.has("format") ? integer(object, "format", source) : FORMAT;
        if (format != FORMAT) {
            throw new PresetException(
                    source + ": descriptor format " + format + " is not supported; this kernel reads format " + FORMAT);
        }
        String name = text(object, "name", source, true);
        if (!name.matches(NAME)) {
            throw new PresetException(
                    source + ": name '" + name + "' must be lower case letters, digits, '.', '_' or '-'");
        }
        String version = text(object, "version", source, false);
        List<String> dependencies = list(object, "dependencies", source, e -> e.getAsString());
        for (String dependency : dependencies) {
            if (dependency.contains("{version}") && version == null) {
                throw new PresetException(
                        source + ": dependency '" + dependency + "' uses {version} but the preset has no \"version\"");
            }
            int parts = dependency.split(":", -1).length;
            if (parts < 3
                    || parts > 5
                    || dependency.contains("::")
                    || dependency.isBlank()
                    || dependency.contains(" ")) {
                throw new PresetException(
                        source + ": dependency '" + dependency + "' is not groupId:artifactId:version");
            }
        }
        List<LibraryPreset.Repository> repositories = list(object, "repositories", source, e -> {
            JsonObject repository = e.getAsJsonObject();
            String url = text(repository, "url", source, true);
            if (!url.matches("(?i)(https?|file)://.+")) {
                throw new PresetException(source + ": repository url '" + url + "' is not an http(s) or file URL");
            }
            return new LibraryPreset.Repository(text(repository, "id", source, true), url);
        });
        List<String> imports =
                list(object, "imports", source, e -> e.getAsString().strip());
        for (String name2 : imports) {
            if (!name2.matches(IMPORT)) {
                throw new PresetException(
                        source + ": '" + name2 + "' is not an import (a.b.Class, a.b.*, static a.b.Class.member)");
            }
        }
        List<String> init = list(object, "init", source, JsonElement::getAsString);
        List<LibraryPreset.Renderer> renderers = list(object, "renderers", source, e -> {
            JsonObject renderer = e.getAsJsonObject();
            return new LibraryPreset.Renderer(
                    text(renderer, "type", source, true), text(renderer, "code", source, true));
        });
        String description = text(object, "description", source, false);
        return new LibraryPreset(
                name,
                version == null ? "" : version,
                description == null ? "" : description,
                dependencies,
                repositories,
                imports,
                init,
                renderers,
                source);
    }

    private static String text(JsonObject object, String field, String source, boolean required) {
        JsonElement element = object.get(field);
        if (element == null || element.isJsonNull()) {
            if (required) {
                throw new PresetException(source + ": \"" + field + "\" is missing");
            }
            return null;
        }
        if (!element.isJsonPrimitive()
                || !element.getAsJsonPrimitive().isString()
                || element.getAsString().isBlank()) {
            throw new PresetException(source + ": \"" + field + "\" must be a non-empty string");
        }
        return element.getAsString();
    }

    private static int integer(JsonObject object, String field, String source) {
        JsonElement element = object.get(field);
        if (!element.isJsonPrimitive() || !element.getAsJsonPrimitive().isNumber()) {
            throw new PresetException(source + ": \"" + field + "\" must be a number");
        }
        return element.getAsInt();
    }

    private static <T> List<T> list(JsonObject object, String field, String source, Function<JsonElement, T> item) {
        JsonElement element = object.get(field);
        if (element == null || element.isJsonNull()) {
            return List.of();
        }
        if (!element.isJsonArray()) {
            throw new PresetException(source + ": \"" + field + "\" must be a list");
        }
        List<T> items = new ArrayList<>();
        JsonArray array = element.getAsJsonArray();
        for (JsonElement each : array) {
            try {
                items.add(item.apply(each));
            } catch (IllegalStateException | UnsupportedOperationException e) {
                throw new PresetException(
                        source + ": \"" + field + "\" holds " + each + ", which is not what it takes");
            }
        }
        return items;
    }
}
