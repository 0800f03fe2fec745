package io.jfairing.fairing.preprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jfairing.fairing.notebook.NotebookCell;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParametersTest {
    private static final NotebookCell PARAMS = NotebookCell.code(
            2,
            "// defaults\nint epochs = 10;\nlong seed = 1L;\n"
                    + "double lr = 0.01;\nfloat f = 1f;\nboolean verbose = false;\nString name = \"x\";\nList<Integer> sizes = List.of(1);\n"
                    + "java.util.List<String> tags = List.of();\nvar count = 3;\nvar label = \"l\";\nInteger boxed = 1;",
            NotebookCell.PARAMETERS);

    private static List<NotebookCell> inject(Map<String, ?> values, Map<String, String> literals)
            throws ParameterException {
        return Parameters.inject(
                List.of(NotebookCell.code(1, "int before = 0;"), PARAMS, NotebookCell.code(3, "epochs")),
                values,
                literals);
    }

    @Test
    void declarationsAreReadWithTheirTypes() throws Exception {
        assertThat(Parameters.declarations(PARAMS))
                .extracting(Parameters.Declared::name, Parameters.Declared::type)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("epochs", "int"),
                        org.assertj.core.groups.Tuple.tuple("seed", "long"),
                        org.assertj.core.groups.Tuple.tuple("lr", "double"),
                        org.assertj.core.groups.Tuple.tuple("f", "float"),
                        org.assertj.core.groups.Tuple.tuple("verbose", "boolean"),
                        org.assertj.core.groups.Tuple.tuple("name", "String"),
                        org.assertj.core.groups.Tuple.tuple("sizes", "List<Integer>"),
                        org.assertj.core.groups.Tuple.tuple("tags", "java.util.List<String>"),
                        org.assertj.core.groups.Tuple.tuple("count", "int"),
                        org.assertj.core.groups.Tuple.tuple("label", "String"),
                        org.assertj.core.groups.Tuple.tuple("boxed", "Integer"));
    }

    @Test
    void injectedCellFollowsTheParametersCellWithTypedLiterals() throws Exception {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("epochs", "20");
        values.put("seed", 42);
        values.put("lr", "1e-4");
        values.put("f", 0.5);
        values.put("verbose", "TRUE");
        values.put("name", "a \"quoted\"\nname");
        values.put("sizes", "[1, 2, 3]");
        values.put("tags", List.of("a", "b,c"));
        values.put("count", 7);
        values.put("boxed", "-5");
        Map<String, String> literals = new LinkedHashMap<>();
        List<NotebookCell> cells = inject(values, literals);
        assertThat(cells).hasSize(4);
        NotebookCell injected = cells.get(2);
        assertThat(injected.tags()).containsExactly(NotebookCell.INJECTED_PARAMETERS);
        assertThat(injected.label()).isEqualTo("cell injected-parameters");
        assertThat(injected.source())
                .isEqualTo("// Parameters\nint epochs = 20;\nlong seed = 42L;\ndouble lr = 1.0E-4;\n"
                        + "float f = 0.5f;\nboolean verbose = true;\nString name = \"a \\\"quoted\\\"\\nname\";\n"
                        + "List<Integer> sizes = java.util.List.of(1, 2, 3);\njava.util.List<String> tags = java.util.List.of(\"a\", \"b,c\");\n"
                        + "int count = 7;\nInteger boxed = -5;\n");
        assertThat(literals).containsEntry("epochs", "20").containsEntry("sizes", "java.util.List.of(1, 2, 3)");
    }

    @Test
    void listsOfStringsAcceptQuotes() throws Exception {
        Map<String, String> literals = new LinkedHashMap<>();
        inject(Map.of("tags", "[\"x, y\", z]"), literals);
        assertThat(literals.get("tags")).isEqualTo("java.util.List.of(\"x, y\", \"z\")");
    }

    @Test
    void aRepeatedRunReplacesThePreviouslyInjectedCell() throws Exception {
        List<NotebookCell> once = inject(Map.of("epochs", 5), new LinkedHashMap<>());
        List<NotebookCell> twice = Parameters.inject(once, Map.of("epochs", 6), new LinkedHashMap<>());
        assertThat(twice).hasSize(4);
        assertThat(twice.get(2).source()).contains("int epochs = 6;");
    }

    @Test
    void wrongValuesNameTheParameterTheTypeAndTheValue() {
        assertThatThrownBy(() -> inject(Map.of("epochs", "ten"), new LinkedHashMap<>()))
                .isInstanceOf(ParameterException.class)
                .hasMessage("parameter \"epochs\" is declared as int, but the value \"ten\" is not an int");
        assertThatThrownBy(() -> inject(Map.of("epochs", "1.5"), new LinkedHashMap<>()))
                .hasMessage("parameter \"epochs\" is declared as int, but the value \"1.5\" is not an int");
        assertThatThrownBy(() -> inject(Map.of("epochs", 1.5), new LinkedHashMap<>()))
                .hasMessage("parameter \"epochs\" is declared as int, but the value \"1.5\" is not an int");
        assertThatThrownBy(() -> inject(Map.of("verbose", "yes"), new LinkedHashMap<>()))
                .hasMessage("parameter \"verbose\" is declared as boolean, but the value \"yes\" is not a boolean");
        assertThatThrownBy(() -> inject(Map.of("lr", "0x10"), new LinkedHashMap<>()))
                .hasMessage("parameter \"lr\" is declared as double, but the value \"0x10\" is not a double");
        assertThatThrownBy(() -> inject(Map.of("sizes", "[1, two]"), new LinkedHashMap<>()))
                .hasMessage(
                        "parameter \"sizes\" is declared as List<Integer>, but the value \"[1, two]\" is not an Integer (an element of the list)");
        assertThatThrownBy(() -> inject(Map.of("unknown", 1), new LinkedHashMap<>()))
                .hasMessageStartingWith(
                        "unknown parameter \"unknown\": the parameters cell (cell 2) declares epochs, seed, lr");
        assertThatThrownBy(() -> Parameters.inject(
                        List.of(NotebookCell.code(1, "int a = 1;")), Map.of("a", 2), new LinkedHashMap<>()))
                .hasMessageContaining("no cell is tagged \"parameters\"");
        assertThatThrownBy(() -> Parameters.inject(
                        List.of(NotebookCell.code(1, "Map<String, Integer> m = Map.of();", "parameters")),
                        Map.of("m", "x"),
                        new LinkedHashMap<>()))
                .hasMessageContaining("parameters can be int, long, double, float, boolean, String or a List of those");
    }

    @Test
    void aTunedCellLetsTrialEnvironmentOverrideScalarParametersAfterTheInjectedCell() throws Exception {
        List<NotebookCell> cells = List.of(
                NotebookCell.code(1, "import java.util.*;"),
                NotebookCell.code(
                        2,
                        "double lr = 0.1;\nint epochs = 5;\nfloat f = 1f;\nString opt = \"sgd\";\nList<Integer> sizes = List.of(1);",
                        NotebookCell.PARAMETERS),
                NotebookCell.code(3, "System.out.println(lr);"));
        List<NotebookCell> out =
                Parameters.tunable(Parameters.inject(cells, Map.of("epochs", 9), new LinkedHashMap<>()));
        assertThat(out)
                .extracting(c -> c.tags().isEmpty() ? "" : c.tags().get(0))
                .containsExactly(
                        "", NotebookCell.PARAMETERS, NotebookCell.INJECTED_PARAMETERS, Parameters.TUNED_PARAMETERS, "");
        String tuned = out.get(3).source();
        assertThat(tuned)
                .contains("lr = io.jfairing.runtime.runner.TrainingContext.current().doubleParameter(\"lr\", lr);")
                .contains(
                        "epochs = io.jfairing.runtime.runner.TrainingContext.current().intParameter(\"epochs\", epochs);")
                .contains("f = (float) io.jfairing.runtime.runner.TrainingContext.current().doubleParameter(\"f\", f);")
                .contains("opt = io.jfairing.runtime.runner.TrainingContext.current().parameter(\"opt\", opt);")
                .doesNotContain("sizes");
        assertThat(Parameters.tunable(out)).hasSize(out.size());
    }

    @Test
    void aJsonListOfStringsKeepsEachStringAsWritten() throws Exception {
        Map<String, String> literals = new LinkedHashMap<>();
        inject(Map.of("tags", "[\"fox\", \"Dog\"]"), literals);
        assertThat(literals.get("tags")).isEqualTo("java.util.List.of(\"fox\", \"Dog\")");
        inject(Map.of("tags", "x, \"y\", \" z\""), literals);
        assertThat(literals.get("tags")).isEqualTo("java.util.List.of(\"x\", \"y\", \" z\")");
        inject(Map.of("sizes", "[1, 2]"), literals);
        assertThat(literals.get("sizes")).isEqualTo("java.util.List.of(1, 2)");
    }

    @Test
    void numbersBeyondTheirTypesRangeAreRefusedAlikeForDoubleAndFloat() throws Exception {
        assertThatThrownBy(() -> inject(Map.of("lr", "1e400"), new LinkedHashMap<>()))
                .isInstanceOf(ParameterException.class)
                .hasMessage(
                        "parameter \"lr\" is declared as double, but the value 1e400 is beyond the range of a double"
                                + " (largest: 1.7976931348623157E308); write Infinity to mean infinity");
        assertThatThrownBy(() -> inject(Map.of("f", "1e39"), new LinkedHashMap<>()))
                .isInstanceOf(ParameterException.class)
                .hasMessage("parameter \"f\" is declared as float, but the value 1e39 is beyond the range of a float"
                        + " (largest: 3.4028234663852886E38); write Infinity to mean infinity");
        Map<String, String> literals = new LinkedHashMap<>();
        inject(Map.of("lr", "Infinity", "f", "-Infinity"), literals);
        assertThat(literals)
                .containsEntry("lr", "Double.POSITIVE_INFINITY")
                .containsEntry("f", "Float.NEGATIVE_INFINITY");
        inject(Map.of("f", "NaN"), literals);
        assertThat(literals).containsEntry("f", "Float.NaN");
        assertThatThrownBy(() -> Parameters.inject(
                        List.of(NotebookCell.code(1, "List<Double> xs = List.of();", NotebookCell.PARAMETERS)),
                        Map.of("xs", "[1.5, 1e400]"),
                        new LinkedHashMap<>()))
                .hasMessageContaining("the value 1E+400 is beyond the range of a Double");
    }

    @Test
    void aFirstLineOfSlashSlashParametersMarksTheParametersCellAsTheKernelDoes() throws Exception {
        List<NotebookCell> cells =
                List.of(NotebookCell.code(1, "// parameters\nint epochs = 2;"), NotebookCell.code(2, "epochs"));
        Map<String, String> literals = new LinkedHashMap<>();
        List<NotebookCell> out = Parameters.inject(cells, Map.of("epochs", 7), literals);
        assertThat(out.get(1).tags()).containsExactly(NotebookCell.INJECTED_PARAMETERS);
        assertThat(out.get(1).source()).isEqualTo("// Parameters\nint epochs = 7;\n");
        assertThat(NotebookCell.code(3, "  //parameters (defaults)\nint a = 1;").isParameters())
                .isTrue();
        assertThat(NotebookCell.code(3, "int a = 1; // parameters").isParameters())
                .isFalse();
    }

    @Test
    void boxedParametersAreTunedTooAndKeepTheirValueWhenTheTrialLeavesThemOut() throws Exception {
        List<NotebookCell> cells = List.of(NotebookCell.code(
                1,
                "Integer batch = 32;\nLong seed = null;\nDouble lr = 0.1;\n"
                        + "Float drop = 0.5f;\nBoolean amp = false;\njava.lang.String opt = \"sgd\";",
                NotebookCell.PARAMETERS));
        String tuned = Parameters.tunable(cells).get(1).source();
        String ctx = "io.jfairing.runtime.runner.TrainingContext.current()";
        assertThat(tuned)
                .contains("batch = " + ctx + ".parameter(\"batch\").isPresent() ? Integer.valueOf(" + ctx
                        + ".intParameter(\"batch\", 0)) : batch;")
                .contains("seed = " + ctx + ".parameter(\"seed\").isPresent() ? Long.valueOf(" + ctx
                        + ".longParameter(\"seed\", 0L)) : seed;")
                .contains("lr = " + ctx + ".parameter(\"lr\").isPresent() ? Double.valueOf(" + ctx
                        + ".doubleParameter(\"lr\", 0d)) : lr;")
                .contains("drop = " + ctx + ".parameter(\"drop\").isPresent() ? Float.valueOf((float) " + ctx
                        + ".doubleParameter(\"drop\", 0d)) : drop;")
                .contains("amp = " + ctx + ".parameter(\"amp\").isPresent() ? Boolean.valueOf(" + ctx
                        + ".booleanParameter(\"amp\", false)) : amp;")
                .contains("opt = " + ctx + ".parameter(\"opt\", opt);");
    }

    @Test
    void withoutAParametersCellNothingIsAdded() throws Exception {
        List<NotebookCell> cells = List.of(NotebookCell.code(1, "int x = 1;"));
        assertThat(Parameters.tunable(cells)).isSameAs(cells);
    }
}
