package io.jfairing.fairing.preprocess;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.JavacTask;
import io.jfairing.fairing.notebook.NotebookCell;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.tools.JavaCompiler;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

/**
 * Papermill-style parameters for Java: the cell tagged {@code parameters} declares typed variables
 * ({@code int epochs = 10;}); given values become a new cell tagged {@code injected-parameters} right after it,
 * with the same declarations and the new values. A value must parse as its parameter's declared type: int, long,
 * double, float, boolean, String (and their boxes), or a {@code List} of those.
 */
public final class Parameters {
    /** Lists given as text ({@code -p 'stop=["fox", "Dog"]'}) are JSON; numbers keep every digit for the range check. */
    private static final ObjectMapper LIST_JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);

    private Parameters() {}

    /** A parameter the parameters cell declares: its name and its declared type as written ({@code int}, {@code List<Double>}). */
    public record Declared(String name, String type) {}

    /**
     * The cells with an {@code injected-parameters} cell after the {@code parameters} cell (replacing an injected cell
     * a previous run left). With no values, the cells are returned as they are.
     *
     * @param literals receives each parameter's Java literal, by name
     */
    public static List<NotebookCell> inject(
            List<NotebookCell> cells, Map<String, ?> values, Map<String, String> literals) throws ParameterException {
        if (values.isEmpty()) {
            return cells;
        }
        NotebookCell parametersCell = cells.stream()
                .filter(NotebookCell::isParameters)
                .findFirst()
                .orElseThrow(() -> new ParameterException("parameters " + String.join(", ", values.keySet())
                        + " were given, but no cell is tagged \"parameters\": tag the cell that declares them, or make"
                        + " \"// parameters\" its first line"));
        Map<String, Declared> declared = new LinkedHashMap<>();
        for (Declared d : declarations(parametersCell)) {
            declared.put(d.name(), d);
        }
        StringBuilder source = new StringBuilder("// Parameters\n");
        for (Map.Entry<String, ?> value : values.entrySet()) {
            Declared d = declared.get(value.getKey());
            if (d == null) {
                throw new ParameterException("unknown parameter \"" + value.getKey() + "\": the parameters cell ("
                        + parametersCell.label() + ") declares "
                        + (declared.isEmpty() ? "no variables" : String.join(", ", declared.keySet())));
            }
            String literal = literal(d, value.getValue());
            literals.put(d.name(), literal);
            source.append(d.type())
                    .append(' ')
                    .append(d.name())
                    .append(" = ")
                    .append(literal)
                    .append(";\n");
        }
        NotebookCell injected = new NotebookCell(
                parametersCell.number(),
                NotebookCell.Type.CODE,
                source.toString(),
                List.of(NotebookCell.INJECTED_PARAMETERS));
        List<NotebookCell> result = new ArrayList<>();
        for (NotebookCell cell : cells) {
            if (cell.hasTag(NotebookCell.INJECTED_PARAMETERS)) {
                continue;
            }
            result.add(cell);
            if (cell == parametersCell) {
                result.add(injected);
            }
        }
        return result;
    }

    /** The tag of the cell {@link #tunable} adds. */
    public static final String TUNED_PARAMETERS = NotebookCell.TUNED_PARAMETERS;

    private static final Map<String, String> GETTERS = Map.of(
            "int",
            "intParameter",
            "long",
            "longParameter",
            "double",
            "doubleParameter",
            "float",
            "doubleParameter",
            "boolean",
            "booleanParameter",
            "String",
            "parameter");
    /** A boxed parameter keeps its value (null included) unless the trial sets it: the expression of the trial's value. */
    private static final Map<String, String> BOXED = Map.of(
            "Integer", "Integer.valueOf(%s.intParameter(\"%s\", 0))",
            "Long", "Long.valueOf(%s.longParameter(\"%s\", 0L))",
            "Double", "Double.valueOf(%s.doubleParameter(\"%s\", 0d))",
            "Float", "Float.valueOf((float) %s.doubleParameter(\"%s\", 0d))",
            "Boolean", "Boolean.valueOf(%s.booleanParameter(\"%s\", false))");

    private static final String CONTEXT = "io.jfairing.runtime.runner.TrainingContext.current()";

    /**
     * The cells with a {@code tuned-parameters} cell after the parameters cell (and its injected cell): each parameter
     * of type int, long, double, float, boolean, String or their boxes takes the value of {@code FAIRING_PARAM_<NAME>}
     * when the job has one (a tuning trial's parameter, as Katib passes it), and keeps its value otherwise. Without a parameters
     * cell, the cells are returned as they are.
     */
    public static List<NotebookCell> tunable(List<NotebookCell> cells) throws ParameterException {
        NotebookCell parametersCell =
                cells.stream().filter(NotebookCell::isParameters).findFirst().orElse(null);
        if (parametersCell == null) {
            return cells;
        }
        StringBuilder body = new StringBuilder();
        for (Declared d : declarations(parametersCell)) {
            String type = simpleType(d.type());
            String getter = GETTERS.get(type);
            if (getter != null) {
                body.append("    ")
                        .append(d.name())
                        .append(" = ")
                        .append(type.equals("float") ? "(float) " : "")
                        .append(CONTEXT)
                        .append('.')
                        .append(getter)
                        .append("(\"")
                        .append(d.name())
                        .append("\", ")
                        .append(d.name())
                        .append(");\n");
            } else if (BOXED.containsKey(type)) {
                body.append("    ")
                        .append(d.name())
                        .append(" = ")
                        .append(CONTEXT)
                        .append(".parameter(\"")
                        .append(d.name())
                        .append("\").isPresent() ? ")
                        .append(String.format(BOXED.get(type), CONTEXT, d.name()))
                        .append(" : ")
                        .append(d.name())
                        .append(";\n");
            }
        }
        if (body.length() == 0) {
            return cells;
        }
        NotebookCell tuned = new NotebookCell(
                parametersCell.number(),
                NotebookCell.Type.CODE,
                "// a tuning trial's FAIRING_PARAM_<NAME> overrides the parameter of that name\n{\n" + body + "}\n",
                List.of(TUNED_PARAMETERS));
        List<NotebookCell> result = new ArrayList<>();
        int insertAfter = -1;
        for (NotebookCell cell : cells) {
            if (cell.hasTag(TUNED_PARAMETERS)) {
                continue;
            }
            result.add(cell);
            if (cell == parametersCell || cell.hasTag(NotebookCell.INJECTED_PARAMETERS)) {
                insertAfter = result.size() - 1;
            }
        }
        result.add(insertAfter + 1, tuned);
        return result;
    }

    /** The variables the cell declares at its top level, with their declared types. */
    public static List<Declared> declarations(NotebookCell cell) throws ParameterException {
        StringBuilder code = new StringBuilder();
        for (CodePart part : CellParts.parse(cell.label(), cell.source()).code()) {
            code.append(part.code()).append('\n');
        }
        String wrapped = "class Parameters$ { void cell$() {\n" + code + "\n} }";
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        if (compiler == null) {
            throw new IllegalStateException("jfairing needs a JDK (with jdk.compiler), not a JRE, to build images");
        }
        List<String> errors = new ArrayList<>();
        JavacTask task = (JavacTask) compiler.getTask(
                null,
                null,
                d -> {
                    if (d.getKind() == javax.tools.Diagnostic.Kind.ERROR) {
                        errors.add(d.getMessage(Locale.ROOT));
                    }
                },
                List.of("-proc:none"),
                null,
                List.of(new Source(wrapped)));
        List<Declared> result = new ArrayList<>();
        try {
            for (CompilationUnitTree unit : task.parse()) {
                for (Tree type : unit.getTypeDecls()) {
                    for (Tree member : ((ClassTree) type).getMembers()) {
                        if (member instanceof MethodTree method && method.getBody() != null) {
                            collect(method.getBody(), result);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        if (!errors.isEmpty()) {
            throw new ParameterException(
                    "the parameters cell (" + cell.label() + ") is not valid Java: " + errors.get(0));
        }
        return result;
    }

    private static void collect(BlockTree body, List<Declared> result) {
        for (StatementTree statement : body.getStatements()) {
            if (statement instanceof VariableTree variable) {
                String type =
                        variable.getType() == null ? null : variable.getType().toString();
                if (type == null || type.equals("var")) {
                    type = inferred(variable.getInitializer());
                }
                if (type != null) {
                    result.add(new Declared(variable.getName().toString(), type));
                }
            }
        }
    }

    /** The type of a {@code var} parameter, from its literal initializer. */
    private static String inferred(Tree initializer) {
        Tree tree = initializer;
        if (tree instanceof UnaryTree unary
                && (tree.getKind() == Tree.Kind.UNARY_MINUS || tree.getKind() == Tree.Kind.UNARY_PLUS)) {
            tree = unary.getExpression();
        }
        if (!(tree instanceof LiteralTree)) {
            return null;
        }
        return switch (tree.getKind()) {
            case INT_LITERAL -> "int";
            case LONG_LITERAL -> "long";
            case DOUBLE_LITERAL -> "double";
            case FLOAT_LITERAL -> "float";
            case BOOLEAN_LITERAL -> "boolean";
            case STRING_LITERAL -> "String";
            default -> null;
        };
    }

    /** The Java literal for {@code value} as the declared type, or an error that names parameter, type and value. */
    static String literal(Declared parameter, Object value) throws ParameterException {
        String type = simpleType(parameter.type());
        if (type.startsWith("List<") && type.endsWith(">")) {
            String element = type.substring(5, type.length() - 1);
            List<String> items = new ArrayList<>();
            for (Object item : listItems(parameter, value)) {
                items.add(scalar(parameter, element, item, value));
            }
            return "java.util.List.of(" + String.join(", ", items) + ")";
        }
        return scalar(parameter, type, value, value);
    }

    private static String scalar(Declared parameter, String type, Object value, Object whole)
            throws ParameterException {
        String text = value == null ? "null" : String.valueOf(value).strip();
        try {
            switch (type) {
                case "int", "Integer" -> {
                    return Integer.toString(
                            value instanceof Number n && isIntegral(n)
                                    ? Math.toIntExact(n.longValue())
                                    : Integer.parseInt(text));
                }
                case "long", "Long" -> {
                    return (value instanceof Number n && isIntegral(n) ? n.longValue() : Long.parseLong(text)) + "L";
                }
                case "short", "Short" -> {
                    return "(short) " + Short.parseShort(text);
                }
                case "byte", "Byte" -> {
                    return "(byte) " + Byte.parseByte(text);
                }
                case "double", "Double" -> {
                    double d = value instanceof Number n && !(value instanceof java.math.BigDecimal)
                            ? n.doubleValue()
                            : inRange(parameter, type, text, parseDecimal(text), Double.MAX_VALUE);
                    return Double.isNaN(d)
                            ? "Double.NaN"
                            : Double.isInfinite(d)
                                    ? (d > 0 ? "Double.POSITIVE_INFINITY" : "Double.NEGATIVE_INFINITY")
                                    : Double.toString(d);
                }
                case "float", "Float" -> {
                    float f = value instanceof Number n && !(value instanceof java.math.BigDecimal)
                            ? n.floatValue()
                            : (float) inRange(parameter, type, text, parseDecimal(text), Float.MAX_VALUE);
                    return Float.isNaN(f)
                            ? "Float.NaN"
                            : Float.isInfinite(f)
                                    ? (f > 0 ? "Float.POSITIVE_INFINITY" : "Float.NEGATIVE_INFINITY")
                                    : Float.toString(f) + "f";
                }
                case "boolean", "Boolean" -> {
                    if (value instanceof Boolean b) {
                        return b.toString();
                    }
                    if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
                        return text.toLowerCase(Locale.ROOT);
                    }
                    throw new NumberFormatException(text);
                }
                case "String", "CharSequence", "Object" -> {
                    if (value == null) {
                        return "null";
                    }
                    return quote(String.valueOf(value));
                }
                default ->
                    throw new ParameterException(
                            "parameter \"" + parameter.name() + "\" is declared as " + parameter.type()
                                    + "; parameters can be int, long, double, float, boolean, String or a List of those");
            }
        } catch (NumberFormatException | ArithmeticException e) {
            throw new ParameterException("parameter \"" + parameter.name() + "\" is declared as " + parameter.type()
                    + ", but the value " + quote(String.valueOf(whole)) + " is not "
                    + (type.equals(parameter.type()) ? article(type) : article(type) + " (an element of the list)"));
        }
    }

    private static String article(String type) {
        return ("aeiouAEIOU".indexOf(type.charAt(0)) >= 0 ? "an " : "a ") + type;
    }

    /**
     * {@code parsed}, unless a finite number as written is beyond the type's range ({@code 1e400} for a double,
     * {@code 1e39} for a float): an error, not a silent infinity. {@code Infinity} and {@code NaN} written out are kept.
     */
    private static double inRange(Declared parameter, String type, String text, double parsed, double max)
            throws ParameterException {
        if (!text.matches("[+-]?(NaN|Infinity)") && (Double.isInfinite(parsed) || Math.abs(parsed) > max)) {
            throw new ParameterException("parameter \"" + parameter.name() + "\" is declared as " + parameter.type()
                    + ", but the value " + text + " is beyond the range of " + article(type) + " (largest: " + max
                    + "); write Infinity to mean infinity");
        }
        return parsed;
    }

    private static double parseDecimal(String text) {
        if (!text.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?|[+-]?(NaN|Infinity)")) {
            throw new NumberFormatException(text);
        }
        return Double.parseDouble(text);
    }

    private static boolean isIntegral(Number n) {
        return n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte;
    }

    private static List<Object> listItems(Declared parameter, Object value) throws ParameterException {
        if (value instanceof List<?> list) {
            return new ArrayList<>(list);
        }
        if (value instanceof Object[] array) {
            return List.of(array);
        }
        String text = String.valueOf(value).strip();
        if (text.startsWith("[")) {
            try {
                JsonNode array = LIST_JSON.readTree(text);
                if (array.isArray()) {
                    List<Object> items = new ArrayList<>();
                    // each item as written (numbers keep their digits: 1e400 stays 1e400, for the range check)
                    array.forEach(item ->
                            items.add(item.isNull() ? null : item.isTextual() ? item.textValue() : item.asText()));
                    return items;
                }
            } catch (JsonProcessingException e) {
                // not JSON: read it as a loose list, [a, "b, c"]
            }
            if (text.endsWith("]")) {
                text = text.substring(1, text.length() - 1);
            }
        }
        return looseItems(parameter, value, text);
    }

    /** Items separated by commas; an item in double quotes keeps its commas and spaces, one without is trimmed. */
    private static List<Object> looseItems(Declared parameter, Object value, String text) throws ParameterException {
        List<Object> items = new ArrayList<>();
        if (text.isBlank()) {
            return items;
        }
        StringBuilder item = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                if (!quoted && !wasQuoted && item.toString().isBlank()) {
                    item.setLength(0); // the spaces before an opening quote are not part of the item
                }
                quoted = !quoted;
                wasQuoted = true;
            } else if (c == '\\' && quoted && i + 1 < text.length()) {
                item.append(text.charAt(++i));
            } else if (c == ',' && !quoted) {
                items.add(wasQuoted ? item.toString() : item.toString().strip());
                item.setLength(0);
                wasQuoted = false;
            } else if (quoted || !(wasQuoted && Character.isWhitespace(c))) {
                item.append(c);
            }
        }
        if (quoted) {
            throw new ParameterException("parameter \"" + parameter.name() + "\": the list "
                    + quote(String.valueOf(value)) + " has an unclosed quote");
        }
        items.add(wasQuoted ? item.toString() : item.toString().strip());
        return items;
    }

    private static String simpleType(String type) {
        return type.replace(" ", "").replace("java.lang.", "").replace("java.util.", "");
    }

    static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private static final class Source extends SimpleJavaFileObject {
        private final String code;

        Source(String code) {
            super(URI.create("string:///Parameters$.java"), Kind.SOURCE);
            this.code = code;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return code;
        }
    }
}
