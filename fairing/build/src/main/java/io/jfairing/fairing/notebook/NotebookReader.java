package io.jfairing.fairing.notebook;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads nbformat 4 notebooks ({@code .ipynb}), with an error that names the problem for anything else. Cell outputs
 * are skipped as they stream past, never held: a build needs the code, and a notebook with outputs of any size (a
 * 100 MB image, say) reads in little memory.
 */
public final class NotebookReader {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A Java version's feature number: {@code 25} of {@code 25.0.3+9-LTS}, {@code 8} of {@code 1.8.0_412}. */
    private static final Pattern JAVA_FEATURE = Pattern.compile("^(?:1\\.)?(\\d+)");

    private NotebookReader() {}

    public static Notebook read(Path file) throws NotebookFormatException {
        String name = file.getFileName().toString();
        try (InputStream in = Files.newInputStream(file)) {
            return parse(name, JSON.getFactory().createParser(in));
        } catch (NoSuchFileException e) {
            throw new NotebookFormatException(file + ": no such notebook file");
        } catch (IOException e) {
            throw new NotebookFormatException(file + ": cannot read the notebook: " + e.getMessage(), e);
        }
    }

    /**
     * The Java feature version (17, 25, ...) of the kernel that last ran the notebook, from its
     * {@code metadata.language_info} ({@code "name": "java"}, {@code "version": "25.0.3+9-LTS"}); empty when the
     * notebook does not say (never run, or run by a kernel of another language).
     */
    public static OptionalInt javaFeature(Path file) throws NotebookFormatException {
        JsonNode root;
        try (InputStream in = Files.newInputStream(file);
                JsonParser parser = JSON.getFactory().createParser(in)) {
            root = parser.nextToken() == null ? null : readNotebook(parser);
        } catch (IOException e) {
            throw new NotebookFormatException(file + ": cannot read the notebook: " + e.getMessage(), e);
        }
        JsonNode language = root == null ? null : root.path("metadata").path("language_info");
        if (language == null || !language.path("name").asText().equals("java")) {
            return OptionalInt.empty();
        }
        Matcher feature = JAVA_FEATURE.matcher(language.path("version").asText());
        return feature.find() ? OptionalInt.of(Integer.parseInt(feature.group(1))) : OptionalInt.empty();
    }

    public static Notebook parse(String name, byte[] json) throws NotebookFormatException {
        try {
            return parse(name, JSON.getFactory().createParser(json));
        } catch (IOException e) {
            throw new NotebookFormatException(name + ": cannot read the notebook: " + e.getMessage(), e);
        }
    }

    private static Notebook parse(String name, JsonParser parser) throws NotebookFormatException {
        JsonNode root;
        try (parser) {
            root = parser.nextToken() == null ? null : readNotebook(parser);
            if (root != null && parser.nextToken() != null) {
                throw new NotebookFormatException(name + " is not valid JSON (line "
                        + parser.currentLocation().getLineNr() + "): more content after the notebook's object");
            }
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
            throw new NotebookFormatException(name + " is not valid JSON" + where + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new NotebookFormatException(name + ": cannot read the notebook: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new NotebookFormatException(name + " is not a Jupyter notebook: the top level must be a JSON object");
        }
        JsonNode format = root.get("nbformat");
        if (format == null) {
            throw new NotebookFormatException(name + " is not a Jupyter notebook: it has no \"nbformat\" field");
        }
        if (!format.isInt() || format.asInt() != 4) {
            throw new NotebookFormatException(name + " is nbformat " + format + "; jfairing reads nbformat 4 notebooks"
                    + " (convert it with: jupyter nbconvert --to notebook --nbformat 4 " + name + ")");
        }
        JsonNode cells = root.get("cells");
        if (cells == null || !cells.isArray()) {
            throw new NotebookFormatException(name + " is not a valid nbformat 4 notebook: it has no \"cells\" list");
        }
        List<NotebookCell> result = new ArrayList<>();
        int number = 0;
        for (JsonNode cell : cells) {
            number++;
            result.add(cell(name, number, cell));
        }
        return new Notebook(name, result);
    }

    /** The notebook's JSON as a tree, less the cells' {@code outputs}, which are skipped unread. */
    private static JsonNode readNotebook(JsonParser parser) throws IOException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            return parser.readValueAsTree();
        }
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if (field.equals("cells") && value == JsonToken.START_ARRAY) {
                ArrayNode cells = root.putArray(field);
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    cells.add(readCell(parser));
                }
            } else {
                root.set(field, parser.readValueAsTree());
            }
        }
        return root;
    }

    private static JsonNode readCell(JsonParser parser) throws IOException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            return parser.readValueAsTree();
        }
        ObjectNode cell = JsonNodeFactory.instance.objectNode();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            parser.nextToken();
            if (field.equals("outputs") || field.equals("attachments")) {
                parser.skipChildren(); // outputs and pasted images do not go into a build
            } else {
                cell.set(field, parser.readValueAsTree());
            }
        }
        return cell;
    }

    private static NotebookCell cell(String name, int number, JsonNode cell) throws NotebookFormatException {
        String where = name + ", cell " + number;
        if (!cell.isObject()) {
            throw new NotebookFormatException(where + ": a cell must be a JSON object");
        }
        JsonNode type = cell.get("cell_type");
        if (type == null || !type.isTextual()) {
            throw new NotebookFormatException(where + ": the cell has no \"cell_type\"");
        }
        NotebookCell.Type cellType;
        try {
            cellType = NotebookCell.Type.valueOf(type.asText().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new NotebookFormatException(
                    where + ": unknown cell_type \"" + type.asText() + "\" (expected code, markdown or raw)");
        }
        JsonNode source = cell.get("source");
        if (source == null) {
            throw new NotebookFormatException(where + ": the cell has no \"source\"");
        }
        return new NotebookCell(number, cellType, text(where, source), tags(where, cell.get("metadata")));
    }

    private static String text(String where, JsonNode source) throws NotebookFormatException {
        if (source.isTextual()) {
            return source.asText();
        }
        if (source.isArray()) {
            StringBuilder text = new StringBuilder();
            for (JsonNode line : source) {
                if (!line.isTextual()) {
                    throw new NotebookFormatException(where + ": \"source\" must be a string or a list of strings");
                }
                text.append(line.asText());
            }
            return text.toString();
        }
        throw new NotebookFormatException(where + ": \"source\" must be a string or a list of strings");
    }

    private static List<String> tags(String where, JsonNode metadata) throws NotebookFormatException {
        if (metadata == null || metadata.isNull()) {
            return List.of();
        }
        if (!metadata.isObject()) {
            throw new NotebookFormatException(where + ": \"metadata\" must be a JSON object");
        }
        JsonNode tags = metadata.get("tags");
        if (tags == null || tags.isNull()) {
            return List.of();
        }
        if (!tags.isArray()) {
            throw new NotebookFormatException(where + ": \"metadata.tags\" must be a list of strings");
        }
        List<String> result = new ArrayList<>();
        for (JsonNode tag : tags) {
            if (!tag.isTextual()) {
                throw new NotebookFormatException(where + ": \"metadata.tags\" must be a list of strings");
            }
            result.add(tag.asText());
        }
        return result;
    }
}
