package io.jfairing.runtime.runner;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * What the runner runs: the notebook's cells in order, each with the compiled steps that replay its code, and
 * where the compiled code's lines are in the cells. Written at build time ({@code program.txt} in the code layer)
 * and read by the runner in the image; a line-based text format so that the runner needs nothing beyond java.base.
 *
 * <pre>
 * jfairing-program 1
 * notebook BASE64(name)
 * parameter NAME BASE64(java literal)
 * cell NUMBER TYPE BASE64(tags, one a line) BASE64(source)
 * invoke CLASS value|void          (steps of the cell above)
 * entry CLASS-NAME                  (optional: the Trainer the runner trains after the cells)
 * entry-invoke CLASS
 * lines FILE CELL-LABEL-BASE64 WRAPPED=CELL,WRAPPED=CELL...   (1-based lines)
 * predictor CLASS                   (each Predictor class the notebook defines, for the serving image)
 * magic BASE64(name) BASE64(arguments) BASE64(paths, one a line)   (the value of a magic used as a value)
 * </pre>
 */
public final class Program {
    public static final String MAGIC = "jfairing-program 1";

    /** One step: call {@code do_it$()} of a compiled class; {@code value} marks the cell's result. */
    public record Step(String className, boolean value) {}

    /** A notebook cell with the steps that run it (none for markdown). */
    public record Cell(int number, String type, List<String> tags, String source, List<Step> steps) {
        public Cell {
            tags = List.copyOf(tags);
            steps = List.copyOf(steps);
        }

        public boolean isCode() {
            return type.equals("code");
        }

        public String label() {
            return tags.contains("injected-parameters") ? "cell injected-parameters" : "cell " + number;
        }
    }

    /**
     * The value of a magic the code uses as a value ({@code List<String> added = %jars lib/*.jar}): the paths of
     * what it added to the class path, where the program runs (the image's {@code /app/libs/...}, or the files
     * themselves for a local run).
     */
    public record MagicValue(String name, String arguments, List<String> paths) {
        public MagicValue {
            paths = List.copyOf(paths);
        }
    }

    /** Where a compiled file's lines are: file name -> (line in the file -> "cell 3, line 2"). */
    public record LineMap(String file, String cellLabel, Map<Integer, Integer> lines) {}

    private final String notebook;
    private final Map<String, String> parameters;
    private final List<Cell> cells;
    private final String entryClass;
    private final List<Step> entrySteps;
    private final Map<String, LineMap> lineMaps;
    private final List<String> predictors;
    private final List<MagicValue> magicValues;

    public Program(
            String notebook,
            Map<String, String> parameters,
            List<Cell> cells,
            String entryClass,
            List<Step> entrySteps,
            Map<String, LineMap> lineMaps) {
        this(notebook, parameters, cells, entryClass, entrySteps, lineMaps, List.of());
    }

    public Program(
            String notebook,
            Map<String, String> parameters,
            List<Cell> cells,
            String entryClass,
            List<Step> entrySteps,
            Map<String, LineMap> lineMaps,
            List<String> predictors) {
        this(notebook, parameters, cells, entryClass, entrySteps, lineMaps, predictors, List.of());
    }

    public Program(
            String notebook,
            Map<String, String> parameters,
            List<Cell> cells,
            String entryClass,
            List<Step> entrySteps,
            Map<String, LineMap> lineMaps,
            List<String> predictors,
            List<MagicValue> magicValues) {
        this.magicValues = List.copyOf(magicValues);
        this.predictors = List.copyOf(predictors);
        this.notebook = notebook;
        this.parameters = new LinkedHashMap<>(parameters);
        this.cells = List.copyOf(cells);
        this.entryClass = entryClass;
        this.entrySteps = List.copyOf(entrySteps);
        this.lineMaps = new LinkedHashMap<>(lineMaps);
    }

    public String notebook() {
        return notebook;
    }

    public Map<String, String> parameters() {
        return parameters;
    }

    public List<Cell> cells() {
        return cells;
    }

    /** The entry class's name, or null. */
    public String entryClass() {
        return entryClass;
    }

    public List<Step> entrySteps() {
        return entrySteps;
    }

    public Map<String, LineMap> lineMaps() {
        return lineMaps;
    }

    /** The binary names of the classes implementing {@link Predictor} (the latest definition of each name). */
    public List<String> predictors() {
        return predictors;
    }

    /** The values of the magics the code uses as values, in the order the build met them. */
    public List<MagicValue> magicValues() {
        return magicValues;
    }

    /** This program with {@code values} as its magics' values. */
    public Program withMagicValues(List<MagicValue> values) {
        return new Program(notebook, parameters, cells, entryClass, entrySteps, lineMaps, predictors, values);
    }

    /** This program with each magic value's paths mapped by {@code where} (to where an image has the files). */
    public Program withMagicPaths(UnaryOperator<String> where) {
        List<MagicValue> mapped = new ArrayList<>();
        for (MagicValue value : magicValues) {
            mapped.add(new MagicValue(
                    value.name(),
                    value.arguments(),
                    value.paths().stream().map(where).toList()));
        }
        return withMagicValues(mapped);
    }

    /** The text form; the same program gives the same bytes. */
    public String write() {
        StringBuilder out = new StringBuilder(MAGIC).append('\n');
        out.append("notebook ").append(b64(notebook)).append('\n');
        parameters.forEach((name, literal) -> out.append("parameter ")
                .append(name)
                .append(' ')
                .append(b64(literal))
                .append('\n'));
        for (Cell cell : cells) {
            out.append("cell ")
                    .append(cell.number())
                    .append(' ')
                    .append(cell.type())
                    .append(' ')
                    .append(b64(String.join("\n", cell.tags())))
                    .append(' ')
                    .append(b64(cell.source()))
                    .append('\n');
            for (Step step : cell.steps()) {
                out.append("invoke ")
                        .append(step.className())
                        .append(' ')
                        .append(step.value() ? "value" : "void")
                        .append('\n');
            }
        }
        if (entryClass != null) {
            out.append("entry ").append(entryClass).append('\n');
            for (Step step : entrySteps) {
                out.append("entry-invoke ").append(step.className()).append('\n');
            }
        }
        for (LineMap map : lineMaps.values()) {
            out.append("lines ")
                    .append(map.file())
                    .append(' ')
                    .append(b64(map.cellLabel()))
                    .append(' ');
            StringBuilder pairs = new StringBuilder();
            map.lines()
                    .forEach((wrapped, line) -> pairs.append(pairs.length() == 0 ? "" : ",")
                            .append(wrapped)
                            .append('=')
                            .append(line));
            out.append(pairs.length() == 0 ? "-" : pairs).append('\n');
        }
        for (String predictor : predictors) {
            out.append("predictor ").append(predictor).append('\n');
        }
        for (MagicValue value : magicValues) {
            out.append("magic ")
                    .append(b64(value.name()))
                    .append(' ')
                    .append(b64(value.arguments()))
                    .append(' ')
                    .append(b64(String.join("\n", value.paths())))
                    .append('\n');
        }
        return out.toString();
    }

    public static Program read(String text) throws IOException {
        BufferedReader in = new BufferedReader(new StringReader(text));
        String first = in.readLine();
        if (!MAGIC.equals(first)) {
            throw new IOException("not a jfairing program (expected \"" + MAGIC + "\", found \"" + first + "\")");
        }
        String notebook = "";
        Map<String, String> parameters = new LinkedHashMap<>();
        List<Cell> cells = new ArrayList<>();
        List<Step> steps = null;
        Cell pending = null;
        String entryClass = null;
        List<Step> entrySteps = new ArrayList<>();
        Map<String, LineMap> lineMaps = new LinkedHashMap<>();
        List<String> predictors = new ArrayList<>();
        List<MagicValue> magicValues = new ArrayList<>();
        String line;
        while ((line = in.readLine()) != null) {
            String[] f = line.split(" ");
            switch (f[0]) {
                case "notebook" -> notebook = unb64(f[1]);
                case "parameter" -> parameters.put(f[1], unb64(f[2]));
                case "cell" -> {
                    if (pending != null) {
                        cells.add(new Cell(pending.number(), pending.type(), pending.tags(), pending.source(), steps));
                    }
                    String tags = unb64(f[3]);
                    pending = new Cell(
                            Integer.parseInt(f[1]),
                            f[2],
                            tags.isEmpty() ? List.of() : List.of(tags.split("\n")),
                            unb64(f[4]),
                            List.of());
                    steps = new ArrayList<>();
                }
                case "invoke" -> steps.add(new Step(f[1], f[2].equals("value")));
                case "entry" -> entryClass = f[1];
                case "entry-invoke" -> entrySteps.add(new Step(f[1], false));
                case "lines" -> {
                    Map<Integer, Integer> map = new LinkedHashMap<>();
                    if (!f[3].equals("-")) {
                        for (String pair : f[3].split(",")) {
                            int eq = pair.indexOf('=');
                            map.put(Integer.parseInt(pair.substring(0, eq)), Integer.parseInt(pair.substring(eq + 1)));
                        }
                    }
                    lineMaps.put(f[1], new LineMap(f[1], unb64(f[2]), map));
                }
                case "predictor" -> predictors.add(f[1]);
                case "magic" -> {
                    String paths = unb64(f[3]);
                    magicValues.add(new MagicValue(
                            unb64(f[1]), unb64(f[2]), paths.isEmpty() ? List.of() : List.of(paths.split("\n"))));
                }
                default -> throw new IOException("unknown program line: " + line);
            }
        }
        if (pending != null) {
            cells.add(new Cell(pending.number(), pending.type(), pending.tags(), pending.source(), steps));
        }
        return new Program(notebook, parameters, cells, entryClass, entrySteps, lineMaps, predictors, magicValues);
    }

    private static String b64(String text) {
        return text.isEmpty() ? "-" : Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String unb64(String text) {
        return text.equals("-") ? "" : new String(Base64.getDecoder().decode(text), StandardCharsets.UTF_8);
    }
}
