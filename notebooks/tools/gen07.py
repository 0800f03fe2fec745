import sys; sys.path.insert(0, __import__("os").path.dirname(__file__))
from onboarding_cells import *
out = sys.argv[1]

NB = "07-pipelines.ipynb"

nb7 = notebook([
    md("""
# 7. A notebook as a pipeline of steps

The cells of this notebook run as usual in the kernel, top to bottom. Their **tags** (in the manner of Kale) also make
them a pipeline: `imports` and `functions` cells run in every step, `pipeline-parameters` declares the parameters,
`step:NAME` starts a step and `prev:A,B` runs it after others, `pipeline-metrics` names the metrics, and `skip`
leaves a cell out. A cell can also start with `%%fairing step NAME --after A,B`.

jfairing finds what each step reads from the steps before it (compiling the cells with JShell): numbers, strings and
lists travel as Kubeflow Pipelines parameters, records and `Path`s as artifacts (JSON and files). The pipeline here:
load → features → two trainings in parallel → evaluate and pick the best → serve.
"""),
    code(r'''
import java.nio.file.*;
import java.util.*;
''', ["imports"]),
    code(r'''
/** Standardized measurements of each wine and its cultivar, with the means and deviations to standardize new ones. */
record Features(double[][] x, int[] y, double[] mean, double[] sd) {}

/** The class a linear model (a row of weights per class, bias last) gives a standardized row. */
int predict(double[][] w, double[] row) {
    int best = 0;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < w.length; k++) {
        double s = w[k][row.length];
        for (int j = 0; j < row.length; j++) s += w[k][j] * row[j];
        if (s > bestScore) { bestScore = s; best = k; }
    }
    return best;
}

double accuracy(double[][] w, Features f) {
    int right = 0;
    for (int i = 0; i < f.x().length; i++) if (predict(w, f.x()[i]) == f.y()[i]) right++;
    return (double) right / f.x().length;
}
''', ["functions"]),
    code(r'''
Path data = Path.of("data/wine.csv");
double learningRate = 0.5;
int epochs = 50;
String failAt = "";
''', ["pipeline-parameters"]),
    md("## Load, then features"),
    code(r'''
List<String> rows = Files.readAllLines(data).subList(1, 179);
System.out.println(rows.size() + " wines");
''', ["step:load"]),
    code(r'''
int d = rows.get(0).split(",").length - 1;
double[][] raw = rows.stream().map(r -> Arrays.stream(r.split(","), 0, d).mapToDouble(Double::parseDouble).toArray())
        .toArray(double[][]::new);
int[] labels = rows.stream().mapToInt(r -> Integer.parseInt(r.split(",")[d].trim())).toArray();
double[] mean = new double[d], sd = new double[d];
for (double[] r : raw) for (int j = 0; j < d; j++) mean[j] += r[j] / raw.length;
for (double[] r : raw) for (int j = 0; j < d; j++) sd[j] += Math.pow(r[j] - mean[j], 2) / raw.length;
for (int j = 0; j < d; j++) sd[j] = Math.sqrt(sd[j]);
Features features = new Features(
        Arrays.stream(raw).map(r -> { double[] v = new double[d]; for (int j = 0; j < d; j++) v[j] = (r[j] - mean[j]) / sd[j]; return v; })
                .toArray(double[][]::new),
        labels, mean, sd);
System.out.println("features of " + features.x().length + " wines");
''', ["step:features", "prev:load"]),
    md("## Two trainings, in parallel"),
    code(r'''
%%fairing step train-softmax --after features
if (failAt.equals("train-softmax")) throw new IllegalStateException("train-softmax was asked to fail");
int dims = features.x()[0].length;
double[][] softmax = new double[3][dims + 1];
for (int epoch = 0; epoch < epochs; epoch++) {
    for (int i = 0; i < features.x().length; i++) {
        double[] row = features.x()[i];
        double[] p = new double[3];
        double sum = 0;
        for (int k = 0; k < 3; k++) { double s = softmax[k][dims]; for (int j = 0; j < dims; j++) s += softmax[k][j] * row[j]; p[k] = Math.exp(s); sum += p[k]; }
        for (int k = 0; k < 3; k++) {
            double g = p[k] / sum - (features.y()[i] == k ? 1 : 0);
            for (int j = 0; j < dims; j++) softmax[k][j] -= learningRate * g * row[j] / features.x().length;
            softmax[k][dims] -= learningRate * g / features.x().length;
        }
    }
}
double softmaxAccuracy = accuracy(softmax, features);
System.out.printf("softmax accuracy %.3f%n", softmaxAccuracy);
'''),
    code(r'''
// nearest centroid, as a linear model: w_k = c_k, bias_k = -|c_k|^2 / 2
int n = features.x()[0].length;
double[][] centroid = new double[3][n + 1];
int[] count = new int[3];
for (int i = 0; i < features.x().length; i++) { count[features.y()[i]]++; for (int j = 0; j < n; j++) centroid[features.y()[i]][j] += features.x()[i][j]; }
for (int k = 0; k < 3; k++) { double norm = 0; for (int j = 0; j < n; j++) { centroid[k][j] /= count[k]; norm += centroid[k][j] * centroid[k][j]; } centroid[k][n] = -norm / 2; }
double centroidAccuracy = accuracy(centroid, features);
System.out.printf("nearest-centroid accuracy %.3f%n", centroidAccuracy);
''', ["step:train-centroid", "prev:features"]),
    md("## Evaluate and pick the best, then serve it"),
    code(r'''
String best = softmaxAccuracy >= centroidAccuracy ? "softmax" : "centroid";
double[][] weights = best.equals("softmax") ? softmax : centroid;
Path model = Files.createTempFile("wine-model", ".txt");
List<String> lines = new ArrayList<>();
for (double[] r : List.of(features.mean(), features.sd())) lines.add(Arrays.toString(r));
for (double[] r : weights) lines.add(Arrays.toString(r));
Files.write(model, lines);
System.out.println("best: " + best);
''', ["step:evaluate", "prev:train-softmax", "prev:train-centroid"]),
    code(r'''
// the served predictor: reads the model file as a model server would, and answers for three wines
List<double[]> m = Files.readAllLines(model).stream()
        .map(l -> Arrays.stream(l.substring(1, l.length() - 1).split(",")).mapToDouble(s -> Double.parseDouble(s.trim())).toArray())
        .toList();
double[][] served = m.subList(2, m.size()).toArray(double[][]::new);
int[] answers = new int[3];
for (int i = 0; i < 3; i++) {
    String[] f = rows.get(i * 60).split(",");
    double[] x = new double[f.length - 1];
    for (int j = 0; j < x.length; j++) x[j] = (Double.parseDouble(f[j]) - m.get(0)[j]) / m.get(1)[j];
    answers[i] = predict(served, x);
}
Path servedModel = model;
System.out.println("served model answers " + Arrays.toString(answers));
''', ["step:serve", "prev:evaluate"]),
    code(r'''
// the pipeline's metrics: the variables of steps this cell uses
System.out.printf("softmax %.3f, nearest centroid %.3f%n", softmaxAccuracy, centroidAccuracy);
''', ["pipeline-metrics"]),
    md("""
## Compile, run, run again, fail

`%fairing pipeline compile` writes the Kubeflow Pipelines v2 IR beside the notebook (`jfairing pipeline submit
--host ...` starts it on Kubeflow). `%fairing pipeline run` runs it here: each step a child JVM, the two trainings
at once, each step recorded in the metadata store with what it read and wrote. Run it again and every step comes
from the cache. A failing step stops the run and is named.
"""),
    code("%fairing pipeline compile " + NB, ["skip"]),
    code("%fairing pipeline run " + NB, ["skip"]),
    code("%fairing pipeline run " + NB, ["skip"]),
    code("%fairing pipeline run " + NB + " -p failAt=train-softmax", ["skip", "raises-exception"]),
    code("%fairing pipeline logs train-softmax", ["skip"]),
    md("The served model's lineage goes back through every step to the wine data set:"),
    code("%metadata lineage serve.servedModel --direction UPSTREAM --hops 20", ["skip"]),
])
write(nb7, out + "/" + NB)
