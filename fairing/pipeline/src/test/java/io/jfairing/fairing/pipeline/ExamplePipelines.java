package io.jfairing.fairing.pipeline;

/** Pipelines the tests share, made with the Java API. */
public final class ExamplePipelines {
    private ExamplePipelines() {}

    /**
     * load -> split -> (train-a, train-b in parallel) -> evaluate: a LIST parameter, a record artifact, DOUBLE
     * parameters, a Path model; {@code failIn} names a step that throws (or null), {@code data} is the input file.
     */
    public static Pipeline.Builder diamond(String failIn) {
        return Pipeline.builder("diamond")
                .imports("import java.nio.file.*;\nimport java.util.*;")
                .functions(
                        "record Split(List<Double> train, List<Double> test) {}\n"
                                + "double fit(List<Double> xs, double rate) { return xs.stream().mapToDouble(x -> x * rate).sum(); }")
                .parameters("Path data = Path.of(\"data.csv\");\ndouble rate = 0.5;\nint rows = 4;")
                .step(Step.builder("load")
                        .code("List<Double> xs = new ArrayList<>();\n"
                                + "for (String line : Files.readAllLines(data)) xs.add(Double.parseDouble(line.trim()));\n"
                                + "xs = xs.subList(0, Math.min(rows, xs.size()));\n"
                                + "System.out.println(\"loaded \" + xs.size());"))
                .step(Step.builder("split")
                        .code("Split split = new Split(xs.subList(0, xs.size() / 2),"
                                + " xs.subList(xs.size() / 2, xs.size()));"))
                .step(Step.builder("train-a")
                        .code(fail(failIn, "train-a") + "double scoreA = fit(split.train(), rate);"))
                .step(Step.builder("train-b")
                        .code(fail(failIn, "train-b") + "double scoreB = fit(split.test(), rate * 2);"))
                .step(Step.builder("evaluate")
                        .code("String best = scoreA >= scoreB ? \"a\" : \"b\";\n"
                                + "Path bestModel = Files.writeString(Files.createTempFile(\"model\", \".txt\"),"
                                + " best + \"=\" + Math.max(scoreA, scoreB));\n"
                                + "System.out.println(\"best \" + best);"))
                .metrics("scoreA", "scoreB");
    }

    private static String fail(String failIn, String step) {
        return step.equals(failIn) ? "if (true) throw new IllegalStateException(\"" + step + " broke\");\n" : "";
    }
}
