import sys; sys.path.insert(0, __import__("os").path.dirname(__file__))
from onboarding_cells import *
out = sys.argv[1]

TRAIN_ALL = r'''
// the standardization the model is trained with: it goes into the model file with the weights
int d = wines.x()[0].length;
double[] mean = new double[d], sd = new double[d];
for (double[] row : wines.x()) for (int j = 0; j < d; j++) mean[j] += row[j] / wines.x().length;
for (double[] row : wines.x()) for (int j = 0; j < d; j++) sd[j] += Math.pow(row[j] - mean[j], 2) / wines.x().length;
for (int j = 0; j < d; j++) sd[j] = Math.sqrt(sd[j]);
double[][] scaled = Arrays.stream(wines.x()).map(row -> {
    double[] v = new double[d];
    for (int j = 0; j < d; j++) v[j] = (row[j] - mean[j]) / sd[j];
    return v;
}).toArray(double[][]::new);

SoftmaxRegression model = new SoftmaxRegression(3, d);
for (int epoch = 0; epoch < epochs; epoch++) model.train(scaled, wines.y(), learningRate);
System.out.printf("accuracy on the wines it was trained on: %.3f%n", model.accuracy(scaled, wines.y()));
'''

SAVE_SERVED = r'''
// the model file: the means, the deviations, then a row of weights per cultivar
Path modelFile = Path.of("models/wine-served.txt").toAbsolutePath();
Files.createDirectories(modelFile.getParent());
List<String> lines = new ArrayList<>();
for (double[] row : List.of(mean, sd)) lines.add(Arrays.stream(row).mapToObj(Double::toString).collect(java.util.stream.Collectors.joining(",")));
for (double[] row : model.w) lines.add(Arrays.stream(row).mapToObj(Double::toString).collect(java.util.stream.Collectors.joining(",")));
Files.write(modelFile, lines);

try (Run run = openRun("wine model for serving")) {
    run.logParam("learning_rate", learningRate).logParam("epochs", epochs);
    run.logInput(WINE_DATA);
    run.logOutput(io.jfairing.metadata.Model.builder().name("wine-served").uri(modelFile.toString()).framework("plain Java").build());
}
modelFile
'''

PREDICTOR = r'''
%%fairing serve --backend local --name wine --model-uri models/wine-served.txt
import io.jfairing.runtime.runner.Predictor;
import java.nio.file.*;
import java.util.*;

/** A wine's 13 raw measurements in; its cultivar (0, 1 or 2) out. */
public class WinePredictor implements Predictor<List<Number>, Integer> {
    private double[] mean, sd;
    private double[][] w; // a row per cultivar: the bias, then a weight per measurement

    @Override
    public void load(Path artifact) throws Exception {
        List<double[]> rows = Files.readAllLines(artifact).stream()
                .map(line -> Arrays.stream(line.split(",")).mapToDouble(Double::parseDouble).toArray()).toList();
        mean = rows.get(0);
        sd = rows.get(1);
        w = rows.subList(2, rows.size()).toArray(double[][]::new);
    }

    @Override
    public Integer predict(List<Number> measurements) {
        if (measurements.size() != mean.length) {
            throw new IllegalArgumentException("a wine has " + mean.length + " measurements, got " + measurements.size());
        }
        double[] p = new double[w.length];
        double max = Double.NEGATIVE_INFINITY, sum = 0;
        for (int k = 0; k < w.length; k++) {
            p[k] = w[k][0];
            for (int j = 0; j < mean.length; j++) p[k] += w[k][j + 1] * (measurements.get(j).doubleValue() - mean[j]) / sd[j];
            max = Math.max(max, p[k]);
        }
        int best = 0;
        for (int k = 0; k < p.length; k++) { p[k] = Math.exp(p[k] - max); sum += p[k]; }
        for (int k = 0; k < p.length; k++) { p[k] /= sum; if (p[k] > p[best]) best = k; }
        return best;
    }
}
'''

nb5 = notebook([
    md("""
# 5. Serve a model and ask it for predictions

A notebook defines a `Predictor` (a class with `predict`, and `load` for the model file); `%fairing serve` serves it
with KServe's V1 and V2 REST protocols: in a child JVM on this machine here (`--backend local`), or in a container
(`podman`), or as a KServe InferenceService (`kubernetes`), with the same options. The server answers only once the
model loaded, exports Prometheus metrics at `/metrics`, and the deployment is recorded in the metadata store, linked to
the model it serves.
"""),
    code(LOAD),
    code(PARAMETERS, ["parameters"]),
    code(MODEL),
    code(TRACKING),
    md("Train on all the wines and save the model with its standardization, recording it as the run's output:"),
    code(TRAIN_ALL),
    code(SAVE_SERVED),
    md("""
## Serve it
With `%%fairing serve`, the cell's body is what is served (with the jars the session's `%maven` cells added): here a
`Predictor` that reads the model file `load` is given (`--model-uri`) and computes the softmax itself. The server
compiles it, loads the model, and only then reports ready.
"""),
    code(PREDICTOR),
    md("""
V1: one instance per wine, one prediction each. The first wine of the data set is of cultivar 0, the 69th of
cultivar 1, the last of cultivar 2.
"""),
    code("%fairing predict wine '[[14.23, 1.71, 2.43, 15.6, 127, 2.8, 3.06, 0.28, 2.29, 5.64, 1.04, 3.92, 1065], [13.34, 0.94, 2.36, 17, 110, 2.53, 1.3, 0.55, 0.42, 3.17, 1.02, 1.93, 750], [14.13, 4.1, 2.74, 24.5, 96, 2.05, 0.76, 0.56, 1.35, 9.2, 0.61, 1.6, 560]]'"),
    md("V2, the Open Inference Protocol: the same wines as one FP64 tensor of shape [3, 13]; the answer is an integer tensor."),
    code("%fairing predict wine --v2 --datatype FP64 '[[14.23, 1.71, 2.43, 15.6, 127, 2.8, 3.06, 0.28, 2.29, 5.64, 1.04, 3.92, 1065], [13.34, 0.94, 2.36, 17, 110, 2.53, 1.3, 0.55, 0.42, 3.17, 1.02, 1.93, 750], [14.13, 4.1, 2.74, 24.5, 96, 2.05, 0.76, 0.56, 1.35, 9.2, 0.61, 1.6, 560]]'"),
    md("A wine with a measurement missing is a clear error from the server (a V1 error body), and the server goes on:"),
    code("%fairing predict wine '[[14.23, 1.71]]'"),
    md("The deployment is a run in the store, with the model it serves as its input:"),
    code("%metadata lineage wine-served"),
    code("%fairing delete wine"),
])
# the bad request cell is expected to fail: tag it so that CI knows
for cell in nb5.cells:
    if cell.cell_type == "code" and "[[14.23, 1.71]]" in cell.source:
        cell.metadata["tags"] = ["raises-exception"]
write(nb5, out + "/05-serving.ipynb")

# the same predictor alone, for serving from the command line (bin/demo: jfairing serve deploy)
served = notebook([
    md("The wine predictor of notebook 5, alone: `jfairing serve deploy serving/wine-predictor.ipynb --name wine --model-uri MODEL`."),
    code(PREDICTOR.split("\n", 2)[2]),
])
import os
os.makedirs(out + "/serving", exist_ok=True)
write(served, out + "/serving/wine-predictor.ipynb")

nb6 = notebook([
    md("""
# 6. Compare runs and trace lineage

Everything the earlier notebooks did is in the metadata store: runs with their parameters and metrics, jobs with their
image digests and outcomes, sweeps and their trials, datasets and models with the runs that read and wrote them.
This notebook queries it with `%metadata` and with the Java API.
"""),
    md("## Runs\nThe filter language: `params.*`, `metrics.*`, `tags.*` and attributes, with `and`, comparisons and `IN`."),
    code('%metadata runs --experiment wine --filter "metrics.accuracy > 0.9" --order "metrics.loss ASC" -n 8'),
    md("The loss curves of the latest runs:"),
    code("%metadata plot loss --experiment wine -n 4"),
    md("## Compare\nThe Java API gives the same store: here, the two runs with the lowest loss, side by side."),
    code(r'''
import io.jfairing.metadata.*;

MetadataStore store = io.jfairing.extensions.Workspace.current().metadata();
List<RunInfo> best = store.searchRuns(RunQuery.builder().experiment("wine").filter("metrics.loss > 0")
        .orderBy("metrics.loss ASC").pageSize(2).build()).items();
List<Long> ids = best.stream().map(RunInfo::id).toList();
System.out.println("comparing runs " + ids);
markdown(store.compareRuns(ids).toMarkdown())
'''),
    md("`%metadata compare` does the same in a cell (the differing parameters first, marked *): by ids, or by a query:"),
    code('%metadata compare --experiment wine --filter "metrics.loss > 0" --order "metrics.loss ASC" -n 3'),
    md("## Lineage\nThe model notebook 1 saved: made by a run from the wine data set."),
    code("%metadata lineage wine-softmax --direction UPSTREAM"),
    md("And the data set: every run that read it, and what they made."),
    code("%metadata lineage wine --direction DOWNSTREAM --hops 2"),
])
write(nb6, out + "/06-compare-runs-and-lineage.ipynb")
