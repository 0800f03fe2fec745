package io.jfairing.runtime.runner;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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

    private Program(Builder builder) {
        this.notebook = builder.notebook;
        this.parameters = Collections.unmodifiableMap(new LinkedHashMap<>(builder.parameters));
        this.cells = List.copyOf(builder.cells);
        this.entryClass = builder.entryClass;
        this.entrySteps = List.copyOf(builder.entrySteps);
        this.lineMaps = Collections.unmodifiableMap(new LinkedHashMap<>(builder.lineMaps));
        this.predictors = List.copyOf(builder.predictors);
        this.magicValues = List.copyOf(builder.magicValues);
    }

    /** An empty program (no notebook name, no cells) to fill in. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from this program. */
    public Builder toBuilder() {
        Builder builder = new Builder()
                .notebook(notebook)
                .parameters(parameters)
                .cells(cells)
                .lineMaps(lineMaps.values())
                .predictors(predictors)
                .magicValues(magicValues);
        return entryClass == null ? builder : builder.entry(entryClass, entrySteps);
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
        return toBuilder().magicValues(values).build();
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
        Builder program = builder();
        List<Step> steps = null;
        Cell pending = null;
        String entryClass = null;
        List<Step> entrySteps = new ArrayList<>();
        String line;
        while ((line = in.readLine()) != null) {
            String[] f = line.split(" ");
            switch (f[0]) {
                case "notebook" -> program.notebook(unb64(f[1]));
                case "parameter" -> program.parameter(f[1], unb64(f[2]));
                case "cell" -> {
                    if (pending != null) {
                        program.cell(
                                new Cell(pending.number(), pending.type(), pending.tags(), pending.source(), steps));
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
                    program.lineMap(new LineMap(f[1], unb64(f[2]), map));
                }
                case "predictor" -> program.predictor(f[1]);
                case "magic" -> {
                    String paths = unb64(f[3]);
                    program.magicValue(new MagicValue(
                            unb64(f[1]), unb64(f[2]), paths.isEmpty() ? List.of() : List.of(paths.split("\n"))));
                }
                default -> throw new IOException("unknown program line: " + line);
            }
        }
        if (pending != null) {
            program.cell(new Cell(pending.number(), pending.type(), pending.tags(), pending.source(), steps));
        }
        return entryClass == null
                ? program.build()
                : program.entry(entryClass, entrySteps).build();
    }

    private static String b64(String text) {
        return text.isEmpty() ? "-" : Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String unb64(String text) {
        return text.equals("-") ? "" : new String(Base64.getDecoder().decode(text), StandardCharsets.UTF_8);
    }

    /**
     * Builds a {@link Program}. Singular methods ({@link #cell}, {@link #parameter}, ...) add one item in order;
     * plural ones replace what was there.
     */
    public static final class Builder {
        private String notebook = "";
        private final Map<String, String> parameters = new LinkedHashMap<>();
        private final List<Cell> cells = new ArrayList<>();
        private String entryClass;
        private final List<Step> entrySteps = new ArrayList<>();
        private final Map<String, LineMap> lineMaps = new LinkedHashMap<>();
        private final List<String> predictors = new ArrayList<>();
        private final List<MagicValue> magicValues = new ArrayList<>();

        private Builder() {}

        /** The notebook's file name, as the executed notebook names it. */
        public Builder notebook(String name) {
            this.notebook = Objects.requireNonNull(name, "notebook");
            return this;
        }

        /** A parameter's value as a Java literal ({@code "3"}, {@code "\"adam\""}). */
        public Builder parameter(String name, String literal) {
            parameters.put(Objects.requireNonNull(name, "parameter name"), Objects.requireNonNull(literal, name));
            return this;
        }

        public Builder parameters(Map<String, String> literals) {
            parameters.clear();
            literals.forEach(this::parameter);
            return this;
        }

        public Builder cell(Cell cell) {
            cells.add(Objects.requireNonNull(cell, "cell"));
            return this;
        }

        public Builder cells(List<Cell> all) {
            cells.clear();
            all.forEach(this::cell);
            return this;
        }

        /** The Trainer the runner trains after the cells, with the steps that define it. */
        public Builder entry(String className, List<Step> steps) {
            this.entryClass = Objects.requireNonNull(className, "entry class");
            entrySteps.clear();
            entrySteps.addAll(steps);
            return this;
        }

        /** Where one compiled file's lines are; a later map for the same file replaces the earlier. */
        public Builder lineMap(LineMap map) {
            lineMaps.put(map.file(), map);
            return this;
        }

        public Builder lineMaps(Collection<LineMap> maps) {
            lineMaps.clear();
            maps.forEach(this::lineMap);
            return this;
        }

        /** The binary name of a class implementing {@link Predictor}. */
        public Builder predictor(String className) {
            predictors.add(Objects.requireNonNull(className, "predictor"));
            return this;
        }

        public Builder predictors(List<String> classNames) {
            predictors.clear();
            classNames.forEach(this::predictor);
            return this;
        }

        public Builder magicValue(MagicValue value) {
            magicValues.add(Objects.requireNonNull(value, "magic value"));
            return this;
        }

        public Builder magicValues(List<MagicValue> values) {
            magicValues.clear();
            values.forEach(this::magicValue);
            return this;
        }

        public Program build() {
            return new Program(this);
        }
    }
}
