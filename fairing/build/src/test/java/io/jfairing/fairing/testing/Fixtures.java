package io.jfairing.fairing.testing;

import io.jfairing.fairing.notebook.Notebook;
import io.jfairing.fairing.notebook.NotebookCell;
import io.jfairing.fairing.notebook.NotebookWriter;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/** Notebooks and jars the tests build images of. */
public final class Fixtures {
    private Fixtures() {
    }

    /** {@code greeter.jar}: {@code demo.Greeter.greet(name)} returns {@code "hello, " + name}. */
    public static Path greeterJar(Path dir) throws IOException {
        Path src = Files.createDirectories(dir.resolve("greeter-src/demo"));
        Files.writeString(src.resolve("Greeter.java"),
                "package demo;\npublic final class Greeter {\n  public static String greet(String name) { return \"hello, \" + name; }\n}\n");
        Path classes = Files.createDirectories(dir.resolve("greeter-classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int status = javac.run(null, null, null, "--release", "17", "-d", classes.toString(), src.resolve("Greeter.java").toString());
        if (status != 0) {
            throw new IOException("javac failed");
        }
        Path jar = dir.resolve("greeter.jar");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            JarEntry entry = new JarEntry("demo/Greeter.class");
            entry.setLastModifiedTime(FileTime.fromMillis(0));
            out.putNextEntry(entry);
            out.write(Files.readAllBytes(classes.resolve("demo/Greeter.class")));
            out.closeEntry();
        }
        return jar;
    }

    /**
     * {@code train.ipynb} in {@code dir}, with {@code greeter.jar} and {@code data/numbers.csv} (1, 2, 3) beside it.
     * Run with {@code epochs=3, name=run1}, it prints {@link #TRAIN_OUTPUT}.
     */
    public static Path trainNotebook(Path dir, String epochWord) throws IOException {
        greeterJar(dir);
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("data/numbers.csv"), "1\n2\n3\n");
        List<NotebookCell> cells = new ArrayList<>();
        cells.add(NotebookCell.markdown(1, "# Training\nA small notebook."));
        cells.add(NotebookCell.code(2, "int epochs = 2;\ndouble rate = 0.5;\nString name = \"demo\";", NotebookCell.PARAMETERS));
        cells.add(NotebookCell.code(3, "%jars greeter.jar\nimport demo.Greeter;\nSystem.out.println(Greeter.greet(name));"));
        cells.add(NotebookCell.code(4, "var lines = Files.readAllLines(Path.of(\"data/numbers.csv\"));\n"
                + "int total = lines.stream().mapToInt(Integer::parseInt).sum();\ntotal * epochs"));
        cells.add(NotebookCell.code(5, "record Result(String name, double score) {}\n"
                + "Result train(int n) {\n  double s = 0;\n  for (int i = 0; i < n; i++) {\n    s += rate;\n"
                + "    System.out.println(\"" + epochWord + " \" + (i + 1) + \" score \" + s);\n  }\n  return new Result(name, s);\n}\n"
                + "train(epochs)"));
        cells.add(NotebookCell.code(6, "%%html\n<b>shown in the notebook only</b>"));
        cells.add(NotebookCell.code(7, "System.getenv(\"FAIRING_RUNTIME\") + \" \" + System.getProperty(\"user.name\")"));
        cells.add(NotebookCell.code(8, "System.out.println(\"skipped\");", NotebookCell.SKIP));
        Path file = dir.resolve("train.ipynb");
        NotebookWriter.write(new Notebook("train.ipynb", cells), file);
        return file;
    }

    /** What {@link #trainNotebook} prints with epochs=3 and name=run1, cell by cell. */
    public static final List<String> TRAIN_OUTPUT = List.of(
            "hello, run1\n",
            "18\n",
            "epoch 1 score 0.5\nepoch 2 score 1.0\nepoch 3 score 1.5\nResult[name=run1, score=1.5]\n",
            "container fairing\n");

    /** A notebook whose second code cell throws. */
    public static Path failingNotebook(Path dir) throws IOException {
        Path file = dir.resolve("fails.ipynb");
        NotebookWriter.write(new Notebook("fails.ipynb", List.of(
                NotebookCell.code(1, "System.out.println(\"start\");"),
                NotebookCell.markdown(2, "next: trouble"),
                NotebookCell.code(3, "void check(int v) {\n  if (v > 1) throw new IllegalStateException(\"boom \" + v);\n}"),
                NotebookCell.code(4, "System.out.println(\"checking\");\ncheck(2);"),
                NotebookCell.code(5, "System.out.println(\"never\");"))), file);
        return file;
    }
}
