import nbformat as nbf

def md(text):
    return nbf.v4.new_markdown_cell(text.strip("\n"))

def code(text, tags=None):
    c = nbf.v4.new_code_cell(text.strip("\n"))
    if tags:
        c.metadata["tags"] = tags
    return c

def notebook(cells):
    nb = nbf.v4.new_notebook()
    nb.cells = cells
    nb.metadata["kernelspec"] = {"name": "java", "display_name": "Java (jfairing)", "language": "java"}
    nb.metadata["language_info"] = {"name": "java", "file_extension": ".jshell", "mimetype": "text/x-java-source"}
    return nb

def write(nb, path):
    # stable cell ids, so that regenerating an unchanged notebook changes nothing
    import os
    stem = os.path.basename(path).split(".")[0][:40]
    for i, cell in enumerate(nb.cells):
        cell["id"] = "%s-%02d" % (stem, i)
    nbf.validate(nb)
    with open(path, "w") as f:
        nbf.write(nb, f)

LOAD = r'''
import java.nio.file.*;
import java.util.*;

/** The wine data: 13 chemical measurements of each wine, and its cultivar (0, 1 or 2). */
record Wines(String[] columns, double[][] x, int[] y) {
    static Wines read(Path file) throws java.io.IOException {
        List<String> lines = Files.readAllLines(file);
        String[] header = lines.get(0).split(",");
        double[][] x = new double[lines.size() - 1][];
        int[] y = new int[lines.size() - 1];
        for (int i = 1; i < lines.size(); i++) {
            String[] fields = lines.get(i).split(",");
            x[i - 1] = Arrays.stream(fields, 0, fields.length - 1).mapToDouble(Double::parseDouble).toArray();
            y[i - 1] = Integer.parseInt(fields[fields.length - 1].trim());
        }
        return new Wines(Arrays.copyOf(header, header.length - 1), x, y);
    }
}

Wines wines = Wines.read(Path.of("data/wine.csv"));
System.out.printf("%d wines, %d measurements each, cultivars %s%n", wines.x().length, wines.columns().length,
        Arrays.toString(Arrays.stream(wines.y()).distinct().sorted().toArray()));
'''

PARAMETERS = r'''
// parameters
double learningRate = 0.5;
int epochs = 200;
long seed = 7;
'''

SPLIT = r'''
/** Training and test sets, each measurement standardized with the training set's mean and deviation. */
record Split(double[][] trainX, int[] trainY, double[][] testX, int[] testY) {
    static Split of(Wines w, double testFraction, long seed) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < w.y().length; i++) order.add(i);
        Collections.shuffle(order, new Random(seed));
        int nTest = (int) Math.round(order.size() * testFraction);
        List<Integer> test = order.subList(0, nTest), train = order.subList(nTest, order.size());
        int d = w.x()[0].length;
        double[] mean = new double[d], sd = new double[d];
        for (int i : train) for (int j = 0; j < d; j++) mean[j] += w.x()[i][j] / train.size();
        for (int i : train) for (int j = 0; j < d; j++) sd[j] += Math.pow(w.x()[i][j] - mean[j], 2) / train.size();
        for (int j = 0; j < d; j++) sd[j] = Math.sqrt(sd[j]);
        java.util.function.Function<Integer, double[]> scaled = i -> {
            double[] v = new double[d];
            for (int j = 0; j < d; j++) v[j] = (w.x()[i][j] - mean[j]) / sd[j];
            return v;
        };
        return new Split(train.stream().map(scaled).toArray(double[][]::new), train.stream().mapToInt(i -> w.y()[i]).toArray(),
                test.stream().map(scaled).toArray(double[][]::new), test.stream().mapToInt(i -> w.y()[i]).toArray());
    }
}

Split data = Split.of(wines, 0.3, seed);
System.out.printf("%d wines to train on, %d to test on%n", data.trainY().length, data.testY().length);
'''

MODEL = r'''
/** Multinomial logistic regression (softmax), trained by batch gradient descent. */
class SoftmaxRegression {
    final double[][] w; // a row per class: the bias, then a weight per measurement

    SoftmaxRegression(int classes, int features) { w = new double[classes][features + 1]; }

    SoftmaxRegression(double[][] weights) { w = weights; }

    double[] probabilities(double[] x) {
        double[] z = new double[w.length];
        double max = Double.NEGATIVE_INFINITY, sum = 0;
        for (int k = 0; k < w.length; k++) {
            z[k] = w[k][0];
            for (int j = 0; j < x.length; j++) z[k] += w[k][j + 1] * x[j];
            max = Math.max(max, z[k]);
        }
        for (int k = 0; k < z.length; k++) { z[k] = Math.exp(z[k] - max); sum += z[k]; }
        for (int k = 0; k < z.length; k++) z[k] /= sum;
        return z;
    }

    int predict(double[] x) {
        double[] p = probabilities(x);
        int best = 0;
        for (int k = 1; k < p.length; k++) if (p[k] > p[best]) best = k;
        return best;
    }

    /** Fills {@code grad} with the gradient of the mean cross-entropy over (x, y) and returns that loss. */
    double gradient(double[][] x, int[] y, double[][] grad) {
        double loss = 0;
        for (double[] g : grad) Arrays.fill(g, 0);
        for (int i = 0; i < x.length; i++) {
            double[] p = probabilities(x[i]);
            loss -= Math.log(Math.max(p[y[i]], 1e-12));
            for (int k = 0; k < w.length; k++) {
                double error = p[k] - (k == y[i] ? 1 : 0);
                grad[k][0] += error;
                for (int j = 0; j < x[i].length; j++) grad[k][j + 1] += error * x[i][j];
            }
        }
        for (double[] g : grad) for (int j = 0; j < g.length; j++) g[j] /= x.length;
        return loss / x.length;
    }

    void step(double[][] grad, double learningRate) {
        for (int k = 0; k < w.length; k++) for (int j = 0; j < w[k].length; j++) w[k][j] -= learningRate * grad[k][j];
    }

    /** One epoch: a gradient step over the whole training set; returns the loss before the step. */
    double train(double[][] x, int[] y, double learningRate) {
        double[][] grad = new double[w.length][w[0].length];
        double loss = gradient(x, y, grad);
        step(grad, learningRate);
        return loss;
    }

    double accuracy(double[][] x, int[] y) {
        int right = 0;
        for (int i = 0; i < x.length; i++) if (predict(x[i]) == y[i]) right++;
        return (double) right / x.length;
    }

    void save(Path file) throws java.io.IOException {
        List<String> lines = new ArrayList<>();
        for (double[] row : w) lines.add(Arrays.stream(row).mapToObj(Double::toString).collect(java.util.stream.Collectors.joining(",")));
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, lines);
    }

    static SoftmaxRegression load(Path file) throws java.io.IOException {
        return new SoftmaxRegression(Files.readAllLines(file).stream()
                .map(line -> Arrays.stream(line.split(",")).mapToDouble(Double::parseDouble).toArray()).toArray(double[][]::new));
    }
}
'''

TRACKING = r'''
import io.jfairing.metadata.*;
import io.jfairing.runtime.runner.TrainingContext;

/** The data set, as runs record it: the same artifact wherever the file was read. */
final Dataset WINE_DATA = Dataset.builder().name("wine").uri("https://archive.ics.uci.edu/dataset/109/wine")
        .version("1988").description("data/wine.csv: 178 wines, 13 measurements, 3 cultivars").build();

/**
 * The run this code logs into: in the notebook, a new run; in a job that can reach the store, the job's own run;
 * in a container of its own (no store given), a store in its working folder.
 */
Run openRun(String name) {
    TrainingContext job = TrainingContext.current();
    if (job.metadataUri().isPresent() && job.runId().isPresent()) {
        return MetadataStore.connect(job.metadataUri().get()).attachRun(job.runId().get());
    }
    MetadataStore store = job.jobName().isPresent() ? MetadataStore.open(Path.of("metadata.db")) : MetadataStore.fromEnvironment();
    return store.startRun("wine", name);
}
'''

TRAIN = r'''
Run run = openRun("softmax lr=" + learningRate + " epochs=" + epochs);
run.logParam("learning_rate", learningRate).logParam("epochs", epochs).logParam("seed", seed);
run.logInput(WINE_DATA);

SoftmaxRegression model = new SoftmaxRegression(3, data.trainX()[0].length);
double loss = Double.NaN;
for (int epoch = 1; epoch <= epochs; epoch++) {
    loss = model.train(data.trainX(), data.trainY(), learningRate);
    if (epoch % 10 == 0 || epoch == epochs) run.logMetric("loss", loss, epoch);
}
double accuracy = model.accuracy(data.testX(), data.testY());
run.logMetric("accuracy", accuracy);
// name=value lines on stdout: what a tuning sweep reads (as Katib's metrics collector does)
TrainingContext.current().reportMetric("accuracy", accuracy);
TrainingContext.current().reportMetric("loss", loss);
'''

SAVE = r'''
Path modelFile = Path.of("models/wine-softmax.txt");
model.save(modelFile);
run.logOutput(io.jfairing.metadata.Model.builder().name("wine-softmax").uri(modelFile.toAbsolutePath().toString())
        .framework("plain Java").hyperparameter("learning_rate", learningRate).hyperparameter("epochs", epochs).build());
run.close();
System.out.printf("test accuracy %.3f, recorded as run %d%n", accuracy, run.id());
'''
