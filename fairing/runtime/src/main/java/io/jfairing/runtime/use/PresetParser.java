package io.jfairing.runtime.use;

import io.jfairing.runtime.json.JsonCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a preset descriptor: a JSON object, format 1. A mistake is reported with the descriptor's source and the
 * field, never half read. The kernel's {@code %use} and an image build read descriptors with it.
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
    /** The descriptor format this version reads. */
    public static final int FORMAT = 1;

    private static final Set<String> FIELDS = Set.of(
            "format", "name", "version", "description", "dependencies", "repositories", "imports", "init", "renderers");
    private static final String NAME = "[a-z0-9][a-z0-9._-]*";
    private static final String IMPORT = "(static\\s+)?[A-Za-z_$][\\w$]*(\\.[A-Za-z_$][\\w$]*)*(\\.\\*)?";

    private PresetParser() {}

    /** Parses {@code json}; {@code source} names it in errors and in {@link LibraryPreset#source()}. */
    public static LibraryPreset parse(String json, String source) {
        Object parsed;
        try {
            parsed = JsonCodec.parse(json);
        } catch (JsonCodec.JsonException e) {
            throw new PresetException(source + ": not valid JSON: " + e.getMessage());
        }
        if (!(parsed instanceof Map<?, ?> object)) {
            throw new PresetException(source + ": a preset descriptor is a JSON object");
        }
        for (Object field : object.keySet()) {
            if (!FIELDS.contains(field)) {
                throw new PresetException(source + ": unknown field '" + field + "' (known: "
                        + String.join(", ", new TreeSet<>(FIELDS)) + ")");
            }
        }
        Object formatValue = object.get("format");
        if (formatValue != null && !(formatValue instanceof Long)) {
            throw new PresetException(source + ": \"format\" must be a number");
        }
        long format = formatValue == null ? FORMAT : (Long) formatValue;
        if (format != FORMAT) {
            throw new PresetException(source + ": descriptor format " + format
                    + " is not supported; this version reads format " + FORMAT);
        }
        String name = text(object, "name", source, true);
        if (!name.matches(NAME)) {
            throw new PresetException(
                    source + ": name '" + name + "' must be lower case letters, digits, '.', '_' or '-'");
        }
        String version = text(object, "version", source, false);
        List<String> dependencies = list(object, "dependencies", source, PresetParser::string);
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
            Map<?, ?> repository = object(e);
            String url = text(repository, "url", source, true);
            if (!url.matches("(?i)(https?|file)://.+")) {
                throw new PresetException(source + ": repository url '" + url + "' is not an http(s) or file URL");
            }
            return new LibraryPreset.Repository(text(repository, "id", source, true), url);
        });
        List<String> imports = list(object, "imports", source, e -> string(e).strip());
        for (String each : imports) {
            if (!each.matches(IMPORT)) {
                throw new PresetException(
                        source + ": '" + each + "' is not an import (a.b.Class, a.b.*, static a.b.Class.member)");
            }
        }
        List<String> init = list(object, "init", source, PresetParser::string);
        List<LibraryPreset.Renderer> renderers = list(object, "renderers", source, e -> {
            Map<?, ?> renderer = object(e);
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

    private static String text(Map<?, ?> object, String field, String source, boolean required) {
        Object value = object.get(field);
        if (value == null) {
            if (required) {
                throw new PresetException(source + ": \"" + field + "\" is missing");
            }
            return null;
        }
        if (!(value instanceof String text) || text.isBlank()) {
            throw new PresetException(source + ": \"" + field + "\" must be a non-empty string");
        }
        return text;
    }

    private static String string(Object value) {
        if (!(value instanceof String text)) {
            throw new IllegalStateException("not a string");
        }
        return text;
    }

    private static Map<?, ?> object(Object value) {
        if (!(value instanceof Map<?, ?> map)) {
            throw new IllegalStateException("not an object");
        }
        return map;
    }

    private interface Item<T> {
        T of(Object value);
    }

    private static <T> List<T> list(Map<?, ?> object, String field, String source, Item<T> item) {
        Object value = object.get(field);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> array)) {
            throw new PresetException(source + ": \"" + field + "\" must be a list");
        }
        List<T> items = new ArrayList<>();
        for (Object each : array) {
            try {
                items.add(item.of(each));
            } catch (IllegalStateException e) {
                throw new PresetException(
                        source + ": \"" + field + "\" holds " + JsonCodec.write(each) + ", which is not what it takes");
            }
        }
        return items;
    }
}
