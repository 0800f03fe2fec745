package io.jfairing.fairing.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Decides how a value of a Java type (as JShell names it: {@code List<Double>}, {@code Split}, {@code Path}) crosses
 * between steps, or says why it cannot. Records are those the notebook declares.
 */
final class ValuePassing {
    private static final Set<String> INTEGERS =
            Set.of("int", "long", "short", "byte", "Integer", "Long", "Short", "Byte");
    private static final Set<String> DOUBLES = Set.of("double", "float", "Double", "Float");
    private static final Set<String> BOOLEANS = Set.of("boolean", "Boolean");
    private static final Set<String> STRINGS = Set.of("String", "char", "Character", "CharSequence");
    private static final Set<String> COLLECTIONS = Set.of(
            "List",
            "ArrayList",
            "LinkedList",
            "Set",
            "HashSet",
            "LinkedHashSet",
            "TreeSet",
            "SortedSet",
            "Collection",
            "Iterable");
    private static final Set<String> MAPS = Set.of("Map", "HashMap", "LinkedHashMap", "TreeMap", "SortedMap");
    private static final Set<String> PATHS = Set.of("Path");

    private final Set<String> records;

    ValuePassing(Set<String> records) {
        this.records = Set.copyOf(records);
    }

    /** How {@code name} of {@code type} travels; an error that says what would cross instead. */
    StepValue.Passing of(String name, String type) throws PipelineException {
        String t = simple(type.trim());
        if (isScalar(t)) {
            return scalar(t);
        }
        if (t.endsWith("[]")) {
            String element = t.substring(0, t.length() - 2);
            if (isScalar(element)) {
                return StepValue.Passing.LIST;
            }
            if (crosses(element)) {
                return StepValue.Passing.DATASET;
            }
        }
        String base = base(t);
        List<String> args = arguments(t);
        boolean model = name.toLowerCase(Locale.ROOT).contains("model")
                || t.toLowerCase(Locale.ROOT).contains("model");
        if (PATHS.contains(base)) {
            return model ? StepValue.Passing.MODEL : StepValue.Passing.DATASET;
        }
        if (records.contains(base)) {
            return model ? StepValue.Passing.MODEL : StepValue.Passing.ARTIFACT;
        }
        if (COLLECTIONS.contains(base) && args.size() <= 1) {
            String element = args.isEmpty() ? "Object" : args.get(0);
            if (isScalarTree(element)) {
                return StepValue.Passing.LIST;
            }
            if (crosses(element)) {
                return StepValue.Passing.DATASET;
            }
        }
        if (MAPS.contains(base) && args.size() == 2 && STRINGS.contains(simple(args.get(0)))) {
            if (isScalarTree(args.get(1))) {
                return StepValue.Passing.STRUCT;
            }
            if (crosses(args.get(1))) {
                return StepValue.Passing.ARTIFACT;
            }
        }
        throw new PipelineException("'" + name + "' (" + type + ") cannot cross between steps: pass a primitive, a"
                + " String, a List, Set or Map (String keys) of those or of records, a record declared in the notebook,"
                + " or a Path to a file; or compute it again in the step that needs it");
    }

    private boolean crosses(String type) {
        try {
            of("value", type);
            return true;
        } catch (PipelineException e) {
            return false;
        }
    }

    private static boolean isScalarTree(String type) {
        String t = simple(type.trim());
        if (isScalar(t) || t.equals("Object") || t.equals("Number")) {
            return true;
        }
        String base = base(t);
        List<String> args = arguments(t);
        if (COLLECTIONS.contains(base) && args.size() == 1) {
            return isScalarTree(args.get(0));
        }
        return MAPS.contains(base) && args.size() == 2 && isScalarTree(args.get(1));
    }

    private static boolean isScalar(String t) {
        return INTEGERS.contains(t) || DOUBLES.contains(t) || BOOLEANS.contains(t) || STRINGS.contains(t);
    }

    private static StepValue.Passing scalar(String t) {
        if (INTEGERS.contains(t)) {
            return StepValue.Passing.INTEGER;
        }
        if (DOUBLES.contains(t)) {
            return StepValue.Passing.DOUBLE;
        }
        return BOOLEANS.contains(t) ? StepValue.Passing.BOOLEAN : StepValue.Passing.STRING;
    }

    /** {@code java.util.List<java.lang.String>} as {@code List<String>}; {@code ? extends X} as {@code X}. */
    static String simple(String type) {
        String t = type.trim();
        if (t.startsWith("? extends ")) {
            t = t.substring("? extends ".length()).trim();
        }
        StringBuilder out = new StringBuilder();
        StringBuilder word = new StringBuilder();
        for (char c : (t + " ").toCharArray()) {
            if (Character.isJavaIdentifierPart(c) || c == '.') {
                word.append(c);
            } else {
                String w = word.toString();
                out.append(w.substring(w.lastIndexOf('.') + 1));
                word.setLength(0);
                out.append(c);
            }
        }
        return out.toString().trim();
    }

    private static String base(String t) {
        int lt = t.indexOf('<');
        return lt < 0 ? t : t.substring(0, lt).trim();
    }

    private static List<String> arguments(String t) {
        int lt = t.indexOf('<');
        List<String> args = new ArrayList<>();
        if (lt < 0 || !t.endsWith(">")) {
            return args;
        }
        int depth = 0;
        int start = lt + 1;
        for (int i = lt + 1; i < t.length() - 1; i++) {
            char c = t.charAt(i);
            if (c == '<') {
                depth++;
            } else if (c == '>') {
                depth--;
            } else if (c == ',' && depth == 0) {
                args.add(t.substring(start, i).trim());
                start = i + 1;
            }
        }
        args.add(t.substring(start, t.length() - 1).trim());
        return args;
    }
}
