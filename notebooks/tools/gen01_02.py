import sys; sys.path.insert(0, __import__("os").path.dirname(__file__))
from onboarding_cells import *
out = sys.argv[1]

nb1 = notebook([
    md("""
# 1. Train a model and track it

This notebook trains a classifier on real data that ships with the repository, the
[UCI wine data set](data/README.md): 178 wines from three cultivars, 13 chemical measurements each. Every parameter,
metric, dataset and model goes into jfairing's metadata store, so that you can find, compare and trace it later.

Everything runs on embedded defaults: the store is a SQLite file (`~/.jfairing/metadata.db`, or `$JFAIRING_HOME`).
"""),
    md("Runs are grouped into experiments; this project's runs go into `wine` (saved in `.jfairing/config.properties`)."),
    code("%fairing config experiment=wine"),
    md("## The data\nRead the CSV into arrays: one row of measurements per wine, and its cultivar."),
    code(LOAD),
    code(r'''
List<String> header = new ArrayList<>(List.of(wines.columns()));
header.add("cultivar");
List<List<Object>> rows = new ArrayList<>();
for (int i = 0; i < 5; i++) {
    List<Object> row = new ArrayList<>();
    for (double v : wines.x()[i]) row.add(v);
    row.add(wines.y()[i]);
    rows.add(row);
}
table(header, rows)
'''),
    md("""
## Parameters
The cell tagged `parameters` (its first line says so too) holds the knobs of the training. When this notebook
runs as a job, `%fairing train -p epochs=100` replaces them, and a tuning sweep sets them trial by trial.
"""),
    code(PARAMETERS, ["parameters"]),
    md("Hold out 30% of the wines for testing, and standardize each measurement with the training set's statistics."),
    code(SPLIT),
    md("## The model\nA softmax (multinomial logistic) regression in plain Java, trained by batch gradient descent."),
    code(MODEL),
    md("""
## Train and track
`openRun` decides where the run goes: a new run when you run the notebook, the job's run when the notebook runs as a
job (the job's replicas get `JFAIRING_RUN_ID` and `JFAIRING_METADATA_URI`). The loss is logged every 10 epochs; the
test accuracy at the end; the data set as the run's input and the saved model as its output, which gives lineage.
"""),
    code(TRACKING),
    code(TRAIN),
    code(SAVE),
    md("## What the store now holds\nThe runs of the `wine` experiment, newest first, and the loss curve of the latest ones."),
    code("%metadata runs --experiment wine -n 5"),
    code("%metadata plot loss --experiment wine -n 3"),
    md("A quick note for later goes into the notebook's own run:"),
    code('%metadata log baseline_accuracy=' + "0.0" + ' --note "first softmax model on the wine data"'),
])
# the note cell logs a constant; replace with the real accuracy through the Java API instead
nb1.cells[-1] = code('''
// the same as %metadata log, from Java: the notebook's own run
io.jfairing.extensions.Workspace.current().notebookRun().logMetric("baseline_accuracy", accuracy).setTag("jfairing.note", "first softmax model on the wine data");
"noted in run " + io.jfairing.extensions.Workspace.current().notebookRun().id()
''')
write(nb1, out + "/01-train-and-track.ipynb")

nb2 = notebook([
    md("""
# 2. Build an image and run it in a container

The same training as in notebook 1, now packaged: `%fairing build` turns the cells this session ran into a
container image with Jib (no Docker daemon) and pushes it to a registry; `%fairing train --backend podman` runs that
image with podman. With no registry configured, jfairing starts one of its own on 127.0.0.1 and makes a Java base
image there from this machine's JDK (once).

`%fairing config` shows the project's settings; `%fairing config backend=podman` would make podman the default.
"""),
    code("%fairing config experiment=wine"),
    md("The training code, as in notebook 1 (it runs here first, quickly, which is how you would develop it):"),
    code(LOAD),
    code(PARAMETERS, ["parameters"]),
    code(SPLIT),
    code(MODEL),
    code(TRACKING),
    code(TRAIN),
    code(SAVE),
    md("""
## Build
The image has a layer for the dependency jars, one for jfairing's runner, one for the compiled cells and one for the
input files: after editing a cell, a rebuild pushes only the small code layer. The `%fairing` and `%metadata` cells
are left out of the image.
"""),
    code("%fairing build --inputs data/wine.csv"),
    md("""
## Train in a container
The job runs the image's cells in order, with `epochs` set to 100 in place of the parameters cell's value. The
container's log lines stream here, each prefixed by its replica; the status line above them changes in place.
"""),
    code("%fairing train --backend podman --inputs data/wine.csv --name wine-container -p epochs=100 --cpu 1 --memory 512Mi"),
    code("%fairing status wine-container --backend podman"),
    md("The job's run (parameters, image digest, outcome) is in the store; the container is removed with:"),
    code("%fairing delete wine-container --backend podman"),
    code("%metadata runs --experiment wine -n 3"),
])
write(nb2, out + "/02-build-and-run-in-a-container.ipynb")
