package io.jfairing.fairing.serve;

import io.jfairing.fairing.notebook.Notebook;
import io.jfairing.fairing.notebook.NotebookCell;
import io.jfairing.fairing.notebook.NotebookWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Notebooks with a Predictor, as a data scientist would write them, and KServe's documented request bodies. */
final class ServingNotebooks {
    /** KServe's sklearn iris V1 example. */
    static final String V1_BODY = "{\"instances\": [[6.8, 2.8, 4.8, 1.4], [6.0, 3.4, 4.5, 1.6]]}";
    /** KServe's V2 (Open Inference Protocol) example. */
    static final String V2_BODY = "{\"inputs\": [{\"name\": \"input-0\", \"shape\": [2, 4], \"datatype\": \"FP32\", "
            + "\"data\": [6.8, 2.8, 4.8, 1.4, 6.0, 3.4, 4.5, 1.6]}]}";

    static final String IRIS = """
            class Iris implements Predictor<double[], Integer> {
                double threshold = 4.6;

                @Override
                public void load(Path artifact) throws Exception {
                    threshold = Double.parseDouble(Files.readString(artifact).trim());
                    System.out.println("loaded threshold " + threshold);
                }

                @Override
                public Integer predict(double[] x) {
                    if (x[0] < 0) {
                        throw new IllegalArgumentException("negative sepal length " + x[0]);
                    }
                    return x[2] > threshold ? 2 : 1;
                }
            }""";

    private ServingNotebooks() {}

    /** {@code iris.ipynb}: imports, the Iris predictor, a cell that prints. With {@code extra}, a second predictor. */
    static Path iris(Path dir, boolean extra) throws IOException {
        List<NotebookCell> cells = new ArrayList<>();
        cells.add(
                NotebookCell.markdown(1, "# Iris\nA rule learned elsewhere; the threshold comes from the model file."));
        cells.add(NotebookCell.code(2, "import io.jfairing.runtime.runner.Predictor;"));
        cells.add(NotebookCell.code(3, IRIS));
        if (extra) {
            cells.add(NotebookCell.code(
                    4,
                    "class Echo implements Predictor<Object, Object> {\n"
                            + "    public Object predict(Object x) { return x; }\n}"));
        }
        cells.add(NotebookCell.code(5, "System.out.println(\"defined \" + Iris.class.getSimpleName());"));
        Path file = dir.resolve("iris.ipynb");
        NotebookWriter.write(new Notebook("iris.ipynb", cells), file);
        return file;
    }

    /** A model artifact for {@link #IRIS}: the petal length threshold. */
    static Path threshold(Path dir, double value) throws IOException {
        Path file = dir.resolve("threshold-" + value + ".txt");
        Files.writeString(file, Double.toString(value) + "\n");
        return file;
    }
}
