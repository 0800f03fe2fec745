package io.jfairing.fairing.pipeline;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

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

    /**
     * prepare -> (left, right in parallel), over the files {@link #writeFanFiles} writes: a jar ({@code %jars}, the
     * images' dependency layer) whose resource left prints, an artifact parameter ({@code data}), a STRING
     * parameter naming a step that throws ({@code failIn}), an INT and a Path passed on; {@code rightCode} is the right
     * step's code (change it to change one step only).
     */
    public static Pipeline.Builder fan(String rightCode) {
        return Pipeline.builder("fan")
                .imports("%jars lib/greeting.jar\nimport java.nio.file.*;")
                .parameters("Path data = Path.of(\"data.txt\");\nint seed = 3;\nString failIn = \"none\";")
                .step(Step.builder("prepare")
                        .code("int base = seed * 2 + Files.readAllLines(data).size();\n"
                                + "Path notes = Files.writeString(Files.createTempFile(\"notes\", \".txt\"),"
                                + " \"prepared \" + base);\n"
                                + "System.out.println(\"prepared \" + base);"))
                .step(Step.builder("left")
                        .code("int left = base + 1;\nSystem.out.println(\"left \" + left + \" \" + new String("
                                + "ClassLoader.getSystemResourceAsStream(\"greeting.txt\").readAllBytes()));")
                        .outputs("left"))
                .step(Step.builder("right").code(rightCode).outputs("right").retries(1));
    }

    /** The right step of {@link #fan} (tried twice): reads prepare's file, fails when {@code failIn} names it. */
    public static final String FAN_RIGHT =
            "if (failIn.equals(\"right\")) throw new IllegalStateException(\"right broke\");\n"
                    + "String right = Files.readString(notes) + \" right \" + (base * 10);\nSystem.out.println(right);";

    /** The files {@link #fan} reads in {@code folder}: {@code data.txt} (two lines) and {@code lib/greeting.jar}. */
    public static void writeFanFiles(Path folder) throws IOException {
        Files.writeString(folder.resolve("data.txt"), "a\nb\n");
        Files.createDirectories(folder.resolve("lib"));
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(folder.resolve("lib/greeting.jar")))) {
            JarEntry entry = new JarEntry("greeting.txt");
            entry.setTime(0);
            jar.putNextEntry(entry);
            jar.write("hello from a jar".getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
        }
    }
}
