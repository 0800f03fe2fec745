package io.jfairing.kernel.magics;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.jfairing.kernel.spi.CellException;
import io.jfairing.kernel.spi.MagicCall;
import io.jfairing.kernel.spi.MagicUsageException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code %load FILE}: runs a {@code .jsh} or {@code .java} file, or the code cells of a {@code .ipynb}, in the session. */
public final class LoadMagic {
    private final Path workingDirectory;
    private final PrintStream out;

    public LoadMagic(Path workingDirectory, PrintStream out) {
        this.workingDirectory = workingDirectory;
        this.out = out;
    }

    @Command(
            name = "load",
            mixinStandardHelpOptions = true,
            description = "Run a .jsh/.java file, or every code cell of a .ipynb notebook, in this session.")
    static final class Options {
        @Parameters(arity = "1", paramLabel = "FILE")
        String file;
    }

    public Object run(MagicCall call) throws Exception {
        Options options =
                MagicOptions.parse("load", new Options(), call.arguments(), out).orElse(null);
        if (options == null) {
            return null;
        }
        Path file = workingDirectory.resolve(options.file).normalize();
        if (!Files.isRegularFile(file)) {
            throw new MagicUsageException("load", "no such file: " + file, null);
        }
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new CellException("IOException", "cannot read " + file + ": " + e.getMessage());
        }
        if (file.getFileName().toString().endsWith(".ipynb")) {
            Object result = null;
            for (String cell : codeCells(file, text)) {
                result = call.session().evaluate(cell);
            }
            return result;
        }
        return call.session().evaluate(text);
    }

    static List<String> codeCells(Path file, String json) throws CellException {
        try {
            JsonObject notebook = new JsonParser().parse(json).getAsJsonObject();
            JsonElement cells = notebook.get("cells");
            if (cells == null || !cells.isJsonArray()) {
                throw new CellException(
                        "NotebookFormatException", file + " has no \"cells\" list (nbformat 4 expected)");
            }
            List<String> sources = new ArrayList<>();
            for (JsonElement element : cells.getAsJsonArray()) {
                JsonObject cell = element.getAsJsonObject();
                if (cell.has("cell_type") && "code".equals(cell.get("cell_type").getAsString())) {
                    sources.add(source(cell.get("source")));
                }
            }
            return sources;
        } catch (JsonParseException | IllegalStateException e) {
            throw new CellException("NotebookFormatException", file + " is not a valid notebook: " + e.getMessage());
        }
    }

    private static String source(JsonElement source) {
        if (source == null) {
            return "";
        }
        if (source.isJsonArray()) {
            StringBuilder text = new StringBuilder();
            for (JsonElement line : (JsonArray) source) {
                text.append(line.getAsString());
            }
            return text.toString();
        }
        return source.getAsString();
    }
}
